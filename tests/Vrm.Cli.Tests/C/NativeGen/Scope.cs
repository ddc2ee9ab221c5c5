namespace Vrm.Cli.Tests.C.NativeGen;

/// <summary>
/// A variable in scope. One of: a scalar (<see cref="Dims"/> empty), an array of <see cref="Type"/>, a struct, the
/// union, a pointer to <see cref="Type"/> with <see cref="Ahead"/> elements in bounds from where it points, or a
/// pointer to a struct.
/// </summary>
internal sealed record Var(string Name, CType Type, bool Global, bool Writable)
{
    public int[] Dims { get; init; } = [];

    public StructDef? Struct { get; init; }

    public bool IsUnion { get; init; }

    public int Ahead { get; init; }

    public bool IsStructPointer { get; init; }

    public bool IsScalar => Dims.Length == 0 && Struct is null && !IsUnion && Ahead == 0;
}

/// <summary>An lvalue: a bit-field when <see cref="Width"/> is positive (not addressable).</summary>
internal sealed record Place(string Text, CType Type, int Width)
{
    public CType ReadType => new Field("", Type, Width).ReadType;

    public Expr Read() => new(Text, ReadType);
}

internal sealed record Expr(string Text, CType Type);

/// <summary>A function of the program: pure ones (no writes to globals or statics) may be called inside expressions.</summary>
internal sealed record Function(string Name, CType? Return, StructDef? ReturnStruct, IReadOnlyList<Var> Params, bool Pure);

/// <summary>The union every program has: its first member covers all 8 bytes, so any member read after any write is defined.</summary>
internal static class UnionShape
{
    public static readonly (string Member, CType Type, int Length)[] Members =
    [
        ("q", CType.ULLong, 0), ("w", CType.UInt, 2), ("h", CType.UShort, 4), ("b", CType.UChar, 8),
        ("sb", CType.SChar, 8), ("sh", CType.Short, 4), ("sw", CType.Int, 2), ("sl", CType.Long, 0),
    ];

    public const string Declaration = "union U { unsigned long long q; unsigned int w[2]; unsigned short h[4]; unsigned char b[8]; signed char sb[8]; short sh[4]; int sw[2]; long sl; };";
}
