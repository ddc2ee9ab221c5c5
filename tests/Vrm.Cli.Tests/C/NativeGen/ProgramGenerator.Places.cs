namespace Vrm.Cli.Tests.C.NativeGen;

/// <summary>Lvalues in bounds, struct values and addresses.</summary>
internal sealed partial class ProgramGenerator
{
    private IEnumerable<Var> Readable() => scope;

    private Place ReadablePlace() => PlaceOf(Pick(scope));

    private Place? WritablePlace(bool addressable = false)
    {
        // No pointers into the union: vrm sees a member of another width only where the access names the union.
        var vars = scope.Where(v => v.Writable && !(addressable && v.IsUnion)).ToList();
        for (int tries = 0; tries < 8 && vars.Count > 0; tries++)
        {
            var p = PlaceOf(Pick(vars));
            if (!addressable || p.Width == 0)
            {
                return p;
            }
        }
        return null;
    }

    private Place PlaceOf(Var v)
    {
        // Indices inside indices stay constant, so that a place's text stays small.
        int depth = indexNesting > 0 ? 0 : 1;
        indexNesting++;
        try
        {
            if (v.Struct is { } s)
            {
                var (path, leaf) = Pick(s.Leaves().ToList());
                return new Place((v.IsStructPointer ? $"{v.Name}->" : v.Name + ".") + path[1..], leaf.Type, leaf.Width);
            }
            if (v.IsUnion)
            {
                var (member, type, length) = Pick(UnionShape.Members);
                // A constant index: vrm splits a member access of another width into the union's cells only where it sees the offset.
                return new Place(length == 0 ? $"{v.Name}.{member}" : $"{v.Name}.{member}[{random.Next(length)}]", type, 0);
            }
            if (v.Ahead > 0)
            {
                return random.Next(3) switch
                {
                    0 => new Place($"(*{v.Name})", v.Type, 0),
                    1 => new Place($"{v.Name}[{Idx(v.Ahead, depth)}]", v.Type, 0),
                    _ => new Place($"(*({v.Name} + ({Idx(v.Ahead, depth)})))", v.Type, 0),
                };
            }
            return new Place(v.Name + string.Concat(v.Dims.Select(d => $"[{Idx(d, depth)}]")), v.Type, 0);
        }
        finally
        {
            indexNesting--;
        }
    }

    private string Idx(int length, int depth) =>
        depth == 0 || random.Next(3) == 0 ? random.Next(length).ToString(System.Globalization.CultureInfo.InvariantCulture) : Index(length, depth);

    /// <summary>The address of a writable scalar of type t; a spare global when there is none in scope.</summary>
    private string AddressOf(CType t)
    {
        for (int tries = 0; tries < 10; tries++)
        {
            var p = WritablePlace(addressable: true);
            if (p is not null && p.Type == t)
            {
                return $"&{p.Text}";
            }
        }
        string name = $"spare{spares++}";
        var v = new Var(name, t, Global: true, Writable: true);
        globals.Add(v);
        globalText.Append($"static {t} {name} = {Literal(t).Text};\n");
        return $"&{name}";
    }

    /// <summary>A value of struct type s: a variable, a call that returns one, a compound literal, or a choice of two.</summary>
    private string StructValue(StructDef s, int depth)
    {
        var vars = scope.Where(v => v.Struct == s).ToList();
        var made = makers.Where(f => f.ReturnStruct == s).ToList();
        int pick = random.Next(6);
        if (pick < 2 && vars.Count > 0)
        {
            var v = Pick(vars);
            return v.IsStructPointer ? $"(*{v.Name})" : v.Name;
        }
        if (pick < 4 && made.Count > 0)
        {
            var f = Pick(made);
            return $"{f.Name}({Arguments(f, depth)})";
        }
        if (pick < 5 && vars.Count > 1)
        {
            var (a, b) = (Pick(vars), Pick(vars));
            return $"({Expression(depth - 1).Text} ? {Deref(a)} : {Deref(b)})";
        }
        return $"(struct {s.Name}){Initializer(s, constant: false)}";
    }

    private static string Deref(Var v) => v.IsStructPointer ? $"(*{v.Name})" : v.Name;

    /// <summary>A brace initializer for s; a global's must be constant.</summary>
    private string Initializer(StructDef s, bool constant)
    {
        var parts = new List<string>();
        int count = random.Next(s.Fields.Count + 1);
        foreach (var f in s.Fields.Take(count))
        {
            if (f.Nested is { } n)
            {
                parts.Add(Initializer(n, constant));
            }
            else if (f.Length > 0)
            {
                parts.Add("{" + string.Join(", ", Enumerable.Range(0, random.Next(f.Length + 1)).Select(_ => Value(f.Type, constant))) + "}");
            }
            else
            {
                parts.Add(Value(f.Type, constant));
            }
        }
        return parts.Count == 0 ? "{0}" : "{" + string.Join(", ", parts) + "}";
    }

    private string Value(CType t, bool constant) => constant || random.Next(2) == 0 ? Literal(t).Text : Expression(2).Text;
}
