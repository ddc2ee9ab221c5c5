namespace Vrm.Cli.Tests.C.NativeGen;

/// <summary>
/// Expressions free of undefined behaviour whatever their operands hold: signed arithmetic that could overflow is
/// done in the unsigned twin and converted back (implementation-defined, the same on every clang target), shift
/// counts are masked below the width, divisors are never 0 or -1, indices are reduced modulo the length.
/// </summary>
internal sealed partial class ProgramGenerator
{
    private Expr Expression(int depth)
    {
        if (depth <= 0 || random.Next(5) == 0)
        {
            return Leaf();
        }
        int pick = random.Next(100);
        return pick switch
        {
            < 22 => Arithmetic(depth),
            < 30 => Shift(depth),
            < 36 => Division(depth),
            < 46 => Comparison(depth),
            < 51 => Logical(depth),
            < 57 => Ternary(depth),
            < 63 => Unary(depth),
            < 71 => Cast(depth),
            < 77 => Builtin(depth),
            < 83 when pure.Count > 0 => PureCall(depth),
            < 86 when hasTable => TableCall(depth),
            < 89 => Bitwise(depth),
            < 92 when structs.Count > 0 && makers.Count > 0 => MadeField(depth),
            < 95 => PointerDifference(),
            _ => Arithmetic(depth),
        };
    }

    private Expr Leaf()
    {
        int pick = random.Next(10);
        if (pick < 3)
        {
            return Literal(Pick(CType.All));
        }
        if (pick < 4 && loopVars.Count > 0)
        {
            return new Expr(Pick(loopVars), CType.Int);
        }
        if (pick < 5 && random.Next(3) == 0)
        {
            indexNesting++;
            string index = Idx(StrLength, indexNesting > 1 ? 0 : 1);
            indexNesting--;
            return new Expr($"str[{index}]", CType.Char);
        }
        return ReadablePlace().Read();
    }

    /// <summary>A constant of type t, written as C would: some plain, most cast from a hexadecimal unsigned long long.</summary>
    private Expr Literal(CType t)
    {
        ulong value = random.Next(6) switch
        {
            0 => (ulong)random.Next(0, 4),
            1 => unchecked((ulong)-random.Next(1, 4)),
            2 => t.Signed ? (1UL << (Math.Max(t.Bits, 1) - 1)) - 1 : ulong.MaxValue,
            3 => t.Signed ? unchecked((ulong)-(long)(1UL << (t.Bits - 1))) : 1UL << (Math.Max(t.Bits, 1) - 1),
            _ => (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 20),
        };
        if (t == CType.Int && random.Next(2) == 0)
        {
            return new Expr(random.Next(-300, 300).ToString(System.Globalization.CultureInfo.InvariantCulture), CType.Int);
        }
        if (t == CType.UInt && random.Next(2) == 0)
        {
            return new Expr($"{(uint)value}u", CType.UInt);
        }
        return new Expr($"(({t})0x{value:x}ULL)", t);
    }

    private Expr Arithmetic(int depth)
    {
        var a = Expression(depth - 1);
        var b = Expression(depth - 1);
        string op = Pick(["+", "-", "*"]);
        var c = CType.Common(a.Type, b.Type);
        // Operands of 16 bits or fewer cannot overflow int by + or -, nor by * unless both are unsigned short.
        bool narrow = a.Type.Bits <= 16 && b.Type.Bits <= 16 && !(op == "*" && a.Type == CType.UShort && b.Type == CType.UShort);
        if (!c.Signed || narrow)
        {
            return new Expr($"({a.Text} {op} {b.Text})", c);
        }
        var u = c.UnsignedTwin;
        return new Expr($"(({c})(({u})({a.Text}) {op} ({u})({b.Text})))", c);
    }

    private Expr Bitwise(int depth)
    {
        var a = Expression(depth - 1);
        var b = Expression(depth - 1);
        return new Expr($"({a.Text} {Pick(["&", "|", "^"])} {b.Text})", CType.Common(a.Type, b.Type));
    }

    private Expr Shift(int depth)
    {
        var a = Expression(depth - 1);
        var n = Expression(depth - 1);
        var p = a.Type.Promoted;
        string count = $"(({n.Text}) & {p.Bits - 1})";
        if (random.Next(2) == 0)
        {
            // A right shift of a negative value is implementation-defined (arithmetic on every clang target).
            return new Expr($"({a.Text} >> {count})", p);
        }
        if (!p.Signed)
        {
            return new Expr($"({a.Text} << {count})", p);
        }
        return new Expr($"(({p})(({p.UnsignedTwin})({a.Text}) << {count}))", p);
    }

    private Expr Division(int depth)
    {
        var a = Expression(depth - 1);
        var b = Expression(depth - 1);
        var c = CType.Common(a.Type, b.Type);
        string d = $"(({c})({b.Text}))";
        string guard = c.Signed ? $"({d} == 0 || {d} == -1 ? 3 : {d})" : $"({d} == 0 ? 3 : {d})";
        return new Expr($"({a.Text} {Pick(["/", "%"])} {guard})", c);
    }

    private Expr Comparison(int depth)
    {
        var a = Expression(depth - 1);
        var b = Expression(depth - 1);
        return new Expr($"({a.Text} {Pick(["<", "<=", ">", ">=", "==", "!="])} {b.Text})", CType.Int);
    }

    private Expr Logical(int depth)
    {
        var a = Expression(depth - 1);
        string op = Pick(["&&", "||"]);
        // The call's effect on the side-effect counters happens exactly when C's short circuit says.
        if (!bumpUsed && !inPure && random.Next(2) == 0)
        {
            bumpUsed = true;
            return new Expr($"({a.Text} {op} bump({Expression(depth - 1).Text}))", CType.Int);
        }
        return new Expr($"({a.Text} {op} {Expression(depth - 1).Text})", CType.Int);
    }

    private Expr Ternary(int depth)
    {
        var c = Expression(depth - 1);
        var a = Expression(depth - 1);
        var b = Expression(depth - 1);
        return new Expr($"({c.Text} ? {a.Text} : {b.Text})", CType.Common(a.Type, b.Type));
    }

    private Expr Unary(int depth)
    {
        var a = Expression(depth - 1);
        var p = a.Type.Promoted;
        return random.Next(4) switch
        {
            0 => new Expr($"(~{a.Text})", p),
            1 => new Expr($"(!{a.Text})", CType.Int),
            2 when !p.Signed => new Expr($"(-{a.Text})", p),
            2 => new Expr($"(({p})(-({p.UnsignedTwin})({a.Text})))", p),
            _ => new Expr($"(+{a.Text})", p),
        };
    }

    private Expr Cast(int depth)
    {
        var t = Pick(CType.All);
        return new Expr($"(({t})({Expression(depth - 1).Text}))", t);
    }

    private Expr Builtin(int depth)
    {
        string a = Expression(depth - 1).Text;
        return random.Next(12) switch
        {
            0 => new Expr($"__builtin_popcount((unsigned)({a}))", CType.Int),
            1 => new Expr($"__builtin_popcountll((unsigned long long)({a}))", CType.Int),
            2 => new Expr($"__builtin_clz((unsigned)({a}) | 1u)", CType.Int),
            3 => new Expr($"__builtin_clzll((unsigned long long)({a}) | 1ull)", CType.Int),
            4 => new Expr($"__builtin_ctz((unsigned)({a}) | 0x80000000u)", CType.Int),
            5 => new Expr($"__builtin_ctzll((unsigned long long)({a}) | (1ull << 63))", CType.Int),
            6 => new Expr($"__builtin_bswap32((unsigned)({a}))", CType.UInt),
            7 => new Expr($"__builtin_bswap64((unsigned long long)({a}))", CType.ULLong),
            8 => new Expr($"__builtin_bswap16((unsigned short)({a}))", CType.UShort),
            9 => new Expr($"__builtin_parityll((unsigned long long)({a}))", CType.Int),
            10 => new Expr($"__builtin_ffsll((long long)({a}))", CType.Int),
            _ => new Expr($"__builtin_clrsbll((long long)({a}))", CType.Int),
        };
    }

    private Expr PureCall(int depth)
    {
        var f = Pick(pure);
        return new Expr($"{f.Name}({Arguments(f, depth)})", f.Return!);
    }

    private string Arguments(Function f, int depth) =>
        string.Join(", ", f.Params.Select(p => p.Struct is { } s ? StructValue(s, depth) : p.Ahead > 0 ? AddressOf(p.Type) : Expression(depth - 1).Text));

    private Expr TableCall(int depth) =>
        new($"table[(unsigned)({Expression(depth - 1).Text}) % 3u]({Expression(depth - 1).Text}, {Expression(depth - 1).Text})", CType.ULLong);

    /// <summary>A field of a struct returned by a function, read without storing the struct anywhere.</summary>
    private Expr MadeField(int depth)
    {
        var f = Pick(makers);
        var s = f.ReturnStruct!;
        var (path, leaf) = Pick(s.Leaves().ToList());
        return new Place($"{f.Name}({Arguments(f, depth)}){path}", leaf.Type, leaf.Width).Read();
    }

    private Expr PointerDifference()
    {
        var arrays = Readable().Where(v => v.Dims.Length == 1).ToList();
        if (arrays.Count == 0)
        {
            return Literal(CType.Long);
        }
        var a = Pick(arrays);
        int i = random.Next(a.Dims[0] + 1);
        int j = random.Next(a.Dims[0] + 1);
        return new Expr($"(&{a.Name}[{i}] - &{a.Name}[{j}])", CType.Long);
    }

    /// <summary>An index in bounds: a constant, or a computed value reduced modulo the length.</summary>
    private string Index(int length, int depth) => $"(unsigned)({Expression(depth - 1).Text}) % {length}u";
}
