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
            if (target is FaultRef)
            {
                throw src.Error(target.Pos, $"{target} cannot be initialised: faults are observed in conditions");
            }
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

    /// <summary>
    /// How deep parentheses, negations and implications may nest. Every pass over a condition (lowering,
    /// evaluation, printing) walks it recursively, so a bound here keeps all of them off the end of the stack;
    /// herd's tests nest a handful of levels.
    /// </summary>
    public const int MaxNesting = 200;

    public static Prop ParseProp(Lexer lex) => ParseProp(lex, 0);

    private static Prop ParseProp(Lexer lex, int depth)
    {
        var left = ParseOr(lex, depth);
        if (lex.Peek().Is("=>"))
        {
            var pos = lex.Take().Pos;
            return new ImpliesProp(left, ParseProp(lex, Deeper(lex, depth, pos)), pos);
        }
        return left;
    }

    private static int Deeper(Lexer lex, int depth, SourcePos pos) =>
        depth < MaxNesting ? depth + 1
        : throw lex.Source.Error(pos, $"the condition nests more than {MaxNesting} levels deep (parentheses, '~' or '=>')");

    private static Prop ParseOr(Lexer lex, int depth)
    {
        var operands = new List<Prop> { ParseAnd(lex, depth) };
        var ops = new List<SourcePos>();
        while (lex.Peek().Is("\\/"))
        {
            ops.Add(lex.Take().Pos);
            operands.Add(ParseAnd(lex, depth));
        }
        return Balanced(operands, ops, 0, operands.Count, (l, r, pos) => new OrProp(l, r, pos));
    }

    private static Prop ParseAnd(Lexer lex, int depth)
    {
        var operands = new List<Prop> { ParseUnary(lex, depth) };
        var ops = new List<SourcePos>();
        while (lex.Peek().Is("/\\"))
        {
            ops.Add(lex.Take().Pos);
            operands.Add(ParseUnary(lex, depth));
        }
        return Balanced(operands, ops, 0, operands.Count, (l, r, pos) => new AndProp(l, r, pos));
    }

    /// <summary>
    /// A chain of one associative operator as a balanced tree: a test with thousands of conjuncts then nests
    /// only logarithmically deep, and every printer flattens the chain back as it was written.
    /// </summary>
    private static Prop Balanced(List<Prop> operands, List<SourcePos> ops, int from, int to, Func<Prop, Prop, SourcePos, Prop> make)
    {
        if (to - from == 1)
        {
            return operands[from];
        }
        int mid = (from + to + 1) / 2;
        return make(Balanced(operands, ops, from, mid, make), Balanced(operands, ops, mid, to, make), ops[mid - 1]);
    }

    private static Prop ParseUnary(Lexer lex, int depth)
    {
        var t = lex.Peek();
        if (t.Is("~") || t.IsWord("not"))
        {
            lex.Take();
            return new NotProp(ParseUnary(lex, Deeper(lex, depth, t.Pos)), t.Pos);
        }
        if (t.Is("("))
        {
            lex.Take();
            var inner = ParseProp(lex, Deeper(lex, depth, t.Pos));
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
        if (loc is FaultRef fault)
        {
            return new FaultProp(fault, t.Pos);
        }
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

    /// <summary><c>0:X1</c>, <c>x</c>, <c>[x]</c>, and the page-table forms <c>PTE(x)</c>, <c>pte_x</c>, <c>fault(P0:L0,x)</c>.</summary>
    public static LocationRef ParseLocation(Lexer lex, bool allowBare) => ParseLocation(lex, allowBare, 0);

    private static LocationRef ParseLocation(Lexer lex, bool allowBare, int depth)
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
        if (t.Kind == TokenKind.Ident && t.Text.Length > 1 && t.Text[0] == 'P' && lex.Peek(1).Is(":") && lex.Peek(2).Kind == TokenKind.Ident
            && int.TryParse(t.Text.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int thread))
        {
            // herd also names a register P0:X7.
            lex.Take();
            lex.Take();
            return new RegisterRef(thread, lex.Take().Text.ToUpperInvariant(), t.Pos);
        }
        if (t.Is("["))
        {
            lex.Take();
            var inner = ParseLocation(lex, allowBare: true, Deeper(lex, depth, t.Pos));
            lex.Expect("]", "']'");
            return inner;
        }
        if (t.Kind == TokenKind.Ident && allowBare)
        {
            lex.Take();
            if (lex.Peek().Is("("))
            {
                return t.Text switch
                {
                    "PTE" or "TTD" => new PteRef(VmsaArgument(lex, t), t.Pos),
                    "PMD" or "PUD" or "PGD" => new PteRef(VmsaArgument(lex, t), t.Pos) { Level = PteRef.LevelOf(t.Text)!.Value },
                    "S2PTE" => Stage2Ref(lex, t),
                    "fault" or "Fault" => ParseFault(lex, t),
                    _ => throw lex.Source.Error(t.Pos, $"unknown location '{t.Text}(...)': expected PTE(x) (PMD, PUD, PGD) or fault(...)"),
                };
            }
            if (t.Text.StartsWith("pte_", StringComparison.Ordinal) && t.Text.Length > 4)
            {
                return new PteRef(t.Text[4..], t.Pos);
            }
            return new MemoryRef(t.Text, t.Pos);
        }
        throw lex.Source.Error(t.Pos, $"expected a location such as '0:X1', 'x' or '[x]' but found {t.Describe()}");
    }

    private static PteRef Stage2Ref(Lexer lex, Token name)
    {
        var (variable, vmid) = Stage2Argument(lex, name);
        return new PteRef(variable, name.Pos) { Vmid = vmid };
    }

    private static PteAddressValue Stage2Address(Lexer lex, Token name)
    {
        var (variable, vmid) = Stage2Argument(lex, name);
        return new PteAddressValue(variable, name.Pos) { Vmid = vmid };
    }

    /// <summary>The variable and VMID inside <c>S2PTE(x,1)</c>: the stage-2 entry of x in virtual machine 1's table.</summary>
    private static (string Variable, int Vmid) Stage2Argument(Lexer lex, Token name)
    {
        lex.Expect("(", "'(' after 'S2PTE'");
        var v = lex.Take();
        if (v.Kind != TokenKind.Ident)
        {
            throw lex.Source.Error(v.Pos, $"expected a variable in 'S2PTE(...)' but found {v.Describe()}");
        }
        lex.Expect(",", $"',' and a VMID after 'S2PTE({v.Text}'");
        var n = lex.Take();
        if (n.Kind != TokenKind.Number || n.Number is < 1 or > 255)
        {
            throw lex.Source.Error(n.Pos, $"expected a VMID from 1 to 255 in 'S2PTE({v.Text},...)' but found {n.Describe()}");
        }
        lex.Expect(")", $"')' to close 'S2PTE({v.Text},{n.Text}'");
        return (v.Text, (int)n.Number);
    }

    /// <summary><c>TABLE(n)</c>: the level-n translation table (1 to 3; level 0 is the root, which no descriptor names).</summary>
    private static TableValue TableLevel(Lexer lex, Token name)
    {
        lex.Expect("(", "'(' after 'TABLE'");
        var n = lex.Take();
        if (n.Kind != TokenKind.Number || n.Text is not ("1" or "2" or "3"))
        {
            throw lex.Source.Error(n.Pos, $"expected a table level 1, 2 or 3 in 'TABLE(...)' but found {n.Describe()}");
        }
        lex.Expect(")", "')' to close 'TABLE('");
        return new TableValue(n.Text[0] - '0', name.Pos);
    }

    /// <summary>The variable inside <c>PTE(x)</c> or <c>PA(x)</c>, after the function name <paramref name="name"/>.</summary>
    private static string VmsaArgument(Lexer lex, Token name)
    {
        lex.Expect("(", $"'(' after '{name.Text}'");
        var v = lex.Take();
        if (v.Kind != TokenKind.Ident)
        {
            throw lex.Source.Error(v.Pos, $"expected a variable in '{name.Text}(...)' but found {v.Describe()}");
        }
        lex.Expect(")", $"')' to close '{name.Text}({v.Text}'");
        return v.Text;
    }

    /// <summary><c>fault(P0)</c>, <c>fault(P0:L0,x)</c>, <c>fault(P0,pte_x,MMU:Permission)</c>: a thread, an optional label, location and type.</summary>
    private static FaultRef ParseFault(Lexer lex, Token name)
    {
        lex.Expect("(", $"'(' after '{name.Text}'");
        var p = lex.Take();
        if (p.Kind != TokenKind.Ident || p.Text.Length < 2 || p.Text[0] != 'P' || !int.TryParse(p.Text.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int thread))
        {
            throw lex.Source.Error(p.Pos, $"expected a thread such as 'P0' in '{name.Text}(...)' but found {p.Describe()}");
        }
        string? label = null;
        if (lex.TryTake(":"))
        {
            var l = lex.Take();
            if (l.Kind != TokenKind.Ident)
            {
                throw lex.Source.Error(l.Pos, $"expected a code label after '{p.Text}:' but found {l.Describe()}");
            }
            label = l.Text;
        }
        LocationRef? location = null;
        string? type = null;
        while (lex.TryTake(","))
        {
            var item = lex.Peek();
            if (type is null && item.Kind == TokenKind.Ident && lex.Peek(1).Is(":"))
            {
                lex.Take();
                lex.Take();
                var kind = lex.Take();
                if (kind.Kind != TokenKind.Ident)
                {
                    throw lex.Source.Error(kind.Pos, $"expected a fault type such as 'MMU:Translation' but found {kind.Describe()}");
                }
                type = item.Text + ":" + kind.Text;
            }
            else if (location is null && type is null)
            {
                location = ParseLocation(lex, allowBare: true);
                if (location is not (MemoryRef or PteRef))
                {
                    throw lex.Source.Error(item.Pos, $"expected a variable or page-table entry in '{name.Text}(...)' but found {location}");
                }
            }
            else
            {
                throw lex.Source.Error(item.Pos, $"unexpected {item.Describe()} in '{name.Text}(...)': expected at most a location and a fault type");
            }
        }
        lex.Expect(")", $"')' to close '{name.Text}(...)'");
        return new FaultRef(thread, label, location, type, name.Pos);
    }

    /// <summary>A page-table entry value <c>(oa:PA(x), valid:0, ...)</c>, after its opening parenthesis.</summary>
    private static DescriptorValue ParseDescriptor(Lexer lex, Token open)
    {
        var fields = new List<DescriptorField>();
        if (lex.Peek().Is(")"))
        {
            throw lex.Source.Error(lex.Peek().Pos, "empty page-table entry value '()': expected fields such as (oa:PA(x), valid:0)");
        }
        do
        {
            var f = lex.Take();
            if (f.Kind != TokenKind.Ident)
            {
                throw lex.Source.Error(f.Pos, $"expected a page-table entry field such as 'valid' but found {f.Describe()}");
            }
            var fieldName = f.Text.ToLowerInvariant();
            if (!DescriptorValue.FieldNames.Contains(fieldName))
            {
                throw lex.Source.Error(f.Pos, $"unknown page-table entry field '{f.Text}': expected oa, af, db, dbm, valid, el0, ng, or read and write (stage 2)");
            }
            if (fields.Any(x => x.Name == fieldName))
            {
                throw lex.Source.Error(f.Pos, $"page-table entry field '{fieldName}' is given twice");
            }
            lex.Expect(":", $"':' after '{f.Text}'");
            var vpos = lex.Peek().Pos;
            var value = ParseValue(lex);
            if (fieldName == "oa" ? value is not (PhysicalValue or PteAddressValue or TableValue) : value is not IntValue { Value: 0 or 1 })
            {
                throw lex.Source.Error(vpos, fieldName == "oa"
                    ? "the output address 'oa' must be a physical address such as PA(x), phy_x or a table TABLE(n)"
                    : $"page-table entry field '{fieldName}' must be 0 or 1");
            }
            fields.Add(new DescriptorField(fieldName, value, f.Pos));
        }
        while (lex.TryTake(","));
        lex.Expect(")", "',' or ')' in a page-table entry value");
        return new DescriptorValue(fields, open.Pos);
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
                return ParseDescriptor(lex, t);
            case TokenKind.Ident when t.Text == "label" && lex.Peek().Is(":"):
                lex.Take();
                var s = lex.Take();
                var parts = s.Text.Split(':');
                if (s.Kind != TokenKind.String || parts.Length != 2)
                {
                    throw lex.Source.Error(s.Pos, "expected a code label such as label:\"P1:L1\"");
                }
                return new LabelValue(parts[0], parts[1], t.Pos);
            case TokenKind.Ident when lex.Peek().Is("("):
                return t.Text switch
                {
                    "PTE" or "TTD" => new PteAddressValue(VmsaArgument(lex, t), t.Pos),
                    "PMD" or "PUD" or "PGD" => new PteAddressValue(VmsaArgument(lex, t), t.Pos) { Level = PteRef.LevelOf(t.Text)!.Value },
                    "S2PTE" => Stage2Address(lex, t),
                    "PA" => new PhysicalValue(VmsaArgument(lex, t), t.Pos),
                    "TABLE" => TableLevel(lex, t),
                    _ => throw lex.Source.Error(t.Pos, $"unknown value '{t.Text}(...)': expected PTE(x), PA(x) or TABLE(n)"),
                };
            case TokenKind.Ident when t.Text.StartsWith("pte_", StringComparison.Ordinal) && t.Text.Length > 4:
                return new PteAddressValue(t.Text[4..], t.Pos);
            case TokenKind.Ident when t.Text.StartsWith("phy_", StringComparison.Ordinal) && t.Text.Length > 4:
                return new PhysicalValue(t.Text[4..], t.Pos);
            case TokenKind.Ident:
                return new SymbolValue(t.Text, t.Pos);
            default:
                throw lex.Source.Error(t.Pos, $"expected a value but found {t.Describe()}");
        }
    }
}
