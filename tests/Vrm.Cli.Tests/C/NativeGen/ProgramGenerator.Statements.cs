namespace Vrm.Cli.Tests.C.NativeGen;

/// <summary>Statements: each leaves the program defined whatever the values (loops are bounded by constants).</summary>
internal sealed partial class ProgramGenerator
{
    private void Block(int nesting, int count)
    {
        int mark = scope.Count;
        int loopMark = loopVars.Count;
        for (int i = 0; i < count && budget > 0; i++)
        {
            budget--;
            bumpUsed = false;
            Statement(nesting);
        }
        scope.RemoveRange(mark, scope.Count - mark);
        loopVars.RemoveRange(loopMark, loopVars.Count - loopMark);
    }

    private void Line(string text) => body.Append(new string(' ', 2 * indent)).Append(text).Append('\n');

    private void Nested(int nesting, int count, string? head = null)
    {
        indent++;
        Block(nesting + 1, count);
        indent--;
        if (head is not null)
        {
            Line(head);
        }
    }

    private void Statement(int nesting)
    {
        int pick = random.Next(100);
        bool deep = nesting >= 2;
        switch (pick)
        {
            case < 12:
                Declare();
                break;
            case < 24:
                Assign();
                break;
            case < 32:
                Compound();
                break;
            case < 37:
                IncrementOrDecrement();
                break;
            case < 44 when !deep:
                If(nesting);
                break;
            case < 51 when !deep:
                Loop(nesting);
                break;
            case < 55 when !deep:
                Switch(nesting);
                break;
            case < 63 when !inPure:
                Line($"mix((unsigned long long)({Expression(3).Text}));");
                break;
            case < 68 when structs.Count > 0:
                StructStatement();
                break;
            case < 73:
                Memory();
                break;
            case < 78 when procs.Count > 0:
                ProcCall();
                break;
            case < 81:
                Overflow();
                break;
            case < 86:
                PointerDeclaration();
                break;
            case < 89 when loopDepth > 0:
                Line($"if ({Expression(2).Text}) {Pick(["break", "continue"])};");
                break;
            case < 91 when returnType is not null && nesting > 0:
                Line($"if ({Expression(2).Text}) return {Expression(2).Text};");
                break;
            case < 94:
                PostIncrementCopy();
                break;
            default:
                Assign();
                break;
        }
    }

    private void Declare()
    {
        var t = Pick(CType.All);
        string name = $"v{names++}";
        if (random.Next(5) == 0)
        {
            int n = random.Next(1, 5);
            int m = random.Next(2) == 0 ? 0 : random.Next(1, 4);
            string dims = m == 0 ? $"[{n}]" : $"[{n}][{m}]";
            string init = m == 0
                ? "{" + string.Join(", ", Enumerable.Range(0, random.Next(n + 1)).Select(_ => Value(t, false))) + "}"
                : "{{" + string.Join(", ", Enumerable.Range(0, random.Next(m + 1)).Select(_ => Value(t, false))) + "}}";
            Line($"{t} {name}{dims} = {init};");
            scope.Add(new Var(name, t, false, true) { Dims = m == 0 ? [n] : [n, m] });
            return;
        }
        Line($"{t} {name} = {Expression(3).Text};");
        scope.Add(new Var(name, t, false, true));
    }

    private void Assign()
    {
        var p = WritablePlace();
        if (p is null)
        {
            Declare();
            return;
        }
        Line($"{p.Text} = {Expression(3).Text};");
    }

    private void Compound()
    {
        var p = WritablePlace();
        if (p is null)
        {
            return;
        }
        var e = Expression(3).Text;
        var read = p.ReadType;
        switch (random.Next(4))
        {
            case 0:
                // Computed in unsigned long long whatever the place's type, then converted back: no overflow.
                Line($"{p.Text} {Pick(["+=", "-=", "*=", "&=", "|=", "^="])} (unsigned long long)({e});");
                break;
            case 1:
                Line($"{p.Text} {Pick(["/=", "%="])} ((unsigned long long)({e}) | 1u);");
                break;
            case 2:
                Line($"{p.Text} >>= (({e}) & {read.Promoted.Bits - 1});");
                break;
            default:
                // A left shift is defined on a non-negative value whose result fits: unsigned types of int rank or
                // more, or narrower ones shifted by less than the room int leaves above them.
                if (read.Signed || read == CType.Bool || p.Type == CType.Bool)
                {
                    Line($"{p.Text} &= {Expression(3).Text};");
                }
                else
                {
                    int room = read.Rank >= CType.Int.Rank ? read.Bits - 1 : 31 - read.Bits;
                    int mask = room >= 63 ? 63 : room >= 31 ? 31 : room >= 15 ? 15 : 7;
                    Line($"{p.Text} <<= (({e}) & {mask});");
                }
                break;
        }
    }

    private void IncrementOrDecrement()
    {
        var p = WritablePlace();
        if (p is null)
        {
            return;
        }
        string op = Pick(["++", "--"]);
        bool prefix = random.Next(2) == 0;
        string text = prefix ? op + p.Text : p.Text + op;
        // Only a full-width signed int, long or long long can overflow by one.
        bool full = p.ReadType.Signed && p.ReadType.Rank >= CType.Int.Rank && (p.Width == 0 || p.Width >= p.ReadType.Bits);
        if (full)
        {
            string limit = p.ReadType.Rank == CType.Int.Rank ? "__INT_MAX__" : "__LONG_MAX__";
            Line(op == "++" ? $"if ({p.Text} < {limit}) {text};" : $"if ({p.Text} > -{limit}) {text};");
        }
        else
        {
            Line($"{text};");
        }
    }

    private void PostIncrementCopy()
    {
        var src = scope.Where(v => v.IsScalar && v.Writable && !v.Global && (!v.Type.Signed || v.Type.Rank < CType.Int.Rank)).ToList();
        var dst = WritablePlace();
        if (src.Count == 0 || dst is null)
        {
            Assign();
            return;
        }
        var s = Pick(src);
        if (dst.Text == s.Name)
        {
            return;
        }
        Line($"{dst.Text} = {s.Name}{Pick(["++", "--"])};");
    }

    private void If(int nesting)
    {
        Line($"if ({Expression(3).Text}) {{");
        Nested(nesting, random.Next(1, 4));
        if (random.Next(2) == 0)
        {
            Line("} else {");
            Nested(nesting, random.Next(1, 3));
        }
        Line("}");
    }

    private void Loop(int nesting)
    {
        string v = $"i{names++}";
        string bound = random.Next(2) == 0 ? random.Next(1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"(int)((unsigned)({Expression(2).Text}) % 5u)";
        loopDepth++;
        switch (random.Next(3))
        {
            case 0:
                Line($"for (int {v} = 0; {v} < {bound}; {v}++) {{");
                loopVars.Add(v);
                Nested(nesting, random.Next(1, 4));
                loopVars.Remove(v);
                Line("}");
                break;
            case 1:
                Line($"int {v} = {bound};");
                Line($"while ({v} > 0) {{");
                indent++;
                Line($"{v}--;");
                indent--;
                loopVars.Add(v);
                Nested(nesting, random.Next(1, 4));
                loopVars.Remove(v);
                Line("}");
                break;
            default:
                Line($"int {v} = 0;");
                Line("do {");
                loopVars.Add(v);
                Nested(nesting, random.Next(1, 4));
                loopVars.Remove(v);
                Line($"}} while (++{v} < {bound});");
                break;
        }
        loopDepth--;
    }

    private void Switch(int nesting)
    {
        bool signed = random.Next(2) == 0;
        Line(signed ? $"switch ((int)({Expression(2).Text}) % 4) {{" : $"switch ((unsigned)({Expression(2).Text}) % 5u) {{");
        var labels = (signed ? new[] { -3, -2, -1, 0, 1, 2, 3 } : [0, 1, 2, 3, 4]).OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
        foreach (var label in labels)
        {
            Line($"case {label}:");
            indent++;
            Line("{");
            Nested(nesting, random.Next(1, 3));
            Line("}");
            // Some cases fall through to the next.
            if (random.Next(3) != 0)
            {
                Line("break;");
            }
            indent--;
        }
        if (random.Next(2) == 0)
        {
            Line("default:");
            indent++;
            Line("{");
            Nested(nesting, 1);
            Line("}");
            indent--;
        }
        Line("}");
    }

    private void StructStatement()
    {
        var s = Pick(structs);
        var vars = scope.Where(v => v.Struct == s && v.Writable).ToList();
        if (vars.Count == 0 || random.Next(3) == 0)
        {
            string name = $"s{names++}";
            Line($"struct {s.Name} {name} = {(random.Next(2) == 0 ? Initializer(s, constant: false) : StructValue(s, 3))};");
            scope.Add(new Var(name, CType.Int, false, true) { Struct = s });
            return;
        }
        Line($"{Deref(Pick(vars))} = {StructValue(s, 3)};");
    }

    private void Memory()
    {
        var candidates = scope.Where(v => v.Writable && !v.IsStructPointer && v.Ahead == 0 && (v.Struct is not null || v.Dims.Length > 0 || v.IsUnion)).ToList();
        if (candidates.Count == 0)
        {
            Assign();
            return;
        }
        var v = Pick(candidates);
        var same = scope.Where(o => o != v && o.Ahead == 0 && !o.IsStructPointer && o.Struct == v.Struct && o.IsUnion == v.IsUnion && o.Type == v.Type && o.Dims.SequenceEqual(v.Dims)).ToList();
        if (same.Count > 0 && random.Next(2) == 0)
        {
            Line($"__builtin_memcpy(&{v.Name}, &{Pick(same).Name}, sizeof {v.Name});");
            return;
        }
        if (v.IsUnion && random.Next(2) == 0)
        {
            var scalars = scope.Where(o => o.IsScalar && o.Writable && o.Type != CType.Bool).ToList();
            if (scalars.Count > 0)
            {
                var x = Pick(scalars);
                int offset = random.Next(9 - Math.Max(1, x.Type.Bits / 8));
                Line(random.Next(2) == 0
                    ? $"__builtin_memcpy(&{x.Name}, &{v.Name}.b[{offset}], sizeof {x.Name});"
                    : $"__builtin_memcpy(&{v.Name}.b[{offset}], &{x.Name}, sizeof {x.Name});");
                return;
            }
        }
        // A _Bool may only hold 0 or 1: other bytes would make a later read undefined.
        bool holdsBool = v.Type == CType.Bool && v.Struct is null || v.Struct?.HasBool == true;
        int fill = holdsBool ? 0 : random.Next(3) == 0 ? 0 : random.Next(256);
        Line($"__builtin_memset(&{v.Name}, {fill}, sizeof {v.Name});");
    }

    private void ProcCall()
    {
        var f = Pick(procs);
        string call = $"{f.Name}({Arguments(f, 3)})";
        if (f.Return is { } t)
        {
            // The result goes to a fresh local: a place's own index read unsequenced with the call's writes would be unspecified.
            string name = $"r{names++}";
            Line($"{t} {name} = {call};");
            scope.Add(new Var(name, t, false, true));
        }
        else
        {
            Line($"{call};");
        }
    }

    private void Overflow()
    {
        var t = Pick(CType.All.Where(t => t != CType.Bool).ToArray());
        string name = $"o{names++}";
        string op = Pick(["add", "sub", "mul"]);
        Line($"{t} {name} = 0;");
        Line($"int {name}f = __builtin_{op}_overflow(({t})({Expression(2).Text}), ({t})({Expression(2).Text}), &{name});");
        if (!inPure)
        {
            Line($"mix({name}f);");
        }
        scope.Add(new Var(name, t, false, true));
    }

    private void PointerDeclaration()
    {
        string name = $"p{names++}";
        var arrays = scope.Where(v => v.Writable && v.Dims.Length > 0).ToList();
        var structsInScope = scope.Where(v => v.Writable && v.Struct is not null && !v.IsStructPointer).ToList();
        if (structsInScope.Count > 0 && random.Next(3) == 0)
        {
            var s = Pick(structsInScope);
            Line($"struct {s.Struct!.Name} *{name} = &{s.Name};");
            scope.Add(new Var(name, CType.Int, false, true) { Struct = s.Struct, IsStructPointer = true });
            return;
        }
        if (arrays.Count > 0 && random.Next(2) == 0)
        {
            var a = Pick(arrays);
            int last = a.Dims[^1];
            int k = random.Next(last);
            string row = string.Concat(a.Dims[..^1].Select(d => $"[{random.Next(d)}]"));
            Line($"{a.Type} *{name} = &{a.Name}{row}[{k}];");
            scope.Add(new Var(name, a.Type, false, true) { Ahead = last - k });
            return;
        }
        var p = WritablePlace(addressable: true);
        if (p is null)
        {
            return;
        }
        Line($"{p.Type} *{name} = &{p.Text};");
        scope.Add(new Var(name, p.Type, false, true) { Ahead = 1 });
    }
}
