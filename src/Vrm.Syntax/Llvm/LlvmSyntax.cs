namespace Vrm.Syntax.Llvm;

/// <summary>An LLVM IR type as clang 14 prints it (typed pointers; opaque <c>ptr</c> is read too).</summary>
public abstract record LType;

public sealed record IntType(int Bits) : LType;

/// <summary>A pointer; <see cref="Pointee"/> is null for the opaque <c>ptr</c>.</summary>
public sealed record PtrType(LType? Pointee) : LType;

public sealed record ArrayType(long Count, LType Element) : LType;

public sealed record StructType(IReadOnlyList<LType> Fields, bool Packed) : LType;

/// <summary>A reference to a named type such as <c>%struct.node</c>, resolved through <see cref="Module.Types"/>.</summary>
public sealed record NamedType(string Name) : LType;

public sealed record VoidType : LType;

public sealed record FunctionType(LType Return, IReadOnlyList<LType> Params, bool VarArg) : LType;

/// <summary>Any type the lowering does not model (float, double, vectors, metadata, label, opaque): kept by name so errors can name it.</summary>
public sealed record OtherType(string Text) : LType;

/// <summary>An operand: a local or global name, a constant, or a constant expression.</summary>
public abstract record LValue;

/// <summary>A local value or block: <c>%3</c> or <c>%x</c>, stored without the sigil (numbered values as their number).</summary>
public sealed record LocalRef(string Name) : LValue;

/// <summary>A global variable or function: <c>@x</c>, stored without the sigil.</summary>
public sealed record GlobalRef(string Name) : LValue;

/// <summary>An integer constant; <c>true</c>/<c>false</c> are 1 and 0.</summary>
public sealed record IntConst(long Value) : LValue;

public sealed record NullConst : LValue;

/// <summary><c>undef</c> or <c>poison</c>.</summary>
public sealed record UndefConst(bool Poison) : LValue;

public sealed record ZeroInitConst : LValue;

/// <summary>A struct <c>{ ... }</c> or array <c>[ ... ]</c> constant.</summary>
public sealed record AggregateConst(IReadOnlyList<TypedValue> Elements) : LValue;

/// <summary>A <c>c"..."</c> byte-string constant, escapes decoded.</summary>
public sealed record StringConst(byte[] Bytes) : LValue;

/// <summary>A constant expression: a getelementptr or cast (or other instruction form) with constant operands.</summary>
public sealed record ConstExpr(LInstr Expr) : LValue;

/// <summary>The callee of <c>call void asm sideeffect "dmb ish", "~{memory}"()</c>.</summary>
public sealed record InlineAsm(string Asm, string Constraints, bool SideEffect) : LValue;

/// <summary>A metadata argument of an intrinsic call (<c>metadata i32 %x</c>, <c>metadata !12</c>); the lowering ignores it.</summary>
public sealed record MetadataArg(string Text) : LValue;

/// <summary>A constant vrm does not model (a floating-point literal, <c>blockaddress</c>, ...), kept as written.</summary>
public sealed record OtherConst(string Text) : LValue;

public sealed record TypedValue(LType Type, LValue Value);

/// <summary>
/// One instruction. <see cref="Result"/> is the name it defines (numbered values by number, without '%'),
/// <see cref="DebugId"/> the <c>!dbg !N</c> attachment (-1 if none), <see cref="Pos"/> its place in the .ll file.
/// </summary>
public abstract record LInstr
{
    public string? Result { get; init; }

    public int DebugId { get; init; } = -1;

    public SourcePos Pos { get; init; }

    /// <summary>The <c>syncscope("...")</c> of an atomic load, store, RMW, cmpxchg or fence; null for the default (system) scope.</summary>
    public string? SyncScope { get; init; }
}

/// <summary>add, sub, mul, udiv, sdiv, urem, srem, shl, lshr, ashr, and, or, xor (flags nsw/nuw/exact dropped).</summary>
public sealed record BinaryInstr(string Op, LType Type, LValue Left, LValue Right) : LInstr;

/// <summary>icmp with predicate eq, ne, ugt, uge, ult, ule, sgt, sge, slt, sle.</summary>
public sealed record ICmpInstr(string Pred, LType Type, LValue Left, LValue Right) : LInstr;

/// <summary>trunc, zext, sext, bitcast, ptrtoint, inttoptr, addrspacecast.</summary>
public sealed record CastInstr(string Op, TypedValue Value, LType To) : LInstr;

public sealed record SelectInstr(TypedValue Cond, TypedValue IfTrue, TypedValue IfFalse) : LInstr;

public sealed record PhiInstr(LType Type, IReadOnlyList<PhiIncoming> Incoming) : LInstr;

public sealed record PhiIncoming(LValue Value, string Block);

public sealed record FreezeInstr(TypedValue Value) : LInstr;

public sealed record AllocaInstr(LType Type, TypedValue? Count) : LInstr;

/// <summary>A load; <see cref="Ordering"/> is null unless <c>load atomic</c> (unordered, monotonic, acquire, seq_cst).</summary>
public sealed record LoadInstr(LType Type, TypedValue Ptr, bool Volatile, string? Ordering) : LInstr;

public sealed record StoreInstr(TypedValue Value, TypedValue Ptr, bool Volatile, string? Ordering) : LInstr;

public sealed record GetElementPtrInstr(LType SourceType, TypedValue Base, IReadOnlyList<TypedValue> Indices, bool Inbounds) : LInstr;

public sealed record CmpXchgInstr(TypedValue Ptr, TypedValue Expected, TypedValue New, string SuccessOrdering, string FailureOrdering, bool Weak, bool Volatile) : LInstr;

/// <summary>atomicrmw xchg, add, sub, and, nand, or, xor, max, min, umax, umin.</summary>
public sealed record AtomicRmwInstr(string Op, TypedValue Ptr, TypedValue Value, string Ordering, bool Volatile) : LInstr;

public sealed record FenceInstr(string Ordering) : LInstr;

public sealed record ExtractValueInstr(TypedValue Aggregate, IReadOnlyList<int> Indices) : LInstr;

public sealed record InsertValueInstr(TypedValue Aggregate, TypedValue Element, IReadOnlyList<int> Indices) : LInstr;

/// <summary>A call; <see cref="Callee"/> is a <see cref="GlobalRef"/>, an <see cref="InlineAsm"/> or a local (indirect call).</summary>
public sealed record CallInstr(LType ReturnType, LValue Callee, IReadOnlyList<TypedValue> Args) : LInstr;

public sealed record BrInstr(string Target) : LInstr;

public sealed record CondBrInstr(LValue Cond, string IfTrue, string IfFalse) : LInstr;

public sealed record SwitchInstr(TypedValue Value, string Default, IReadOnlyList<SwitchCase> Cases) : LInstr;

public sealed record SwitchCase(long Value, string Target);

public sealed record RetInstr(TypedValue? Value) : LInstr;

public sealed record UnreachableInstr : LInstr;

/// <summary>An instruction the reader recognises but vrm does not model (invoke, va_arg, fadd, ...): the lowering names it when reached.</summary>
public sealed record UnsupportedInstr(string Opcode, string Text) : LInstr;

public sealed record Block(string Label, IReadOnlyList<LInstr> Instrs);

public sealed record Param(LType Type, string Name);

/// <summary>A function definition (with blocks) or declaration (no blocks).</summary>
public sealed record Function(string Name, LType ReturnType, IReadOnlyList<Param> Params, IReadOnlyList<Block> Blocks, string? Section, int DebugId, SourcePos Pos)
{
    public bool IsDeclaration => Blocks.Count == 0;
}

/// <summary>A global variable; <see cref="Init"/> is null for an external declaration.</summary>
public sealed record Global(string Name, LType Type, LValue? Init, bool Constant, string? Section, SourcePos Pos)
{
    /// <summary><c>thread_local</c> (C's <c>_Thread_local</c>, <c>__thread</c>): every thread has its own copy.</summary>
    public bool ThreadLocal { get; init; }
}

/// <summary>A C source position resolved from <c>!DILocation</c> through its scope to the <c>!DIFile</c> (a relative file name joined to its directory).</summary>
public sealed record DebugLocation(string File, int Line, int Column);

/// <summary>
/// A whole module. <see cref="Locations"/> maps the metadata number of each DILocation (and of each
/// DISubprogram, to its line) to a C position, so instructions and functions can name their C source line.
/// </summary>
public sealed record Module(
    string File,
    string? SourceFileName,
    string? TargetTriple,
    IReadOnlyDictionary<string, LType> Types,
    IReadOnlyList<Global> Globals,
    IReadOnlyList<Function> Functions,
    IReadOnlyDictionary<int, DebugLocation> Locations);
