namespace Vrm.Syntax.Litmus;

/// <summary>The one parser for init blocks, locations lists, filters and final conditions.</summary>
public static class StateParser
{
    private static readonly HashSet<string> TypeNames = new(StringComparer.Ordinal)
    {
        "int", "uint", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t",
        "int128_t", "uint128_t", "char", "short", "long", "intptr_t", "uintptr_t", "pteval_t", "instr_t", "atomic_t", "unsigned",
    };

    public static IReadOnlyList<InitEntry> ParseInit(SourceText src, int start, int end)
    {
        var lex = new Lexer(src, start, end);
        var entries = new List<InitEntry>();
        while (!lex.AtEnd)
        {
            if (lex.TryTake(";"))
            {
                continue;
            }
            var first = lex.Peek();
            string? type = null;
            while (lex.Peek().Kind == TokenKind.Ident && TypeNames.Contains(lex.Peek().Text) && !lex.Peek(1).Is("=") && !lex.Peek(1).Is(";"))
            {
                type = type is null ? lex.Take().Text : type + " " + lex.Take().Text;
            }
            if (lex.TryTake("*"))
            {
                type = (type ?? "") + "*";
            }
            var target = ParseLocation(lex, allowBare: true);
            int length = 0;
            if (lex.Peek().Is("[") && target is MemoryRef)
            {
                lex.Take();
                var n = lex.Take();
                if (n.Kind != TokenKind.Number || n.Number <= 0 || n.Number > 4096)
                {
                    throw src.Error(n.Pos, $"expected an array length from 1 to 4096 but found {n.Describe()}");
                }
                length = (int)n.Number;
                lex.Expect("]", "']' after the array length");
            }
            ValueSyntax? value = null;
            var cells = new List<ValueSyntax>();
            if (lex.TryTake("="))
            {
                if (length > 0 && lex.TryTake("{"))
                {
                    while (!lex.TryTake("}"))
                    {
                        if (lex.TryTake(","))
                        {
                            continue;
                        }
                        if (lex.AtEnd)
                        {
                            throw src.Error(lex.Peek().Pos, "array initialiser '{' is never closed by '}'");
                        }
                        cells.Add(ParseValue(lex));
                    }
                }
                else
                {
                    value = ParseValue(lex);
                }
            }
            entries.Add(new InitEntry(target, value, type, first.Pos) { ArrayLength = length, ArrayInit = cells });
            if (!lex.AtEnd && !lex.Peek().Is(";"))
            {
                throw src.Error(lex.Peek().Pos, $"expected ';' after an init entry but found {lex.Peek().Describe()}");
            }
        }
        return entries;
    }

    public static (IReadOnlyList<LocationRef> Locations, Prop? Filter, ConditionSyntax Condition) ParseTrailer(SourceText src, int start)
    {
        var lex = new Lexer(src, start, src.Text.Length);
        var locations = new List<LocationRef>();
        Prop? filter = null;
        while (true)
        {
            var t = lex.Peek();
            if (t.IsWord("locations"))
            {
                lex.Take();
                lex.Expect("[", "'[' after 'locations'");
                while (!lex.TryTake("]"))
                {
                    if (lex.TryTake(";"))
                    {
                        continue;
                    }
                    if (lex.AtEnd)
                    {
                        throw src.Error(lex.Peek().Pos, "'locations [' is never closed by ']'");
                    }
                    locations.Add(ParseLocation(lex, allowBare: true));
                }
            }
            else if (t.IsWord("filter"))
            {
                lex.Take();
                filter = ParseProp(lex);
            }
            else
            {
                break;
            }
        }
        var q = lex.Peek();
        Quantifier quantifier;
        if (q.IsWord("exists"))
        {
            quantifier = Quantifier.Exists;
        }
        else if (q.Is("~") && lex.Peek(1).IsWord("exists"))
        {
            lex.Take();
            quantifier = Quantifier.NotExists;
        }
        else if (q.IsWord("forall"))
        {
            quantifier = Quantifier.Forall;
        }
        else if (q.IsWord("final"))
        {
            quantifier = Quantifier.Final;
        }
        else if (q.Kind == TokenKind.End)
        {
            // herd reads a test without a condition as 'forall true': it only lists the final states.
            return (locations, filter, new ConditionSyntax(Quantifier.Forall, new TrueProp(q.Pos), q.Pos));
        }
        else
        {
            throw src.Error(q.Pos, q.Kind == TokenKind.End
                ? "missing final condition: expected 'exists', '~exists' or 'forall'"
                : $"expected 'exists', '~exists', 'forall', 'locations' or 'filter' but found {q.Describe()}");
        }
        lex.Take();
        var prop = ParseProp(lex);
        lex.TryTake(";");
        if (!lex.AtEnd)
        {
            throw src.Error(lex.Peek().Pos, $"unexpected {lex.Peek().Describe()} after the final condition");
        }
        return (locations, filter, new ConditionSyntax(quantifier, prop, q.Pos));
    }

    public static Prop ParseProp(Lexer lex)
    {
        var left = ParseOr(lex);
        if (lex.Peek().Is("=>"))
        {
            var pos = lex.Take().Pos;
            return new ImpliesProp(left, ParseProp(lex), pos);
        }
        return left;
    }

    private static Prop ParseOr(Lexer lex)
    {
        var left = ParseAnd(lex);
        while (lex.Peek().Is("\\/"))
        {
            var pos = lex.Take().Pos;
            left = new OrProp(left, ParseAnd(lex), pos);
        }
        return left;
    }

    private static Prop ParseAnd(Lexer lex)
    {
        var left = ParseUnary(lex);
        while (lex.Peek().Is("/\\"))
        {
            var pos = lex.Take().Pos;
            left = new AndProp(left, ParseUnary(lex), pos);
        }
        return left;
    }

    private static Prop ParseUnary(Lexer lex)
    {
        var t = lex.Peek();
        if (t.Is("~") || t.IsWord("not"))
        {
            lex.Take();
            return new NotProp(ParseUnary(lex), t.Pos);
        }
        if (t.Is("("))
        {
            lex.Take();
            var inner = ParseProp(lex);
            lex.Expect(")", "')'");
            return inner;
        }
        if (t.IsWord("true"))
        {
            lex.Take();
            return new TrueProp(t.Pos);
        }
        if (t.IsWord("false"))
        {
            lex.Take();
            return new FalseProp(t.Pos);
        }
        var loc = ParseLocation(lex, allowBare: true);
        var op = lex.Peek();
        bool equal;
        if (op.Is("=") || op.Is("=="))
        {
            equal = true;
        }
        else if (op.Is("!="))
        {
            equal = false;
        }
        else
        {
            throw lex.Source.Error(op.Pos, $"expected '=' or '!=' after {loc} but found {op.Describe()}");
        }
        lex.Take();
        return new AtomProp(loc, equal, ParseValue(lex), t.Pos);
    }

    /// <summary><c>0:X1</c>, <c>x</c>, <c>[x]</c>; fault and page-table forms are recognised only to be refused.</summary>
    public static LocationRef ParseLocation(Lexer lex, bool allowBare)
    {
        var t = lex.Peek();
        if (t.Kind == TokenKind.Number && lex.Peek(1).Is(":"))
        {
            lex.Take();
            lex.Take();
            var reg = lex.Take();
            if (reg.Kind != TokenKind.Ident)
            {
                throw lex.Source.Error(reg.Pos, $"expected a register after '{t.Text}:' but found {reg.Describe()}");
            }
            return new RegisterRef((int)t.Number, reg.Text.ToUpperInvariant(), t.Pos);
        }
        if (t.Is("["))
        {
            lex.Take();
            var inner = ParseLocation(lex, allowBare: true);
            lex.Expect("]", "']'");
            return inner;
        }
        if (t.Kind == TokenKind.Ident && allowBare)
        {
            lex.Take();
            if (lex.Peek().Is("("))
            {
                throw lex.Source.Error(t.Pos, $"unsupported: '{t.Text}(...)' belongs to page-table (VMSA) tests", unsupported: true);
            }
            return new MemoryRef(t.Text, t.Pos);
        }
        throw lex.Source.Error(t.Pos, $"expected a location such as '0:X1', 'x' or '[x]' but found {t.Describe()}");
    }

    public static ValueSyntax ParseValue(Lexer lex)
    {
        var t = lex.Take();
        switch (t.Kind)
        {
            case TokenKind.Number:
                return new IntValue(t.Number, t.Pos);
            case TokenKind.Punct when t.Is("-") && lex.Peek().Kind == TokenKind.Number:
                return new IntValue(-lex.Take().Number, t.Pos);
            case TokenKind.Punct when t.Is("&") && lex.Peek().Kind == TokenKind.Ident:
                return new SymbolValue(lex.Take().Text, t.Pos);
            case TokenKind.Punct when t.Is("("):
                throw lex.Source.Error(t.Pos, "unsupported: page-table entry values '(oa:...)' belong to page-table (VMSA) tests", unsupported: true);
            case TokenKind.Ident when t.Text == "label" && lex.Peek().Is(":"):
                lex.Take();
                var s = lex.Take();
                var parts = s.Text.Split(':');
                if (s.Kind != TokenKind.String || parts.Length != 2)
                {
                    throw lex.Source.Error(s.Pos, "expected a code label such as label:\"P1:L1\"");
                }
                return new LabelValue(parts[0], parts[1], t.Pos);
            case TokenKind.Ident:
                if (lex.Peek().Is("("))
                {
                    throw lex.Source.Error(t.Pos, $"unsupported: '{t.Text}(...)' belongs to page-table (VMSA) tests", unsupported: true);
                }
                return new SymbolValue(t.Text, t.Pos);
            default:
                throw lex.Source.Error(t.Pos, $"expected a value but found {t.Describe()}");
        }
    }
}
