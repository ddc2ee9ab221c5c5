using System.Text;
using CsCheck;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Results;
using Vrm.Programs;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;
using Xunit.Abstractions;

namespace Vrm.Explore.Tests;

/// <summary>
/// Source-set DPOR against a brute-force oracle written here: every interleaving of small random programs of
/// loads, stores, SWP and LDADD is run under SC, giving the final states and the number of Mazurkiewicz traces
/// (interleavings up to swapping adjacent independent accesses; two accesses depend when they touch one
/// location and one of them writes). DPOR must find the same final states and run exactly one complete
/// execution per trace.
/// </summary>
public class DporOptimalityTests(ITestOutputHelper log)
{
    private const int Iterations = 200;

    private enum Kind { Store, Load, Swp, LdAdd }

    private sealed record Op(Kind Kind, int Loc, int Value)
    {
        public bool Reads => Kind != Kind.Store;

        public bool Writes => Kind != Kind.Load;
    }

    /// <summary>A generated program; printed as litmus text so a failure can be rerun with <c>vrm litmus --model sc</c>.</summary>
    private sealed record Case(Op[][] Threads, int Locs)
    {
        public override string ToString() => Render(this);
    }

    private static readonly Gen<Op> Ops = Gen.Select(
        Gen.Frequency((4, Kind.Store), (4, Kind.Load), (1, Kind.Swp), (1, Kind.LdAdd)), Gen.Int[0, 2], Gen.Int[1, 3],
        (k, l, v) => new Op(k, l, v));

    private static readonly Gen<Case> Cases = Gen.Select(Gen.Int[2, 3], Gen.Int[2, 3], Ops.Array[1, 4].Array[3],
        (threads, locs, code) => new Case([.. code[..threads].Select(ops => ops.Select(o => o with { Loc = o.Loc % locs }).ToArray())], locs));

    private static readonly string[] LocNames = ["x", "y", "z"];

    [Fact]
    public void FinalStatesAndTraceCountMatchBruteForce()
    {
        long sleepBlocked = 0, runs = 0, traces = 0, complete = 0;
        var sleepExamples = new List<string>();
        Cases.Sample(c =>
        {
            var oracle = BruteForce.Run(c);
            var program = LitmusLowering.Lower(LitmusParser.Parse("random.litmus", Render(c)));
            var r = SourceDpor.Explore(program, new DporOptions(), new Budget(CancellationToken.None, null));
            Assert.Null(r.Violation);
            Assert.Equal(Completion.Complete, r.Completion);
            var outcomes = r.Outcomes!;
            var dpor = outcomes.States.Select(s => Show(outcomes.Displayed, i => s.Values[i])).ToHashSet();
            var expected = oracle.States.Select(s => Show(outcomes.Displayed, i => s(outcomes.Displayed[i]))).ToHashSet();
            Assert.True(dpor.SetEquals(expected),
                $"final states differ\n only DPOR: {string.Join(" | ", dpor.Except(expected))}\n only brute force: {string.Join(" | ", expected.Except(dpor))}");
            Assert.True(r.Complete >= oracle.Traces, $"DPOR missed traces: {r.Complete} complete executions, {oracle.Traces} Mazurkiewicz traces");
            Assert.True(r.Complete == oracle.Traces, $"DPOR ran an equivalent execution twice: {r.Complete} complete executions, {oracle.Traces} traces");
            Assert.Equal(0, r.Blocked);
            lock (sleepExamples)
            {
                runs++;
                traces += oracle.Traces;
                complete += r.Complete;
                sleepBlocked += r.SleepBlocked;
                if (r.SleepBlocked > 0 && sleepExamples.Count < 3)
                {
                    sleepExamples.Add($"{r.SleepBlocked} sleep-set-blocked runs for {oracle.Traces} traces:\n{Render(c)}");
                }
            }
        }, seed: new PCG(7, 0).ToString(), iter: Iterations, threads: 1);
        log.WriteLine($"{runs} programs, {traces} traces, {complete} complete executions, {sleepBlocked} sleep-set-blocked explorations");
        foreach (var e in sleepExamples)
        {
            log.WriteLine(e);
        }
    }

    /// <summary>The oracle on a hand-made program: two threads writing x, a third reading it twice.</summary>
    [Fact]
    public void OracleCountsTracesOfAKnownProgram()
    {
        var c = new Case(
            [
                [new Op(Kind.Store, 0, 1)],
                [new Op(Kind.Store, 0, 2)],
                [new Op(Kind.Load, 0, 0), new Op(Kind.Load, 0, 0)],
            ], 1);
        var oracle = BruteForce.Run(c);
        // x's accesses: W1, W2, R_a, R_b (R_a before R_b). Orders up to read commutation: the writes in 2 orders,
        // the two reads placed in the 3 slots around them non-decreasingly (6 ways), and two reads in one slot are
        // one class: 2 * 6 = 12.
        Assert.Equal(12, oracle.Traces);
        var program = LitmusLowering.Lower(LitmusParser.Parse("random.litmus", Render(c)));
        var r = SourceDpor.Explore(program, new DporOptions(), new Budget(CancellationToken.None, null));
        Assert.Equal(12, r.Complete);
    }

    private static string Show(IReadOnlyList<Observable> displayed, Func<int, long> value) =>
        string.Join(" ", displayed.Select((o, i) => (o.IsMemory ? LocNames[o.Loc] : $"{o.Thread}:X{o.Reg}") + "=" + value(i)));

    private static int Register(int k) => 4 + k;

    private static string Render(Case c)
    {
        var sb = new StringBuilder("AArch64 random\n{\n");
        for (int t = 0; t < c.Threads.Length; t++)
        {
            sb.Append(' ').AppendJoin(' ', Enumerable.Range(0, c.Locs).Select(l => $"{t}:X{l + 1}={LocNames[l]};")).Append('\n');
        }
        sb.Append("}\n");
        var lines = c.Threads.Select(ops =>
        {
            var l = new List<string>();
            int reads = 0;
            foreach (var op in ops)
            {
                string a = $"[X{op.Loc + 1}]";
                switch (op.Kind)
                {
                    case Kind.Store:
                        l.Add($"MOV W0,#{op.Value}");
                        l.Add($"STR W0,{a}");
                        break;
                    case Kind.Load:
                        l.Add($"LDR W{Register(reads++)},{a}");
                        break;
                    case Kind.Swp:
                        l.Add($"MOV W0,#{op.Value}");
                        l.Add($"SWP W0,W{Register(reads++)},{a}");
                        break;
                    default:
                        l.Add($"MOV W0,#{op.Value}");
                        l.Add($"LDADD W0,W{Register(reads++)},{a}");
                        break;
                }
            }
            return l;
        }).ToArray();
        sb.Append(' ').AppendJoin(" | ", Enumerable.Range(0, lines.Length).Select(t => "P" + t)).Append(" ;\n");
        for (int i = 0; i < lines.Max(l => l.Count); i++)
        {
            sb.Append(' ').AppendJoin(" | ", lines.Select(l => i < l.Count ? l[i] : "")).Append(" ;\n");
        }
        var observed = new List<string>();
        for (int t = 0; t < c.Threads.Length; t++)
        {
            int reads = c.Threads[t].Count(o => o.Reads);
            observed.AddRange(Enumerable.Range(0, reads).Select(k => $"{t}:X{Register(k)}"));
        }
        observed.AddRange(LocNames.Take(c.Locs));
        sb.Append("locations [").AppendJoin("", observed.Skip(1).Select(o => o + ";")).Append("]\n");
        sb.Append($"exists ({observed[0]}=0)\n");
        return sb.ToString();
    }

    /// <summary>Every interleaving, run on a plain memory; no reuse of vrm's explorers.</summary>
    private sealed class BruteForce
    {
        private readonly Case c;
        private readonly int[] pc;
        private readonly long[] memory;
        private readonly long[][] registers;
        private readonly List<(int Thread, int Index)> order = [];
        private readonly HashSet<string> signatures = [];
        private readonly List<Func<Observable, long>> states = [];
        private readonly HashSet<string> seen = [];

        private BruteForce(Case c)
        {
            this.c = c;
            pc = new int[c.Threads.Length];
            memory = new long[c.Locs];
            registers = [.. c.Threads.Select(ops => new long[Register(ops.Length)])];
        }

        public int Traces => signatures.Count;

        public IReadOnlyList<Func<Observable, long>> States => states;

        public static BruteForce Run(Case c)
        {
            var b = new BruteForce(c);
            b.Search();
            return b;
        }

        private void Search()
        {
            bool any = false;
            for (int t = 0; t < c.Threads.Length; t++)
            {
                if (pc[t] >= c.Threads[t].Length)
                {
                    continue;
                }
                any = true;
                var op = c.Threads[t][pc[t]];
                int reg = Register(c.Threads[t].Take(pc[t]).Count(o => o.Reads));
                long before = memory[op.Loc], savedReg = registers[t][reg];
                if (op.Reads)
                {
                    registers[t][reg] = before;
                }
                memory[op.Loc] = op.Kind switch
                {
                    Kind.Store or Kind.Swp => op.Value,
                    Kind.LdAdd => before + op.Value,
                    _ => before,
                };
                order.Add((t, pc[t]));
                pc[t]++;
                Search();
                pc[t]--;
                order.RemoveAt(order.Count - 1);
                memory[op.Loc] = before;
                registers[t][reg] = savedReg;
            }
            if (!any)
            {
                Finish();
            }
        }

        private void Finish()
        {
            signatures.Add(Signature());
            var regs = registers.Select(r => (long[])r.Clone()).ToArray();
            var mem = (long[])memory.Clone();
            string key = string.Join(",", regs.SelectMany(r => r)) + "/" + string.Join(",", mem);
            if (seen.Add(key))
            {
                states.Add(o => o.IsMemory ? mem[o.Loc] : regs[o.Thread][o.Reg]);
            }
        }

        /// <summary>Per location, its accesses in order, each maximal run of reads as a sorted set.</summary>
        private string Signature()
        {
            var sb = new StringBuilder();
            for (int l = 0; l < c.Locs; l++)
            {
                sb.Append(LocNames[l]).Append(':');
                var reads = new List<string>();
                foreach (var (t, i) in order)
                {
                    var op = c.Threads[t][i];
                    if (op.Loc != l)
                    {
                        continue;
                    }
                    if (op.Writes)
                    {
                        Flush(sb, reads);
                        sb.Append($"W{t}.{i} ");
                    }
                    else
                    {
                        reads.Add($"{t}.{i}");
                    }
                }
                Flush(sb, reads);
                sb.Append('|');
            }
            return sb.ToString();
        }

        private static void Flush(StringBuilder sb, List<string> reads)
        {
            if (reads.Count > 0)
            {
                sb.Append('{').AppendJoin(",", reads.Order(StringComparer.Ordinal)).Append("} ");
                reads.Clear();
            }
        }
    }
}
