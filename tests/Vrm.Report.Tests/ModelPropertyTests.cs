using System.Runtime.InteropServices;
using System.Text;
using CsCheck;
using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Models;
using Vrm.Models.Arm;
using Vrm.Models.Sc;
using Vrm.Programs;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// Properties of the models over random small litmus tests: SC allows no more than Arm, SC agrees with a
/// plain interleaving interpreter, and results depend on nothing but the input.
/// </summary>
public partial class ModelPropertyTests
{
    /// <summary>Tests per property; the seeds are fixed so CI sees the same tests every run.</summary>
    private const int Iterations = 300;

    /// <summary>Random iterations spent looking for a smaller failing test once one test fails.</summary>
    private const int ShrinkIterations = 20_000;

    private static readonly ExploreOptions Options = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public void ScStatesAreArmStates() => ForAll(1, c =>
    {
        var program = Lower(c);
        var sc = Explore(program, ScModel.Instance);
        var arm = Explore(program, ArmModel.Instance);
        var armStates = arm.States.Select(s => HerdFormat.State(arm, s)).ToHashSet();
        var extra = sc.States.Select(s => HerdFormat.State(sc, s)).Where(s => !armStates.Contains(s)).ToList();
        Assert.True(extra.Count == 0, $"SC allows final states that Arm forbids (SC must be stronger):\n  {string.Join("\n  ", extra)}");
    });

    [Fact]
    public void ScMatchesInterleavingInterpreter() => ForAll(2, c =>
    {
        var program = Lower(c);
        var sc = Explore(program, ScModel.Instance);
        var vrm = sc.States.Select(s => Show(sc, s)).ToHashSet();
        var oracle = new Interleaver(program).FinalStates(sc.Displayed).Select(s => Show(sc, s)).ToHashSet();
        var onlyVrm = vrm.Except(oracle).Order(StringComparer.Ordinal).ToList();
        var onlyOracle = oracle.Except(vrm).Order(StringComparer.Ordinal).ToList();
        Assert.True(onlyVrm.Count == 0 && onlyOracle.Count == 0,
            "vrm's SC model and the reference interleaving interpreter disagree (a '*' marks states satisfying the condition):\n"
            + $" only in ScModel:\n  {string.Join("\n  ", onlyVrm)}\n only in the interpreter:\n  {string.Join("\n  ", onlyOracle)}");
    });

    [Fact]
    public void OutputIsAFunctionOfTheInput() => ForAll(3, c =>
    {
        foreach (IAxiomaticModel model in new IAxiomaticModel[] { ScModel.Instance, ArmModel.Instance })
        {
            // Parse and lower twice too, so nothing cached on the program can hide a difference.
            var first = HerdFormat.Render(Explore(Lower(c), model));
            var second = HerdFormat.Render(Explore(Lower(c), model));
            Assert.Equal(first, second);
        }
    });

    /// <summary>
    /// Runs the property on <see cref="Iterations"/> tests from fixed seeds (CsCheck only fixes the first
    /// seed of a sample, so each seed is its own one-iteration sample). When one fails, a random shrinking
    /// pass from that seed looks for a smaller failing test, which is what the failure shows.
    /// </summary>
    private static void ForAll(uint stream, Action<LitmusCase> property)
    {
        // The seed a failure prints reproduces that test alone: CsCheck_Seed=... dotnet test --filter ...
        if (Environment.GetEnvironmentVariable("CsCheck_Seed") is { Length: > 0 } replay)
        {
            Cases.Sample(property, seed: replay, iter: 1, threads: 1, print: Print);
            return;
        }
        for (ulong i = 0; i < Iterations; i++)
        {
            var seed = new PCG(stream, i).ToString();
            try
            {
                Cases.Sample(property, seed: seed, iter: 1, threads: 1, print: Print);
            }
            catch (CsCheckException found)
            {
                string report;
                try
                {
                    Cases.Sample(property, seed: seed, iter: ShrinkIterations, threads: 1, print: Print);
                    report = found.Message + "\n" + found.InnerException?.Message;
                }
                catch (CsCheckException shrunk)
                {
                    report = shrunk.Message + "\n" + shrunk.InnerException?.Message;
                }
                Assert.Fail($"property failed on fixed seed {seed} (test {i} of stream {stream}); smallest failing test found:\n{report}");
            }
        }
    }

    private static string Print(LitmusCase c) => "\n" + c.Text;

    private static Program Lower(LitmusCase c) => LitmusLowering.Lower(LitmusParser.Parse("random.litmus", c.Text));

    private static ModelResult Explore(Program program, IAxiomaticModel model)
    {
        var r = Explorer.Run(program, model, Options);
        Assert.True(r.Completion == Completion.Complete && !r.Cut, $"{model.Name} did not finish: {r.IncompleteReason}");
        return r;
    }

    private static string Show(ModelResult r, FinalState s) => HerdFormat.State(r, s) + (s.Satisfies ? " *" : "");

    /// <summary>A generated test; printed as litmus text so a failure can be pasted into a file and rerun.</summary>
    private sealed record LitmusCase(string Text, long Cost)
    {
        public override string ToString() => Text;
    }

    private enum OpKind { Store, Load, Fence, AddrLoad, DataStore, Ctrl, Swp, LdAdd, Cas, Exclusive }

    /// <summary>
    /// One abstract step of a thread. Which registers it uses is decided when rendering, from what the thread
    /// has loaded so far; <c>Variant</c> picks the ordering flavour and <c>Source</c> a dependency source.
    /// </summary>
    private sealed record Op(OpKind Kind, int Loc, int Value, int Variant, int Source);

    private static readonly Gen<OpKind> Kinds = Gen.Frequency(
        (6, OpKind.Store), (6, OpKind.Load), (2, OpKind.Fence), (2, OpKind.AddrLoad), (2, OpKind.DataStore),
        (2, OpKind.Ctrl), (1, OpKind.Swp), (1, OpKind.LdAdd), (1, OpKind.Cas), (1, OpKind.Exclusive));

    private static readonly Gen<Op> Ops =
        Gen.Select(Kinds, Gen.Int[0, 2], Gen.Int[1, 3], Gen.Int[0, 3], Gen.Int[0, 3], (k, l, v, variant, src) => new Op(k, l, v, variant, src));

    /// <summary>
    /// Tests are kept to those vrm explores in milliseconds (see <see cref="Shape"/>). Three threads are always
    /// generated and the first 2 or 3 used, which keeps the generator a plain Select.
    /// </summary>
    private static readonly Gen<LitmusCase> Cases = Gen.Select(
        Gen.Int[2, 3], Gen.Int[2, 3], Ops.Array[1, 4].Array[3], Gen.Int[0, 3].Array[16], Gen.UInt, Gen.Int[0, 4],
        (threads, locs, code, values, mask, or) => Render(code[..threads], locs, values, mask, or == 4))
        .Where(c => c.Cost <= MaxCost);

    /// <summary>The bound on <see cref="Shape.Cost"/>: 300 tests then take about a second per model.</summary>
    private const long MaxCost = 30_000;

    private static readonly string[] LocNames = ["x", "y", "z"];

    private static LitmusCase Render(Op[][] threads, int locs, int[] values, uint mask, bool disjunction)
    {
        var shape = new Shape(locs);
        var writers = threads.Select((ops, t) => new ThreadWriter(t, locs, ops, shape)).ToArray();
        var sb = new StringBuilder();
        sb.Append("AArch64 random\n\"generated by ModelPropertyTests\"\n{\n");
        foreach (var w in writers)
        {
            sb.Append(' ').AppendJoin(' ', Enumerable.Range(0, locs).Select(l => $"{w.Thread}:X{l + 1}={LocNames[l]};")).Append('\n');
        }
        sb.Append("}\n");
        int rows = writers.Max(w => w.Lines.Count);
        var widths = writers.Select(w => Math.Max(2, w.Lines.Max(l => l.Length))).ToArray();
        string Row(Func<ThreadWriter, string> cell) =>
            " " + string.Join(" | ", writers.Select((w, t) => cell(w).PadRight(widths[t]))) + " ;\n";
        sb.Append(Row(w => "P" + w.Thread));
        for (int i = 0; i < rows; i++)
        {
            sb.Append(Row(w => i < w.Lines.Count ? w.Lines[i] : ""));
        }
        // Every read register and location is displayed, so whole final states are compared; the condition
        // names a random subset and the locations line the rest.
        var observables = writers.SelectMany(w => w.Observed.Select(r => $"{w.Thread}:X{r}"))
            .Concat(LocNames.Take(locs).Select(l => $"[{l}]")).ToList();
        var inCondition = observables.Where((_, i) => ((mask >> (i % 32)) & 1) != 0 || i == 0).ToHashSet();
        var rest = observables.Where(o => !inCondition.Contains(o)).Select(o => o.Trim('[', ']')).ToList();
        if (rest.Count > 0)
        {
            sb.Append("locations [").AppendJoin("", rest.Select(o => o + ";")).Append("]\n");
        }
        var atoms = observables.Select((o, i) => (o, i)).Where(p => inCondition.Contains(p.o)).Select(p => $"{p.o}={values[p.i % values.Length]}");
        sb.Append("exists (").AppendJoin(disjunction ? " \\/ " : " /\\ ", atoms).Append(")\n");
        return new LitmusCase(sb.ToString(), shape.Cost);
    }

    /// <summary>
    /// What the test reads and writes, for an estimate of vrm's work: it enumerates every value each read may
    /// return, from a per-location domain of values written, so its work grows as the product over reads of
    /// the domain sizes; an increment adds to its location's domain in each of vrm's fixpoint rounds (one
    /// round per write). One increment per test, and a bound on the product, keep tests in milliseconds.
    /// </summary>
    private sealed class Shape(int locs)
    {
        private readonly HashSet<int>[] constants = [.. Enumerable.Range(0, locs).Select(_ => new HashSet<int> { 0 })];
        private readonly int[] increments = new int[locs];
        private readonly List<int> reads = [];
        private int writes;

        public int IncrementsLeft { get; set; } = 1;

        public void Read(int loc) => reads.Add(loc);

        public void Write(int loc, int? constant)
        {
            writes++;
            if (constant is int c)
            {
                constants[loc].Add(c);
            }
            else
            {
                increments[loc]++;
            }
        }

        public long Cost => reads.Aggregate(1L, (product, loc) =>
            Math.Min(product * constants[loc].Count * (1 + (increments[loc] * (writes + 1))), long.MaxValue / 64));
    }

    /// <summary>Turns a thread's ops into assembly lines, giving each loaded value its own register.</summary>
    private sealed class ThreadWriter
    {
        private readonly List<int> sources = [];
        private readonly Shape shape;
        private int nextRead = 4, nextTemp = 10, nextStatus = 20, nextLabel;

        public ThreadWriter(int thread, int locs, Op[] ops, Shape shape)
        {
            Thread = thread;
            this.shape = shape;
            foreach (var op in ops)
            {
                Emit(op, op.Loc % locs);
            }
        }

        public int Thread { get; }

        public List<string> Lines { get; } = [];

        /// <summary>Registers whose final value is displayed: loaded values and store-exclusive statuses.</summary>
        public List<int> Observed { get; } = [];

        private static readonly string[] Orderings = ["", "A", "L", "AL"];

        private static string Addr(int loc) => $"[X{loc + 1}]";

        private int Read(int loc)
        {
            shape.Read(loc);
            int r = nextRead++;
            sources.Add(r);
            Observed.Add(r);
            return r;
        }

        private void Emit(Op op, int loc)
        {
            // Dependencies need an earlier load; without one the op degrades to its plain form.
            var kind = sources.Count > 0 ? op.Kind : op.Kind switch
            {
                OpKind.AddrLoad or OpKind.Ctrl => OpKind.Load,
                OpKind.DataStore => OpKind.Store,
                _ => op.Kind,
            };
            bool increment = (kind == OpKind.LdAdd || (kind == OpKind.Exclusive && op.Source % 2 == 1)) && shape.IncrementsLeft-- > 0;
            if (kind == OpKind.LdAdd && !increment)
            {
                kind = OpKind.Swp;
            }
            int src = sources.Count > 0 ? sources[op.Source % sources.Count] : -1;
            switch (kind)
            {
                case OpKind.Store:
                    shape.Write(loc, op.Value);
                    Lines.Add($"MOV W0,#{op.Value}");
                    Lines.Add($"{(op.Variant == 3 ? "STLR" : "STR")} W0,{Addr(loc)}");
                    break;
                case OpKind.Load:
                    Lines.Add($"{(op.Variant switch { 2 => "LDAR", 3 => "LDAPR", _ => "LDR" })} W{Read(loc)},{Addr(loc)}");
                    break;
                case OpKind.Fence:
                    Lines.Add(op.Variant switch { 0 => "DMB SY", 1 => "DMB LD", 2 => "DMB ST", _ => "ISB" });
                    break;
                case OpKind.AddrLoad:
                    {
                        int t = nextTemp++;
                        Lines.Add($"EOR W{t},W{src},W{src}");
                        Lines.Add($"LDR W{Read(loc)},[X{loc + 1},W{t},SXTW]");
                        break;
                    }
                case OpKind.DataStore:
                    {
                        int t = nextTemp++;
                        shape.Write(loc, op.Value);
                        Lines.Add($"EOR W{t},W{src},W{src}");
                        Lines.Add($"ADD W{t},W{t},#{op.Value}");
                        Lines.Add($"{(op.Variant == 3 ? "STLR" : "STR")} W{t},{Addr(loc)}");
                        break;
                    }
                case OpKind.Ctrl:
                    {
                        var label = $"L{Thread}{nextLabel++}";
                        Lines.Add($"{(op.Variant % 2 == 0 ? "CBNZ" : "CBZ")} W{src},{label}");
                        Lines.Add(label + ":");
                        break;
                    }
                case OpKind.Swp:
                    shape.Write(loc, op.Value);
                    Lines.Add($"MOV W0,#{op.Value}");
                    Lines.Add($"SWP{Orderings[op.Variant]} W0,W{Read(loc)},{Addr(loc)}");
                    break;
                case OpKind.LdAdd:
                    shape.Write(loc, null);
                    Lines.Add($"MOV W0,#{op.Value}");
                    Lines.Add($"LDADD{Orderings[op.Variant]} W0,W{Read(loc)},{Addr(loc)}");
                    break;
                case OpKind.Cas:
                    {
                        int r = Read(loc);
                        shape.Write(loc, op.Value);
                        Lines.Add($"MOV W{r},#{op.Source}");
                        Lines.Add($"MOV W0,#{op.Value}");
                        Lines.Add($"CAS{Orderings[op.Variant]} W{r},W0,{Addr(loc)}");
                        break;
                    }
                case OpKind.Exclusive:
                    {
                        int r = Read(loc);
                        shape.Write(loc, increment ? null : op.Value);
                        Lines.Add($"{((op.Variant & 1) != 0 ? "LDAXR" : "LDXR")} W{r},{Addr(loc)}");
                        // An increment (the usual atomic-add loop body) or an unrelated constant.
                        Lines.Add(increment ? $"ADD W0,W{r},#{op.Value}" : $"MOV W0,#{op.Value}");
                        int status = nextStatus++;
                        Observed.Add(status);
                        Lines.Add($"{((op.Variant & 2) != 0 ? "STLXR" : "STXR")} W{status},W0,{Addr(loc)}");
                        break;
                    }
            }
        }
    }

    /// <summary>
    /// The SC oracle: every interleaving of single instructions over one shared memory, written from the
    /// architecture's description and not from vrm's code, so the two are unlikely to share a mistake.
    /// RMWs and CAS are one atomic step; a store-exclusive may always fail, and may succeed only while its
    /// thread's monitor still holds the load-exclusive's address, which a write by another thread to that
    /// location clears.
    /// </summary>
    private sealed class Interleaver(Program program)
    {
        private const int MaxStates = 2_000_000;

        // State layout: memory, then per thread its pc, monitor address (-1: none) and registers.
        private readonly int locs = program.Locations.Count;
        private const int Stride = 2 + Reg.Count;

        private int Base(int t) => locs + (t * Stride);

        public List<FinalState> FinalStates(IReadOnlyList<Observable> displayed)
        {
            var init = new long[locs + (program.Threads.Count * Stride)];
            Array.Copy(program.InitMemory, init, locs);
            foreach (var th in program.Threads)
            {
                init[Base(th.Index) + 1] = -1;
                foreach (var (reg, value) in th.InitRegs)
                {
                    Set(init, th.Index, reg, value, wide: true);
                }
            }
            var seen = new HashSet<long[]>(StateComparer.Instance) { init };
            var work = new Stack<long[]>();
            work.Push(init);
            var finals = new HashSet<FinalState>();
            while (work.Count > 0)
            {
                var s = work.Pop();
                bool running = false;
                for (int t = 0; t < program.Threads.Count; t++)
                {
                    if (s[Base(t)] >= program.Threads[t].Code.Length)
                    {
                        continue;
                    }
                    running = true;
                    foreach (var next in Step(s, t))
                    {
                        if (seen.Add(next))
                        {
                            work.Push(next);
                        }
                    }
                }
                if (seen.Count > MaxStates)
                {
                    throw new InvalidOperationException($"the reference interpreter visited more than {MaxStates} states");
                }
                if (!running && (program.Filter is null || Holds(program.Filter, s)))
                {
                    var values = displayed.Select(o => Normalize(o.IsMemory ? s[o.Loc] : Get(s, o.Thread, o.Reg))).ToArray();
                    finals.Add(new FinalState(values, Holds(program.Condition, s)));
                }
            }
            return [.. finals];
        }

        /// <summary>herd shows and compares values that fit in 32 bits as signed 32-bit numbers.</summary>
        private static long Normalize(long v) => (ulong)v <= uint.MaxValue ? (int)v : v;

        private bool Holds(Cond c, long[] s) => c switch
        {
            ConstCond k => k.Value,
            AtomCond a => (Normalize(a.Target.IsMemory ? s[a.Target.Loc] : Get(s, a.Target.Thread, a.Target.Reg)) == Normalize(a.Value)) == a.Equal,
            NotCond n => !Holds(n.Operand, s),
            AndCond a => Holds(a.Left, s) && Holds(a.Right, s),
            OrCond o => Holds(o.Left, s) || Holds(o.Right, s),
            _ => throw new NotSupportedException(c.ToString()),
        };

        private long Get(long[] s, int t, int reg) => reg == Reg.Zero ? 0 : s[Base(t) + 2 + reg];

        private void Set(long[] s, int t, int reg, long value, bool wide)
        {
            if (reg is not (Reg.Zero or Reg.None))
            {
                s[Base(t) + 2 + reg] = wide ? value : (uint)value;
            }
        }

        private static long Truncate(long v, int size) => size >= 8 ? v : v & ((1L << (size * 8)) - 1);

        private static long Shifted(Operand2 op, long v) => op.Shift switch
        {
            ShiftKind.Sxtw => (long)(int)v << op.Amount,
            ShiftKind.Uxtw => (long)(uint)v << op.Amount,
            ShiftKind.None or ShiftKind.Lsl or ShiftKind.Sxtx or ShiftKind.Uxtx => v << op.Amount,
            _ => throw new NotSupportedException($"shift {op.Shift}"),
        };

        private (int Loc, long Address) Resolve(long[] s, int t, Instr ins)
        {
            if (ins.Addr.Writeback != AddressWriteback.None)
            {
                throw new NotSupportedException($"the reference interpreter does not model writeback ('{ins.Text}')");
            }
            var off = ins.Addr.Offset;
            long address = Get(s, t, ins.Addr.Base) + (off.IsImmediate ? off.Imm : Shifted(off, Get(s, t, off.Reg)));
            int loc = program.LocationAt(address);
            return loc >= 0 ? (loc, address) : throw new InvalidOperationException($"'{ins.Text}' accesses address {address}, not a location");
        }

        /// <summary>A write to memory clears the monitors other threads hold on that location.</summary>
        private void Write(long[] s, int t, int loc, long value, int size)
        {
            s[loc] = Truncate(value, size);
            for (int u = 0; u < program.Threads.Count; u++)
            {
                if (u != t && s[Base(u) + 1] == program.AddressOf(loc))
                {
                    s[Base(u) + 1] = -1;
                }
            }
        }

        private List<long[]> Step(long[] s, int t)
        {
            int pc = Base(t);
            var ins = program.Threads[t].Code[s[pc]];
            var n = (long[])s.Clone();
            n[pc]++;
            switch (ins.Op)
            {
                case Opcode.Nop or Opcode.Fence:
                    break;
                case Opcode.MovImm:
                    Set(n, t, ins.Rd, ins.Imm, ins.Wide);
                    break;
                case Opcode.Alu when !ins.SetsFlags:
                    {
                        long a = Get(n, t, ins.Rn);
                        long b = ins.Src2.IsImmediate ? ins.Src2.Imm : Shifted(ins.Src2, Get(n, t, ins.Src2.Reg));
                        long r = ins.Alu switch
                        {
                            AluOp.Add => a + b,
                            AluOp.Sub => a - b,
                            AluOp.Eor => a ^ b,
                            AluOp.And => a & b,
                            AluOp.Orr => a | b,
                            _ => throw new NotSupportedException($"the reference interpreter does not model '{ins.Text}'"),
                        };
                        Set(n, t, ins.Rd, r, ins.Wide);
                        break;
                    }
                case Opcode.Branch:
                    n[pc] = ins.Target;
                    break;
                case Opcode.BranchZero:
                    {
                        long v = Get(n, t, ins.Rn);
                        bool zero = (ins.Wide ? v : (uint)v) == 0;
                        if (zero != ins.NonZero)
                        {
                            n[pc] = ins.Target;
                        }
                        break;
                    }
                case Opcode.Load:
                    {
                        var (loc, address) = Resolve(n, t, ins);
                        Set(n, t, ins.Rd, Truncate(n[loc], ins.Size), ins.Wide);
                        if (ins.Flags.HasFlag(AccessFlags.Exclusive))
                        {
                            n[pc + 1] = address;
                        }
                        break;
                    }
                case Opcode.Store when ins.Flags.HasFlag(AccessFlags.Exclusive):
                    {
                        var (loc, address) = Resolve(n, t, ins);
                        bool mayStore = n[pc + 1] == address;
                        n[pc + 1] = -1;
                        var stored = (long[])n.Clone();
                        Set(n, t, ins.Rd, 1, wide: false);
                        if (!mayStore)
                        {
                            return [n];
                        }
                        Write(stored, t, loc, Get(stored, t, ins.Rn), ins.Size);
                        Set(stored, t, ins.Rd, 0, wide: false);
                        return [n, stored];
                    }
                case Opcode.Store:
                    {
                        var (loc, _) = Resolve(n, t, ins);
                        Write(n, t, loc, Get(n, t, ins.Rn), ins.Size);
                        break;
                    }
                case Opcode.Rmw:
                    {
                        var (loc, _) = Resolve(n, t, ins);
                        long old = Truncate(n[loc], ins.Size), operand = Get(n, t, ins.Rn);
                        long value = ins.Rmw switch
                        {
                            RmwOp.Swp => operand,
                            RmwOp.Add => old + operand,
                            RmwOp.Eor => old ^ operand,
                            RmwOp.Set => old | operand,
                            RmwOp.Clr => old & ~operand,
                            _ => throw new NotSupportedException($"the reference interpreter does not model '{ins.Text}'"),
                        };
                        Write(n, t, loc, value, ins.Size);
                        Set(n, t, ins.Rd, old, ins.Wide);
                        break;
                    }
                case Opcode.Cas:
                    {
                        var (loc, _) = Resolve(n, t, ins);
                        long old = Truncate(n[loc], ins.Size);
                        if (old == Truncate(Get(n, t, ins.Rn), ins.Size))
                        {
                            Write(n, t, loc, Get(n, t, ins.Rm), ins.Size);
                        }
                        Set(n, t, ins.Rd, old, ins.Wide);
                        break;
                    }
                default:
                    throw new NotSupportedException($"the reference interpreter does not model '{ins.Text}'");
            }
            return [n];
        }
    }

    private sealed class StateComparer : IEqualityComparer<long[]>
    {
        public static readonly StateComparer Instance = new();

        public bool Equals(long[]? a, long[]? b) => a.AsSpan().SequenceEqual(b);

        public int GetHashCode(long[] s)
        {
            var h = new HashCode();
            h.AddBytes(MemoryMarshal.AsBytes(s.AsSpan()));
            return h.ToHashCode();
        }
    }
}
