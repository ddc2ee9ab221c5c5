using System.Text;

namespace Vrm.Cli.Tests.C.NativeGen;

/// <summary>
/// A random single-threaded C program without undefined behaviour (after Csmith's rules: wrapped signed arithmetic,
/// guarded division and shifts, indices in bounds, every object initialised, no unsequenced side effects) that folds
/// everything it computes into one 64-bit checksum, <c>crc</c>. Compiled natively it prints the checksum; with
/// <c>VRM_EXPECTED</c> defined it asserts that the checksum is that value, for <c>vrm check</c>. Plain char is
/// unsigned, as on AArch64: build the native program with -funsigned-char.
/// </summary>
internal sealed partial class ProgramGenerator
{
    private const string StrText = "vrm: \\x80\\xff sequential C";

    /// <summary>The bytes of <see cref="StrText"/> in C, with its terminating 0.</summary>
    private const int StrLength = 21;

    private readonly Random random;
    private readonly List<StructDef> structs = [];
    private readonly List<Var> globals = [];
    private readonly StringBuilder globalText = new();
    private readonly StringBuilder functionText = new();
    private readonly List<Function> pure = [];
    private readonly List<Function> makers = [];
    private readonly List<Function> procs = [];
    private readonly List<Var> scope = [];
    private readonly List<string> loopVars = [];
    private StringBuilder body = new();
    private bool hasTable;
    private bool bumpUsed;
    private bool inPure;
    private int indexNesting;
    private int indent;
    private int names;
    private int spares;
    private int budget;
    private int loopDepth;
    private CType? returnType;

    public ProgramGenerator(int seed)
    {
        random = new Random(seed);
        Seed = seed;
        for (int i = 0, n = random.Next(0, 4); i < n; i++)
        {
            structs.Add(NewStruct(i));
        }
        for (int i = 0, n = random.Next(3, 8); i < n; i++)
        {
            NewGlobal(i);
        }
        if (random.Next(2) == 0)
        {
            for (int i = 0; i < 3; i++)
            {
                Function($"tf{i}", CType.ULLong, null, [new Var("x", CType.ULLong, false, true), new Var("y", CType.Int, false, true)], isPure: true);
            }
            hasTable = true;
            functionText.Append("static unsigned long long (*const table[3])(unsigned long long, int) = {tf0, tf1, tf2};\n\n");
        }
        for (int i = 0, n = random.Next(0, 3); i < n; i++)
        {
            pure.Add(Function($"pf{i}", Pick(CType.All), null, Params(random.Next(1, 4), pointers: false), isPure: true));
        }
        foreach (var s in structs.Where(_ => random.Next(2) == 0))
        {
            makers.Add(Function($"make_{s.Name}", null, s, Params(random.Next(1, 3), pointers: false), isPure: true));
        }
        for (int i = 0, n = random.Next(0, 3); i < n; i++)
        {
            var ret = random.Next(3) == 0 ? null : Pick(CType.All);
            procs.Add(Function($"proc{i}", ret, null, Params(random.Next(1, 4), pointers: true), isPure: false));
        }
        Main();
    }

    public int Seed { get; }

    private string mainText = "";

    /// <summary>The program; the vrm form defines VRM_EXPECTED as the native run's checksum.</summary>
    public string Source(ulong? expected)
    {
        var text = new StringBuilder();
        text.Append($"/* vrm native differential program, seed {Seed} */\n");
        if (expected is { } e)
        {
            text.Append($"#define VRM_EXPECTED 0x{e:x}ULL\n");
        }
        text.Append("""
            #ifdef VRM_EXPECTED
            #include "vrm.h"
            #else
            int printf(const char *, ...);
            #endif

            """);
        foreach (var s in structs)
        {
            text.Append($"struct {s.Name} {{ ");
            foreach (var f in s.Fields)
            {
                text.Append(f.Nested is { } n ? $"struct {n.Name} {f.Name}; " : f.Width > 0 ? $"{f.Type} {f.Name} : {f.Width}; " : f.Length > 0 ? $"{f.Type} {f.Name}[{f.Length}]; " : $"{f.Type} {f.Name}; ");
            }
            text.Append("};\n");
        }
        text.Append(UnionShape.Declaration).Append('\n');
        text.Append($"static const char str[] = \"{StrText}\";\n");
        text.Append("""
            static unsigned long long crc = 0xcbf29ce484222325ULL;
            static unsigned side_count;
            static unsigned long long side_sum;

            static void mix(unsigned long long v)
            {
              crc = (crc ^ v) * 0x100000001b3ULL;
              crc ^= crc >> 29;
            }

            static int bump(long long v)
            {
              side_count++;
              side_sum = side_sum * 31u + (unsigned long long)v;
              return (int)(v & 1);
            }

            """);
        text.Append(globalText).Append('\n').Append(functionText).Append(mainText);
        return text.ToString();
    }

    private StructDef NewStruct(int index)
    {
        var s = new StructDef($"S{index}");
        for (int i = 0, n = random.Next(1, 6); i < n; i++)
        {
            string name = $"f{i}";
            int kind = random.Next(10);
            if (kind < 3)
            {
                var t = Pick([CType.Int, CType.UInt, CType.Bool, CType.LLong, CType.ULLong, CType.UInt, CType.Int]);
                int width = t == CType.Bool ? 1 : random.Next(1, t.Bits + 1);
                s.Fields.Add(new Field(name, t, Width: width));
            }
            else if (kind < 4 && structs.Count > 0)
            {
                s.Fields.Add(new Field(name, CType.Int, Nested: Pick(structs)));
            }
            else if (kind < 5)
            {
                s.Fields.Add(new Field(name, Pick(CType.All.Where(t => t != CType.Bool).ToArray()), Length: random.Next(1, 4)));
            }
            else
            {
                s.Fields.Add(new Field(name, Pick(CType.All)));
            }
        }
        return s;
    }

    private void NewGlobal(int index)
    {
        string name = $"g{index}";
        var t = Pick(CType.All);
        int kind = random.Next(10);
        if (kind < 2)
        {
            int n = random.Next(1, 5);
            int m = random.Next(2) == 0 ? 0 : random.Next(1, 4);
            var init = Enumerable.Range(0, random.Next(n + 1)).Select(_ => m == 0 ? Literal(t).Text : "{" + string.Join(", ", Enumerable.Range(0, random.Next(m + 1)).Select(_ => Literal(t).Text)) + "}");
            globalText.Append($"static {t} {name}{(m == 0 ? $"[{n}]" : $"[{n}][{m}]")} = {{{string.Join(", ", init)}}};\n");
            globals.Add(new Var(name, t, true, true) { Dims = m == 0 ? [n] : [n, m] });
        }
        else if (kind < 4 && structs.Any(s => !s.HasBitfield))
        {
            // clang lays out a global with bit-fields as its initialiser's bytes ({ i8, i8, ... }), which vrm does not
            // map back to the struct's cells when the global is reached through a pointer: not generated yet.
            var s = Pick(structs.Where(s => !s.HasBitfield).ToList());
            globalText.Append($"static struct {s.Name} {name} = {Initializer(s, constant: true)};\n");
            globals.Add(new Var(name, CType.Int, true, true) { Struct = s });
        }
        else if (kind < 5)
        {
            globalText.Append($"static union U {name} = {{{Literal(CType.ULLong).Text}}};\n");
            globals.Add(new Var(name, CType.Int, true, true) { IsUnion = true });
        }
        else if (kind < 6 && globals.FirstOrDefault(g => g.IsScalar) is { } target)
        {
            // A pointer initialised with another global's address, a relocation in the IR.
            globalText.Append($"static {target.Type} *{name} = &{target.Name};\n");
            globals.Add(new Var(name, target.Type, true, true) { Ahead = 1 });
        }
        else
        {
            string init = random.Next(4) == 0 ? "" : $" = {Literal(t).Text}";
            globalText.Append($"static {t} {name}{init};\n");
            globals.Add(new Var(name, t, true, true));
        }
    }

    private List<Var> Params(int count, bool pointers)
    {
        var list = new List<Var>();
        for (int i = 0; i < count; i++)
        {
            string name = $"a{i}";
            int kind = random.Next(6);
            if (kind == 0 && structs.Count > 0)
            {
                list.Add(new Var(name, CType.Int, false, true) { Struct = Pick(structs) });
            }
            else if (kind == 1 && pointers)
            {
                list.Add(new Var(name, Pick(CType.All), false, true) { Ahead = 1 });
            }
            else
            {
                list.Add(new Var(name, Pick(CType.All), false, true));
            }
        }
        return list;
    }

    private static string ParamText(Var p) => p.Struct is { } s ? $"struct {s.Name} {p.Name}" : p.Ahead > 0 ? $"{p.Type} *{p.Name}" : $"{p.Type} {p.Name}";

    private Function Function(string name, CType? ret, StructDef? retStruct, List<Var> parameters, bool isPure)
    {
        var f = new Function(name, ret, retStruct, parameters, isPure);
        body = new StringBuilder();
        scope.Clear();
        scope.AddRange(globals.Select(g => g with { Writable = !isPure }));
        scope.AddRange(parameters);
        returnType = ret;
        // A pure function's calls may sit side by side in one expression, in an order C leaves open: they must not
        // touch the checksum or the side-effect counters.
        inPure = isPure;
        indent = 1;
        budget = random.Next(2, 8);
        if (!isPure && random.Next(2) == 0)
        {
            var t = Pick(CType.All);
            Line($"static {t} st = {Literal(t).Text};");
            scope.Add(new Var("st", t, false, true));
        }
        Block(0, budget);
        string ending = retStruct is { } s ? $"return {StructValue(s, 3)};" : ret is null ? "" : $"return {Expression(3).Text};";
        if (ending.Length > 0)
        {
            Line(ending);
        }
        string head = retStruct is { } rs ? $"struct {rs.Name}" : ret?.Name ?? "void";
        string paramList = parameters.Count == 0 ? "void" : string.Join(", ", parameters.Select(ParamText));
        functionText.Append($"static {head} {name}({paramList})\n{{\n{body}}}\n\n");
        returnType = null;
        inPure = false;
        return f;
    }

    private void Main()
    {
        body = new StringBuilder();
        scope.Clear();
        scope.AddRange(globals);
        indent = 1;
        budget = random.Next(15, 35);
        // Not Block: main's own locals stay in scope for the checksum below.
        while (budget > 0)
        {
            budget--;
            bumpUsed = false;
            Statement(0);
        }
        // Everything the program computed goes into the checksum.
        foreach (var g in globals.Concat(scope.Where(v => !v.Global)).Where(v => v.Ahead == 0 && !v.IsStructPointer))
        {
            foreach (string leaf in Leaves(g))
            {
                Line($"mix((unsigned long long)({leaf}));");
            }
        }
        Line("mix(side_count);");
        Line("mix(side_sum);");
        mainText = $$"""
            int main(void)
            {
            {{body}}#ifdef VRM_EXPECTED
              vrm_assert(crc == VRM_EXPECTED);
            #else
              printf("%llu\n", crc);
            #endif
              return 0;
            }

            """;
    }

    private static IEnumerable<string> Leaves(Var v)
    {
        if (v.Struct is { } s)
        {
            return s.Leaves().Select(l => v.Name + l.Path);
        }
        if (v.IsUnion)
        {
            return [$"{v.Name}.q"];
        }
        IEnumerable<string> names = [v.Name];
        foreach (int d in v.Dims)
        {
            names = names.SelectMany(n => Enumerable.Range(0, d).Select(i => $"{n}[{i}]"));
        }
        return names;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
