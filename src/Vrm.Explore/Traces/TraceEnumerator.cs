using Vrm.Explore.Stepping;
using Vrm.Models;
using Vrm.Models.Executions;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Traces;

/// <summary>
/// Enumerates every path of one thread with every value each read may return (values from the location's
/// domain of possibly-written values), as herd enumerates per-thread event structures. Loops are cut after
/// <c>unroll</c> backward jumps to the same target, as herd's <c>-unroll</c>.
/// </summary>
internal sealed partial class TraceEnumerator(Program program, int thread, IReadOnlyList<long>[] domain, int unroll, Budget budget, AccessWidths widths, bool blocked = false)
    : ThreadStepper<ThreadState, (ulong Strict, ulong Pick)>(program, unroll, walks: true, blocked ? StepHooks.Retired | StepHooks.Blocks : StepHooks.Retired)
{
    private readonly ThreadProgram code = program.Threads[thread];
    private readonly List<ThreadTrace> traces = [];

    public const int MaxTraces = 200_000;

    /// <summary>The most writes any explored path made, cut paths included.</summary>
    public int MaxWrites { get; private set; }

    /// <summary>True when some path was cut by the unrolling bound.</summary>
    public bool WasCut { get; private set; }

    /// <summary>Values written to each location on some path, to grow the domain.</summary>
    public HashSet<long>[] Written { get; } = [.. Enumerable.Range(0, program.Locations.Count).Select(_ => new HashSet<long>())];

    public List<ThreadTrace> Run()
    {
        var s = new ThreadState
        {
            Val = new long[Program.RegisterCount],
            Taint = new ulong[Program.RegisterCount],
            PickDeps = new ulong[Program.RegisterCount],
            LastWrite = Enumerable.Repeat(-1, Program.Locations.Count).ToArray(),
            LoopCount = new int[code.Code.Length + (code.FaultHandler?.Code.Length ?? 0) + 2],
            Faults = [],
        };
        foreach (var (reg, value) in code.InitRegs)
        {
            s.Set(reg, value, 0, 0, wide: true);
        }
        Execute(s);
        return traces;
    }

    protected override ThreadProgram ThreadOf(ThreadState s) => code;

    protected override int IdOf(ThreadState s) => thread;

    protected override bool Untranslated(ThreadState s) => s.Translated < 0;

    protected override void Retired(ThreadState s) => s.Instances++;

    protected override void ClearExclusive(ThreadState s) => s.Reserved = null;

    protected override Flow Access(ThreadState s, Instr ins)
    {
        switch (ins.Op)
        {
            case Opcode.Load:
                Load(s, ins);
                return Flow.Stop;
            case Opcode.Rmw:
                Rmw(s, ins);
                return Flow.Stop;
            case Opcode.Cas:
                Cas(s, ins);
                return Flow.Stop;
            case Opcode.Store when ins.Flags.HasFlag(AccessFlags.Exclusive):
                StoreExclusive(s, ins);
                return Flow.Stop;
            default:
                Store(s, ins);
                return Next(s);
        }
    }

    protected override Flow Fence(ThreadState s, Instr ins)
    {
        AddEvent(s, new Event { Kind = EventKind.Fence, Fence = ins.Fence, Instance = s.Instances, Instr = ins, Ctrl = s.CtrlTaint, PickCtrl = s.CtrlPick }, 0, 0);
        return Next(s);
    }

    protected override Flow Choose(ThreadState s, Instr ins) =>
        // Each value would multiply the thread's paths; Promising and SC branch over them.
        throw new DiagnosticException(new Diagnostic(ins.SourceFile ?? Program.File, ins.Pos,
            $"{ins.Text}: --model arm does not explore nondeterministic values; use --model promising or sc"), unsupported: true);

    protected override void Finish(ThreadState s)
    {
        budget.Check();
        if (traces.Count >= MaxTraces)
        {
            throw new ExplorationLimitException($"thread P{thread} has more than {MaxTraces} paths");
        }
        MaxWrites = Math.Max(MaxWrites, s.Writes);
        var regs = (long[])s.Val.Clone();
        traces.Add(new ThreadTrace(thread, Program.Vmsa is null ? [.. s.Events] : CompleteTlbis(s.Events), regs) { Faults = [.. s.Faults] });
    }

    /// <summary>
    /// The unrolling bound ends this path. Its writes still count towards the domain rounds: a value a
    /// cut path writes may be what another path reads.
    /// </summary>
    protected override void Cut(ThreadState s, bool harmless)
    {
        WasCut |= !harmless;
        MaxWrites = Math.Max(MaxWrites, s.Writes);
        if (!harmless)
        {
            // The prefix joins the candidates: the result is incomplete only when the model accepts one with it.
            Finish(s);
            traces[^1] = new ThreadTrace(thread, traces[^1].Events, traces[^1].FinalRegs) { Faults = traces[^1].Faults, Cut = true };
        }
        else if (blocked)
        {
            // Cutting an await loop loses no outcome, but the path is also where the thread might spin for ever.
            Finish(s);
            traces[^1] = new ThreadTrace(thread, traces[^1].Events, traces[^1].FinalRegs)
            {
                Faults = traces[^1].Faults,
                Blocked = true,
                IterationStart = s.LastIterationStart,
                BlockedAt = Code(s)[s.Pc],
            };
        }
    }

    /// <summary>Only when blocked paths are kept: each back jump starts an iteration, whose events the cut needs.</summary>
    protected override bool Blocks(ThreadState s, Instr branch, int target)
    {
        s.LastIterationStart = s.IterationStart;
        s.IterationStart = s.Events.Count;
        return false;
    }

    /// <summary>An access to an address that is no location: an error of the test (an uninitialised base register reads 0).</summary>
    private DiagnosticException OutOfBounds(Instr ins, long address) => Program.OutOfBounds(ins, address);
}

