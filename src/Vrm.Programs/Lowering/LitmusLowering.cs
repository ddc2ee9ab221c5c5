using Vrm.Syntax;
using Vrm.Syntax.Litmus;

namespace Vrm.Programs.Lowering;

/// <summary>Lowers a parsed AArch64 litmus test to the thread IR: locations, initial state, code and condition.</summary>
public static partial class LitmusLowering
{
    public static Program Lower(LitmusTest test)
    {
        var variables = CollectLocations(test);
        var (locations, addresses) = Layout(test, variables);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < locations.Count; i++)
        {
            index[locations[i]] = i;
        }
        var initMemory = new long[locations.Count];
        foreach (var entry in test.Init)
        {
            for (int k = 0; k < entry.ArrayInit.Count && entry.Target is MemoryRef m; k++)
            {
                if (k >= entry.ArrayLength)
                {
                    throw Error(test, entry.ArrayInit[k].Pos, $"array '{m.Name}' has {entry.ArrayLength} cells but {entry.ArrayInit.Count} initial values");
                }
                initMemory[index[CellName(m.Name, k)]] = ValueOf(test, entry.ArrayInit[k], index, addresses);
            }
        }
        var initRegs = test.Threads.Select(_ => new List<(int, long)>()).ToArray();
        foreach (var entry in test.Init)
        {
            long value = entry.Value is null ? 0 : ValueOf(test, entry.Value, index, addresses);
            switch (entry.Target)
            {
                case MemoryRef m when entry.Value is not null:
                    initMemory[index[m.Name]] = value;
                    break;
                case RegisterRef r:
                    int thread = ThreadIndex(test, r.Thread, r.Pos);
                    int reg = RegisterOf(test, r);
                    if (initRegs[thread].Any(i => i.Item1 == reg))
                    {
                        throw Error(test, r.Pos, $"{r} is initialised twice");
                    }
                    initRegs[thread].Add((reg, value));
                    break;
            }
        }
        var threads = new List<ThreadProgram>();
        for (int t = 0; t < test.Threads.Count; t++)
        {
            if (test.Threads[t].Index != t)
            {
                throw Error(test, test.Threads[t].Pos, $"thread '{test.Threads[t].Name}' is out of order: expected P{t}");
            }
            threads.Add(new ThreadProgram(t, test.Threads[t].Name, LowerThread(test, test.Threads[t]), initRegs[t]));
        }
        var observed = new List<Observable>();
        void Observe(Observable o)
        {
            if (!observed.Contains(o))
            {
                observed.Add(o);
            }
        }
        foreach (var l in test.Locations)
        {
            Observe(ObservableOf(test, l, index));
        }
        var condition = LowerProp(test, test.Condition.Prop, index, addresses, Observe);
        var filter = test.Filter is null ? null : LowerProp(test, test.Filter, index, addresses, _ => { });
        var kind = test.Condition.Quantifier switch
        {
            Quantifier.Exists => CondKind.Exists,
            Quantifier.NotExists => CondKind.NotExists,
            Quantifier.Forall => CondKind.Forall,
            _ => throw Error(test, test.Condition.Pos, "unsupported: 'final' conditions are not supported; use 'exists' or 'forall'", unsupported: true),
        };
        return new Program(test.Name, test.File, locations, initMemory, threads, kind, condition, filter, observed) { Addresses = addresses };
    }

    /// <summary>Cell k of array x is named x[k]; cell 0 is also plain x, which is how conditions name it.</summary>
    private static string CellName(string array, int k) => k == 0 ? array : $"{array}[{k}]";

    /// <summary>Bytes per cell of a declared type; herd's untyped locations are ints.</summary>
    private static int SizeOf(string? type) => type switch
    {
        null => 4,
        _ when type.EndsWith('*') => 8,
        "int8_t" or "uint8_t" or "char" => 1,
        "int16_t" or "uint16_t" or "short" => 2,
        "int64_t" or "uint64_t" or "long" or "intptr_t" or "uintptr_t" or "pteval_t" => 8,
        "int128_t" or "uint128_t" => 16,
        _ => 4,
    };

    /// <summary>Places each variable at its own distant base address and the cells of an array side by side.</summary>
    private static (List<string> Names, long[] Addresses) Layout(LitmusTest test, List<string> variables)
    {
        var arrays = test.Init.Where(e => e.ArrayLength > 0 && e.Target is MemoryRef)
            .GroupBy(e => ((MemoryRef)e.Target).Name).ToDictionary(g => g.Key, g => g.First());
        var names = new List<string>();
        var addresses = new List<long>();
        for (int v = 0; v < variables.Count; v++)
        {
            long baseAddress = Program.AddressBase + (v * Program.AddressStride);
            if (arrays.TryGetValue(variables[v], out var array))
            {
                int size = SizeOf(array.TypeName);
                for (int k = 0; k < array.ArrayLength; k++)
                {
                    names.Add(CellName(variables[v], k));
                    addresses.Add(baseAddress + (k * size));
                }
            }
            else
            {
                names.Add(variables[v]);
                addresses.Add(baseAddress);
            }
        }
        return (names, [.. addresses]);
    }

    private static List<string> CollectLocations(LitmusTest test)
    {
        var names = new List<string>();
        void Add(string name)
        {
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }
        void AddValue(ValueSyntax? v)
        {
            if (v is SymbolValue s)
            {
                Add(s.Name);
            }
        }
        foreach (var e in test.Init)
        {
            if (e.Target is MemoryRef m)
            {
                Add(m.Name);
            }
            AddValue(e.Value);
        }
        void AddProp(Prop p)
        {
            switch (p)
            {
                case AtomProp a:
                    if (a.Location is MemoryRef m)
                    {
                        Add(m.Name);
                    }
                    break;
                case NotProp n:
                    AddProp(n.Operand);
                    break;
                case AndProp a:
                    AddProp(a.Left);
                    AddProp(a.Right);
                    break;
                case OrProp o:
                    AddProp(o.Left);
                    AddProp(o.Right);
                    break;
                case ImpliesProp i:
                    AddProp(i.Left);
                    AddProp(i.Right);
                    break;
            }
        }
        foreach (var l in test.Locations)
        {
            if (l is MemoryRef m)
            {
                Add(m.Name);
            }
        }
        if (test.Filter is not null)
        {
            AddProp(test.Filter);
        }
        AddProp(test.Condition.Prop);
        return names;
    }

    private static long ValueOf(LitmusTest test, ValueSyntax value, Dictionary<string, int> index, long[] addresses) => value switch
    {
        IntValue i => i.Value,
        SymbolValue s => index.TryGetValue(s.Name, out int loc)
            ? addresses[loc]
            : throw Error(test, s.Pos, $"unknown location '{s.Name}'"),
        LabelValue l => throw Error(test, l.Pos, $"unsupported: code label value label:\"{l.Thread}:{l.Label}\" (instruction fetch tests)", unsupported: true),
        _ => throw new InvalidOperationException(),
    };

    private static int ThreadIndex(LitmusTest test, int thread, SourcePos pos)
    {
        if (thread < 0 || thread >= test.Threads.Count)
        {
            throw Error(test, pos, $"thread {thread} does not exist: the test has {test.Threads.Count} thread{(test.Threads.Count == 1 ? "" : "s")}");
        }
        return thread;
    }

    private static int RegisterOf(LitmusTest test, RegisterRef r)
    {
        var name = r.Register;
        if (name is "XZR" or "WZR")
        {
            return Reg.Zero;
        }
        if (name is "SP" or "WSP")
        {
            return Reg.Sp;
        }
        if (name.Length >= 2 && name[0] is 'X' or 'W' or 'R' && int.TryParse(name.AsSpan(1), out int n) && n is >= 0 and <= 30)
        {
            return n;
        }
        throw Error(test, r.Pos, $"unsupported register '{name}'", unsupported: name.StartsWith('V') || name.StartsWith('Q') || name.StartsWith('S'));
    }

    private static Observable ObservableOf(LitmusTest test, LocationRef l, Dictionary<string, int> index) => l switch
    {
        MemoryRef m => Observable.Memory(index[m.Name]),
        RegisterRef r => Observable.Register(ThreadIndex(test, r.Thread, r.Pos), RegisterOf(test, r)),
        _ => throw new InvalidOperationException(),
    };

    private static Cond LowerProp(LitmusTest test, Prop prop, Dictionary<string, int> index, long[] addresses, Action<Observable> observe)
    {
        Cond Go(Prop p) => p switch
        {
            TrueProp => new ConstCond(true),
            FalseProp => new ConstCond(false),
            NotProp n => new NotCond(Go(n.Operand)),
            AndProp a => new AndCond(Go(a.Left), Go(a.Right)),
            OrProp o => new OrCond(Go(o.Left), Go(o.Right)),
            ImpliesProp i => new OrCond(new NotCond(Go(i.Left)), Go(i.Right)),
            AtomProp a => Atom(a),
            _ => throw new InvalidOperationException(),
        };
        Cond Atom(AtomProp a)
        {
            var o = ObservableOf(test, a.Location, index);
            observe(o);
            if (a.Value is SymbolValue s && !index.ContainsKey(s.Name))
            {
                throw Error(test, s.Pos, $"unknown location '{s.Name}' in the condition");
            }
            return new AtomCond(o, ValueOf(test, a.Value, index, addresses), a.Equal);
        }
        return Go(prop);
    }

    internal static DiagnosticException Error(LitmusTest test, SourcePos pos, string message, bool unsupported = false) =>
        new(new Diagnostic(test.File, pos, message), unsupported);
}
