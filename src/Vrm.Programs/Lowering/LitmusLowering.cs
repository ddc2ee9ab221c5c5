using Vrm.Syntax;
using Vrm.Syntax.Litmus;

namespace Vrm.Programs.Lowering;

/// <summary>Lowers a parsed AArch64 litmus test to the thread IR: locations, initial state, code and condition.</summary>
public static partial class LitmusLowering
{
    /// <summary>
    /// Lowers <paramref name="test"/> with <paramref name="variants"/> (herd's -variant) added to those it declares:
    /// <see cref="Variant.Vmsa"/> asks for a page-table program, which a test that uses page-table syntax, TLBIs or
    /// fault handlers is in any case.
    /// </summary>
    public static Program Lower(LitmusTest test, Variant variants = Variant.None)
    {
        variants |= test.Variants;
        bool vmsa = variants.HasFlag(Variant.Vmsa) || UsesVmsa(test);
        var variables = CollectLocations(test);
        var layout = Layout(test, variables, vmsa);
        var initMemory = new long[layout.Names.Count];
        if (layout.Vmsa is { } vars)
        {
            foreach (var v in vars)
            {
                initMemory[v.PteLoc] = Pte.Encode(PteFields.Default(v.PhysicalAddress));
                // Table entries point to the next level's table (every level has one table here).
                for (int k = 0; k < v.EntryLocs.Count - 1; k++)
                {
                    initMemory[v.EntryLocs[k]] = Pte.Encode(PteFields.Default(VmsaInfo.TableBase(4 - layout.Levels + k + 1)));
                }
                foreach (int s2 in v.Stage2Locs.Values)
                {
                    initMemory[s2] = Pte.EncodeStage2(new Stage2Fields(v.PhysicalAddress));
                }
            }
        }
        foreach (var entry in test.Init)
        {
            for (int k = 0; k < entry.ArrayInit.Count && entry.Target is MemoryRef m; k++)
            {
                if (k >= entry.ArrayLength)
                {
                    throw Error(test, entry.ArrayInit[k].Pos, $"array '{m.Name}' has {entry.ArrayLength} cells but {entry.ArrayInit.Count} initial values");
                }
                initMemory[layout.Index[CellName(m.Name, k)]] = ValueOf(test, entry.ArrayInit[k], layout);
            }
        }
        var mains = test.Threads.Where(t => !t.IsFaultHandler).ToList();
        var initRegs = mains.Select(_ => new List<(int, long)>()).ToArray();
        var lowered = new List<(Instr[] Code, Dictionary<string, int> Labels)>();
        for (int t = 0; t < mains.Count; t++)
        {
            if (mains[t].Index != t)
            {
                throw Error(test, mains[t].Pos, $"thread '{mains[t].Name}' is out of order: expected P{t}");
            }
            lowered.Add(LowerThread(test, mains[t], mains[t]));
        }
        layout.Labels = [.. lowered.Select(l => l.Labels)];
        if (test.Threads.FirstOrDefault(h => h.IsFaultHandler && h.Index >= mains.Count) is { } orphan)
        {
            throw Error(test, orphan.Pos, $"fault handler '{orphan.Name}' has no thread P{orphan.Index}");
        }
        foreach (var entry in test.Init)
        {
            switch (entry.Target)
            {
                case MemoryRef m when entry.Value is not null:
                    initMemory[layout.Index[m.Name]] = ValueOf(test, entry.Value, layout);
                    break;
                case PteRef p when entry.Value is not null:
                    initMemory[EntryLoc(test, layout, p)] = ValueOf(test, entry.Value, layout, p);
                    break;
                case RegisterRef r:
                    int thread = ThreadIndex(test, r.Thread, r.Pos, mains.Count);
                    int reg = RegisterOf(test, r);
                    if (initRegs[thread].Any(i => i.Item1 == reg))
                    {
                        throw Error(test, r.Pos, $"{r} is initialised twice");
                    }
                    initRegs[thread].Add((reg, entry.Value is null ? 0 : ValueOf(test, entry.Value, layout)));
                    break;
            }
        }
        var threads = new List<ThreadProgram>();
        for (int t = 0; t < mains.Count; t++)
        {
            threads.Add(new ThreadProgram(t, mains[t].Name, lowered[t].Code, initRegs[t]) { Labels = lowered[t].Labels, FaultHandler = Handler(test, t, mains, layout.Labels[t]) });
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
            Observe(ObservableOf(test, l, layout));
        }
        var condition = LowerProp(test, test.Condition.Prop, layout, Observe);
        var filter = test.Filter is null ? null : LowerProp(test, test.Filter, layout, _ => { });
        var kind = test.Condition.Quantifier switch
        {
            Quantifier.Exists => CondKind.Exists,
            Quantifier.NotExists => CondKind.NotExists,
            Quantifier.Forall => CondKind.Forall,
            _ => throw Error(test, test.Condition.Pos, "unsupported: 'final' conditions are not supported; use 'exists' or 'forall'", unsupported: true),
        };
        return new Program(test.Name, test.File, layout.Names, initMemory, threads, kind, condition, filter, observed)
        {
            Addresses = layout.Addresses,
            Vmsa = layout.Vmsa is null ? null : VmsaInfoOf(test, variants, layout, threads.Count),
        };
    }

    /// <summary>The fault handler column <c>P{t}.F</c> of thread t, lowered with its own labels; null when there is none.</summary>
    private static ThreadProgram? Handler(LitmusTest test, int t, List<ThreadSyntax> mains, Dictionary<string, int> ownerLabels)
    {
        ThreadProgram? handler = null;
        foreach (var h in test.Threads.Where(h => h.IsFaultHandler && h.Index == t))
        {
            if (handler is not null)
            {
                throw Error(test, h.Pos, $"thread P{t} has two fault handlers");
            }
            var (code, labels) = LowerThread(test, h, mains[t], ownerLabels);
            handler = new ThreadProgram(t, h.Name, code, []) { Labels = labels };
        }
        return handler;
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

    /// <summary>Where the locations are: names, addresses, and for a page-table program the variables' pages and entries.</summary>
    private sealed class LocationLayout
    {
        public List<string> Names { get; } = [];

        public long[] Addresses { get; set; } = [];

        public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);

        /// <summary>Null unless this is a page-table program.</summary>
        public List<VmsaVariable>? Vmsa { get; set; }

        /// <summary>The labels of each thread, once its code is lowered (for label values and fault atoms).</summary>
        public List<Dictionary<string, int>> Labels { get; set; } = [];

        public List<FaultAtom> Faults { get; } = [];

        public VmsaVariable PteOf(string variable) => Vmsa!.First(v => v.Name == variable);

        public int Levels { get; set; } = 1;

        /// <summary>The location of <paramref name="variable"/>'s entry at <paramref name="level"/> (3: its PTE).</summary>
        public int EntryOf(string variable, int level)
        {
            var v = PteOf(variable);
            return v.EntryLocs[level - (4 - Levels)];
        }
    }

    /// <summary>Places each variable at its own distant base address and the cells of an array side by side; see <see cref="Program.AddressBase"/>.</summary>
    private static LocationLayout Layout(LitmusTest test, List<string> variables, bool vmsa)
    {
        var arrays = test.Init.Where(e => e.ArrayLength > 0 && e.Target is MemoryRef)
            .GroupBy(e => ((MemoryRef)e.Target).Name).ToDictionary(g => g.Key, g => g.First());
        var layout = new LocationLayout();
        var addresses = new List<long>();
        long cellBase = vmsa ? Program.PhysicalBase : Program.AddressBase;
        var firstCell = new List<int>();
        for (int v = 0; v < variables.Count; v++)
        {
            long baseAddress = cellBase + (v * Program.AddressStride);
            firstCell.Add(layout.Names.Count);
            if (arrays.TryGetValue(variables[v], out var array))
            {
                int size = SizeOf(array.TypeName);
                for (int k = 0; k < array.ArrayLength; k++)
                {
                    layout.Names.Add(CellName(variables[v], k));
                    addresses.Add(baseAddress + (k * size));
                }
            }
            else
            {
                layout.Names.Add(variables[v]);
                addresses.Add(baseAddress);
            }
        }
        if (vmsa)
        {
            layout.Vmsa = [];
            layout.Levels = test.Levels;
            // With more than one level, the table entries on each variable's walk are locations too; variables
            // whose walks share an entry share its location, named after the first of them.
            var entryAt = new Dictionary<long, int>();
            for (int v = 0; v < variables.Count; v++)
            {
                long offset = v * Program.AddressStride;
                long va = Program.AddressBase + offset;
                var entries = new List<int>();
                for (int level = 4 - test.Levels; level < 3; level++)
                {
                    long address = VmsaInfo.TableBase(level) + (VmsaInfo.Index(va, level) * 8);
                    if (!entryAt.TryGetValue(address, out int loc))
                    {
                        loc = layout.Names.Count;
                        entryAt[address] = loc;
                        layout.Names.Add($"{PteRef.LevelNames[level]}({variables[v]})");
                        addresses.Add(address);
                    }
                    entries.Add(loc);
                }
                long pte = VmsaInfo.TableBase(3) + (VmsaInfo.Index(va, 3) * 8);
                entries.Add(layout.Names.Count);
                int pteLoc = layout.Names.Count;
                layout.Names.Add($"PTE({variables[v]})");
                addresses.Add(pte);
                // Each virtual machine maps the variable's address (its IPA) through an entry of its own stage-2 table.
                var stage2 = new Dictionary<int, int>();
                foreach (int vmid in test.VmThreads.Select(t => t.Vmid).Distinct().Order())
                {
                    stage2[vmid] = layout.Names.Count;
                    layout.Names.Add($"S2PTE({variables[v]},{vmid})");
                    addresses.Add(VmsaInfo.Stage2TableBase(vmid) + (VmsaInfo.Index(va, 3) * 8));
                }
                layout.Vmsa.Add(new VmsaVariable(variables[v], va, Program.PhysicalBase + offset, pte, firstCell[v], pteLoc) { EntryLocs = entries, Stage2Locs = stage2 });
            }
        }
        layout.Addresses = [.. addresses];
        for (int i = 0; i < layout.Names.Count; i++)
        {
            layout.Index[layout.Names[i]] = i;
        }
        return layout;
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
        void AddLocation(LocationRef? l)
        {
            switch (l)
            {
                case MemoryRef m:
                    Add(m.Name);
                    break;
                case PteRef p:
                    Add(p.Variable);
                    break;
                case FaultRef f:
                    AddLocation(f.Location);
                    break;
            }
        }
        // Page-table values name variables too; a plain symbol in a condition must be a known location.
        void AddValue(ValueSyntax? v, bool symbols)
        {
            switch (v)
            {
                case SymbolValue s when symbols:
                    Add(s.Name);
                    break;
                case PteAddressValue p:
                    Add(p.Variable);
                    break;
                case PhysicalValue p:
                    Add(p.Variable);
                    break;
                case DescriptorValue d:
                    foreach (var f in d.Fields)
                    {
                        AddValue(f.Value, symbols);
                    }
                    break;
            }
        }
        foreach (var e in test.Init)
        {
            AddLocation(e.Target is RegisterRef ? null : e.Target);
            AddValue(e.Value, symbols: true);
        }
        void AddProp(Prop p)
        {
            switch (p)
            {
                case AtomProp a:
                    AddLocation(a.Location);
                    AddValue(a.Value, symbols: false);
                    break;
                case FaultProp f:
                    AddLocation(f.Fault);
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
            AddLocation(l);
        }
        if (test.Filter is not null)
        {
            AddProp(test.Filter);
        }
        AddProp(test.Condition.Prop);
        return names;
    }

    /// <summary>
    /// A value: a number, a variable's address (virtual in a page-table program), <c>PA(x)</c>, <c>PTE(x)</c>,
    /// a code label, or a descriptor, whose output address defaults to <paramref name="pteOf"/>'s page when it
    /// is the entry of that variable.
    /// </summary>
    private static long ValueOf(LitmusTest test, ValueSyntax value, LocationLayout layout, PteRef? pteOf = null)
    {
        switch (value)
        {
            case IntValue i:
                return i.Value;
            case SymbolValue s:
                if (!layout.Index.TryGetValue(s.Name, out int loc))
                {
                    throw Error(test, s.Pos, $"unknown location '{s.Name}'");
                }
                return layout.Vmsa is null ? layout.Addresses[loc] : Variable(test, layout, s.Name, s.Pos).VirtualAddress;
            case LabelValue l when layout.Vmsa is not null:
                return CodeLabel(test, layout, l);
            case LabelValue l:
                throw Error(test, l.Pos, $"unsupported: code label value label:\"{l.Thread}:{l.Label}\" (instruction fetch tests)", unsupported: true);
            case PteAddressValue p:
                return layout.Addresses[EntryLoc(test, layout, new PteRef(p.Variable, p.Pos) { Level = p.Level, Vmid = p.Vmid })];
            case PhysicalValue p:
                return Variable(test, layout, p.Variable, p.Pos).PhysicalAddress;
            case DescriptorValue d:
                return Descriptor(test, layout, d, pteOf);
            case TableValue t when layout.Vmsa is not null && t.Level > 4 - layout.Levels:
                return VmsaInfo.TableBase(t.Level);
            case TableValue t:
                throw Error(test, t.Pos, $"TABLE({t.Level}) needs a walk of more levels: say Levels={5 - t.Level} or more");
            default:
                throw new InvalidOperationException();
        }
    }

    private static int ThreadIndex(LitmusTest test, int thread, SourcePos pos, int count)
    {
        if (thread < 0 || thread >= count)
        {
            throw Error(test, pos, $"thread {thread} does not exist: the test has {count} thread{(count == 1 ? "" : "s")}");
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

    private static Observable ObservableOf(LitmusTest test, LocationRef l, LocationLayout layout) => l switch
    {
        MemoryRef m => Observable.Memory(layout.Index[m.Name]),
        RegisterRef r => Observable.Register(ThreadIndex(test, r.Thread, r.Pos, layout.Labels.Count), RegisterOf(test, r)),
        PteRef p => Observable.Memory(EntryLoc(test, layout, p)),
        FaultRef f => Observable.FaultAtom(FaultIndex(test, layout, f)),
        _ => throw new InvalidOperationException(),
    };

    private static Cond LowerProp(LitmusTest test, Prop prop, LocationLayout layout, Action<Observable> observe)
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
            FaultProp f => Fault(f),
            _ => throw new InvalidOperationException(),
        };
        Cond Atom(AtomProp a)
        {
            var o = ObservableOf(test, a.Location, layout);
            observe(o);
            if (a.Value is SymbolValue s && !layout.Index.ContainsKey(s.Name))
            {
                throw Error(test, s.Pos, $"unknown location '{s.Name}' in the condition");
            }
            return new AtomCond(o, ValueOf(test, a.Value, layout, a.Location as PteRef), a.Equal);
        }
        Cond Fault(FaultProp f)
        {
            var o = ObservableOf(test, f.Fault, layout);
            observe(o);
            return new FaultCond(o);
        }
        return Go(prop);
    }

    internal static DiagnosticException Error(LitmusTest test, SourcePos pos, string message, bool unsupported = false) =>
        new(new Diagnostic(test.File, pos, message), unsupported);
}
