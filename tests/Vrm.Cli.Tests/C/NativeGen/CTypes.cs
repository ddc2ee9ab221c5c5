namespace Vrm.Cli.Tests.C.NativeGen;

/// <summary>An integer type of AArch64's LP64 C, with its conversion rank (C11 6.3.1.1).</summary>
internal sealed record CType(string Name, int Bits, bool Signed, int Rank)
{
    public static readonly CType Bool = new("_Bool", 1, false, 0);
    // Plain char is unsigned on AArch64; the native build says -funsigned-char so that both agree.
    public static readonly CType Char = new("char", 8, false, 1);
    public static readonly CType SChar = new("signed char", 8, true, 1);
    public static readonly CType UChar = new("unsigned char", 8, false, 1);
    public static readonly CType Short = new("short", 16, true, 2);
    public static readonly CType UShort = new("unsigned short", 16, false, 2);
    public static readonly CType Int = new("int", 32, true, 3);
    public static readonly CType UInt = new("unsigned int", 32, false, 3);
    public static readonly CType Long = new("long", 64, true, 4);
    public static readonly CType ULong = new("unsigned long", 64, false, 4);
    public static readonly CType LLong = new("long long", 64, true, 5);
    public static readonly CType ULLong = new("unsigned long long", 64, false, 5);

    public static readonly CType[] All = [Bool, Char, SChar, UChar, Short, UShort, Int, UInt, Long, ULong, LLong, ULLong];

    /// <summary>The types an expression computes in after the integer promotions.</summary>
    public CType Promoted => Rank < Int.Rank ? Int : this;

    /// <summary>The unsigned type of the same rank (for int and wider).</summary>
    public CType UnsignedTwin => Rank switch
    {
        3 => UInt,
        4 => ULong,
        5 => ULLong,
        _ => throw new InvalidOperationException(Name),
    };

    /// <summary>The usual arithmetic conversions (C11 6.3.1.8) on LP64.</summary>
    public static CType Common(CType a, CType b)
    {
        a = a.Promoted;
        b = b.Promoted;
        if (a == b)
        {
            return a;
        }
        if (a.Signed == b.Signed)
        {
            return a.Rank >= b.Rank ? a : b;
        }
        var (u, s) = a.Signed ? (b, a) : (a, b);
        if (u.Rank >= s.Rank)
        {
            return u;
        }
        return s.Bits > u.Bits ? s : s.UnsignedTwin;
    }

    public override string ToString() => Name;
}

/// <summary>A struct type of the program: plain fields, bit-fields, a nested struct, a small array.</summary>
internal sealed class StructDef(string name)
{
    public string Name { get; } = name;

    public List<Field> Fields { get; } = [];

    public bool HasBool => Fields.Any(f => f.Type == CType.Bool || f.Nested?.HasBool == true);

    public bool HasBitfield => Fields.Any(f => f.Width > 0 || f.Nested?.HasBitfield == true);

    /// <summary>Every scalar inside, as a suffix of an access (<c>.a</c>, <c>.in.b</c>, <c>.arr[2]</c>) with its field.</summary>
    public IEnumerable<(string Path, Field Leaf)> Leaves()
    {
        foreach (var f in Fields)
        {
            if (f.Nested is { } n)
            {
                foreach (var (path, leaf) in n.Leaves())
                {
                    yield return ($".{f.Name}{path}", leaf);
                }
            }
            else if (f.Length > 0)
            {
                for (int i = 0; i < f.Length; i++)
                {
                    yield return ($".{f.Name}[{i}]", f);
                }
            }
            else
            {
                yield return ($".{f.Name}", f);
            }
        }
    }
}

/// <summary>A field: a scalar of <see cref="Type"/>, a bit-field of <see cref="Width"/> bits, an array of <see cref="Length"/>, or a nested struct.</summary>
internal sealed record Field(string Name, CType Type, int Width = 0, int Length = 0, StructDef? Nested = null)
{
    /// <summary>
    /// The type a read of the field has after promotion: a bit-field whose values int holds reads as int, one of
    /// 32 unsigned bits as unsigned int (C11 6.3.1.1p2; clang, as GCC, promotes long long bit-fields alike).
    /// </summary>
    public CType ReadType => Width switch
    {
        0 => Type,
        < 32 => CType.Int,
        32 => Type.Signed ? CType.Int : CType.UInt,
        _ => Type,
    };
}
