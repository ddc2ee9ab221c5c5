using Vrm.Syntax;
using Vrm.Syntax.Litmus;

namespace Vrm.Programs.Lowering;

/// <summary>Lowers a parsed AArch64 litmus test to the thread IR: locations, initial state, code and condition.</summary>
public static partial class LitmusLowering
{
    public static Program Lower(LitmusTest test)
    {
        var locations = CollectLocations(test);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < locations.Count; i++)
        {
            index[locations[i]] = i;
        }
        var initMemory = new long[locations.Count];
        var initRegs = test.Threads.Select(_ => new List<(int, long)>()).ToArray();
        foreach (var entry in test.Init)
        {
            long value = entry.Value is null ? 0 : ValueOf(test, entry.Value, index);
            switch (entry.Target)
            {
                case MemoryRef m:
                    initMemory[index[m.Name]] = value;
                    break;
                case RegisterRef r:
                    int thread = ThreadIndex(test, r.Thread, r.Pos);
                    initRegs[thread].Add((RegisterOf(test, r), value));
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
        var condition = LowerProp(test, test.Condition.Prop, index, Observe);
        var filter = test.Filter is null ? null : LowerProp(test, test.Filter, index, _ => { });
        var kind = test.Condition.Quantifier switch
        {
            Quantifier.Exists => CondKind.Exists,
            Quantifier.NotExists => CondKind.NotExists,
            Quantifier.Forall => CondKind.Forall,
            _ => throw Error(test, test.Condition.Pos, "unsupported: 'final' conditions are not supported; use 'exists' or 'forall'", unsupported: true),
        };
        var sizes = locations.Select(_ => 0).ToArray();
        return new Program(test.Name, test.File, locations, initMemory, threads, kind, condition, filter, observed, sizes);
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

    private static long ValueOf(LitmusTest test, ValueSyntax value, Dictionary<string, int> index) => value switch
    {
        IntValue i => i.Value,
        SymbolValue s => Program.AddressOf(index[s.Name]),
        LabelValue l => throw Error(test, l.Pos, $"unsupported: code label value label:\"{l.Thread}:{l.Label}\" (instruction fetch tests)", unsupported: true),
        _ => throw new InvalidOperationException(),
    };

    private static int ThreadIndex(LitmusTest test, int thread, SourcePos pos)
    {
        if (thread < 0 || thread >= test.Threads.Count)
        {
            throw Error(test, pos, $"thread {thread} does not exist: the test has {test.Threads.Count} threads");
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

    private static Cond LowerProp(LitmusTest test, Prop prop, Dictionary<string, int> index, Action<Observable> observe)
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
            return new AtomCond(o, ValueOf(test, a.Value, index), a.Equal);
        }
        return Go(prop);
    }

    internal static DiagnosticException Error(LitmusTest test, SourcePos pos, string message, bool unsupported = false) =>
        new(new Diagnostic(test.File, pos, message), unsupported);
}
