namespace Vrm.Syntax.Litmus;

/// <summary>A location named in an init block or a condition: a thread's register or a memory location.</summary>
public abstract record LocationRef(SourcePos Pos);

public sealed record RegisterRef(int Thread, string Register, SourcePos Pos) : LocationRef(Pos)
{
    public override string ToString() => $"{Thread}:{Register}";
}

public sealed record MemoryRef(string Name, SourcePos Pos) : LocationRef(Pos)
{
    public override string ToString() => $"[{Name}]";
}

/// <summary>A value in an init block or condition: a number, a location's address, or a code label.</summary>
public abstract record ValueSyntax(SourcePos Pos);

public sealed record IntValue(long Value, SourcePos Pos) : ValueSyntax(Pos);

public sealed record SymbolValue(string Name, SourcePos Pos) : ValueSyntax(Pos);

public sealed record LabelValue(string Thread, string Label, SourcePos Pos) : ValueSyntax(Pos);

/// <summary>One entry of the init block, such as <c>0:X1=x</c>, <c>x=1</c> or <c>uint64_t y</c>.</summary>
public sealed record InitEntry(LocationRef Target, ValueSyntax? Value, string? TypeName, SourcePos Pos)
{
    /// <summary>For <c>int64_t x[16]</c>, the number of cells (0 for a scalar).</summary>
    public int ArrayLength { get; init; }

    /// <summary>For <c>int x[2]={1,2}</c>, the initial values of the cells.</summary>
    public IReadOnlyList<ValueSyntax> ArrayInit { get; init; } = [];
}

public abstract record Prop(SourcePos Pos);

public sealed record TrueProp(SourcePos Pos) : Prop(Pos);

public sealed record FalseProp(SourcePos Pos) : Prop(Pos);

public sealed record AtomProp(LocationRef Location, bool Equal, ValueSyntax Value, SourcePos Pos) : Prop(Pos);

public sealed record NotProp(Prop Operand, SourcePos Pos) : Prop(Pos);

public sealed record AndProp(Prop Left, Prop Right, SourcePos Pos) : Prop(Pos);

public sealed record OrProp(Prop Left, Prop Right, SourcePos Pos) : Prop(Pos);

public sealed record ImpliesProp(Prop Left, Prop Right, SourcePos Pos) : Prop(Pos);

public enum Quantifier { Exists, NotExists, Forall, Final }

public sealed record ConditionSyntax(Quantifier Quantifier, Prop Prop, SourcePos Pos);

/// <summary>One operand of an assembly instruction, before the instruction grammar gives it a meaning.</summary>
public abstract record Operand(SourcePos Pos);

public sealed record RegOperand(string Name, SourcePos Pos) : Operand(Pos);

public sealed record ImmOperand(long Value, SourcePos Pos) : Operand(Pos);

/// <summary><c>[Xn]</c>, <c>[Xn,#imm]</c>, <c>[Xn,Xm]</c>, <c>[Xn,Wm,SXTW]</c>, <c>[Xn,Xm,LSL #s]</c>.</summary>
public sealed record MemOperand(string Base, Operand? Offset, ModifierOperand? Modifier, SourcePos Pos, bool PreIndex = false) : Operand(Pos);

/// <summary>A shift or extend such as <c>LSL #3</c> or <c>SXTW</c>.</summary>
public sealed record ModifierOperand(string Kind, long Amount, SourcePos Pos) : Operand(Pos);

/// <summary>A label, condition code or barrier option: any bare word that is not a register.</summary>
public sealed record NameOperand(string Name, SourcePos Pos) : Operand(Pos);

public sealed record InstructionSyntax(string Mnemonic, IReadOnlyList<Operand> Operands, SourcePos Pos)
{
    public override string ToString() => Mnemonic;
}

/// <summary>One cell of the thread table: an optional label and an optional instruction.</summary>
public sealed record CodeLine(string? Label, InstructionSyntax? Instruction, SourcePos Pos);

public sealed record ThreadSyntax(int Index, string Name, IReadOnlyList<CodeLine> Lines, SourcePos Pos)
{
    /// <summary>A fault-handler column such as <c>P1.F</c>: the code thread <see cref="Index"/> runs when it takes a fault (VMSA tests).</summary>
    public bool IsFaultHandler { get; init; }
}

public sealed record LitmusTest(
    string File,
    string Arch,
    string Name,
    string? Doc,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    IReadOnlyList<InitEntry> Init,
    IReadOnlyList<ThreadSyntax> Threads,
    IReadOnlyList<LocationRef> Locations,
    Prop? Filter,
    ConditionSyntax Condition)
{
    /// <summary>What the <c>Variant=</c> metadata lines declare (<c>vmsa</c>, <c>precise</c>, <c>fatal</c>...).</summary>
    public Variant Variants { get; init; }

    /// <summary>The <c>TTHM=</c> header: which threads update access flags (HA) and dirty bits (HD) in hardware.</summary>
    public IReadOnlyList<HardwareUpdateSyntax> HardwareUpdates { get; init; } = [];

    /// <summary>The threads the <c>EL0=</c> header runs at EL0 (the others run at EL1).</summary>
    public IReadOnlyList<int> El0Threads { get; init; } = [];

    /// <summary>vrm's <c>Levels=</c> header: translation levels a walk reads, ending at level 3 (herd's tests: 1).</summary>
    public int Levels { get; init; } = 1;

    /// <summary>vrm's <c>VM=P1:1 P2:2</c> header: threads that run in a virtual machine, with its VMID (stage-2 translation).</summary>
    public IReadOnlyList<(int Thread, int Vmid)> VmThreads { get; init; } = [];
}
