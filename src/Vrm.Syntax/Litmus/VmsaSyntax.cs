namespace Vrm.Syntax.Litmus;

// The page-table (VMSA) forms of herd's litmus format, as herd7 reads them with -variant vmsa.

/// <summary>
/// The page-table entry of a variable as a location: <c>PTE(x)</c>, <c>[PTE(x)]</c> or <c>pte_x</c> (level 3);
/// in a test with <c>Levels=4</c> also the table entries on its walk, vrm's extension with Linux's names:
/// <c>PMD(x)</c> (level 2), <c>PUD(x)</c> (level 1), <c>PGD(x)</c> (level 0).
/// </summary>
public sealed record PteRef(string Variable, SourcePos Pos) : LocationRef(Pos)
{
    /// <summary>The translation level of the entry, 0 (the root table) to 3 (the page).</summary>
    public int Level { get; init; } = 3;

    public static readonly string[] LevelNames = ["PGD", "PUD", "PMD", "PTE"];

    public static int? LevelOf(string name) => Array.IndexOf(LevelNames, name) is int i and >= 0 ? i : null;

    /// <summary>For a stage-2 entry <c>S2PTE(x,v)</c>: the VMID of the virtual machine whose table it is; null for stage 1.</summary>
    public int? Vmid { get; init; }

    public override string ToString() => Vmid is int v ? $"[S2PTE({Variable},{v})]" : $"[{LevelNames[Level]}({Variable})]";
}

/// <summary>The base address of the level-<see cref="Level"/> translation table, <c>TABLE(3)</c>: what a table descriptor's <c>oa</c> names.</summary>
public sealed record TableValue(int Level, SourcePos Pos) : ValueSyntax(Pos);

/// <summary>
/// A fault atom: <c>fault(P0)</c>, <c>fault(P0:L0,x)</c>, <c>fault(P0,x,MMU:Translation)</c>; herd also reads
/// <c>Fault</c>. The faulting location is a variable or a page-table entry; the type is herd's name, such as
/// <c>MMU:Permission</c>. As a location (in <c>locations [...]</c>) it asks for the fault to be shown.
/// </summary>
public sealed record FaultRef(int Thread, string? Label, LocationRef? Location, string? Type, SourcePos Pos) : LocationRef(Pos)
{
    public override string ToString() =>
        $"fault(P{Thread}{(Label is null ? "" : ":" + Label)}{Location switch { MemoryRef m => "," + m.Name, PteRef p => $",{PteRef.LevelNames[p.Level]}({p.Variable})", _ => "" }}{(Type is null ? "" : "," + Type)})";
}

/// <summary>The address of a variable's page-table entry as a value: <c>PTE(x)</c> or <c>pte_x</c> (and <c>PMD(x)</c>... with <c>Levels=</c>).</summary>
public sealed record PteAddressValue(string Variable, SourcePos Pos) : ValueSyntax(Pos)
{
    /// <summary>The translation level of the entry, as in <see cref="PteRef.Level"/>.</summary>
    public int Level { get; init; } = 3;

    /// <summary>The VMID of a stage-2 entry <c>S2PTE(x,v)</c>, as in <see cref="PteRef.Vmid"/>.</summary>
    public int? Vmid { get; init; }
}

/// <summary>The physical address of a variable: <c>PA(x)</c> or <c>phy_x</c>.</summary>
public sealed record PhysicalValue(string Variable, SourcePos Pos) : ValueSyntax(Pos);

/// <summary>One <c>name:value</c> field of a page-table entry value; <c>oa</c> holds an address, the others 0 or 1.</summary>
public sealed record DescriptorField(string Name, ValueSyntax Value, SourcePos Pos);

/// <summary>A page-table entry value <c>(oa:PA(x), valid:0, af:1, db:0, dbm:1, el0:1)</c>; omitted fields take herd's defaults.</summary>
public sealed record DescriptorValue(IReadOnlyList<DescriptorField> Fields, SourcePos Pos) : ValueSyntax(Pos)
{
    /// <summary>The fields herd knows, in the order it prints them.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["oa", "af", "db", "dbm", "valid", "el0", "ng", "read", "write"];

    /// <summary>A stage-2 descriptor (vrm's extension): it names the stage-2 permissions <c>read</c> or <c>write</c> (S2AP).</summary>
    public bool IsStage2 => Fields.Any(f => f.Name is "read" or "write");

    public DescriptorField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>A fault atom used as a proposition of a condition or filter.</summary>
public sealed record FaultProp(FaultRef Fault, SourcePos Pos) : Prop(Pos);

/// <summary>One hardware-update flag of the <c>TTHM</c> header: <c>HA</c> (access flag) or <c>HD</c> (dirty bit), for all threads or one (<c>P0:HA</c>).</summary>
public sealed record HardwareUpdateSyntax(int? Thread, string Flag, SourcePos Pos);
