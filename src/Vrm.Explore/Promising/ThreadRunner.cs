using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Models;
using Vrm.Models.Promising;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Promising;

/// <summary>
/// Runs one thread of the thread IR under Promising-Arm against a memory, exploring every choice (which
/// message each read reads, which promise each write fulfils, whether a store-exclusive fails). With
/// <c>allowNew</c> a write may also be a new message appended at the end of memory (the promise-and-fulfil
/// step of certification); the memory grows and shrinks back as the search goes depth-first.
/// </summary>
internal sealed partial class ThreadRunner(Program program, int tid, int unroll, bool allowNew, Budget budget, int[] owners, AccessWidths widths, bool recordFacts = false)
    : ThreadStepper<PromisingThreadState, View>(program, unroll, walks: true, StepHooks.Before | StepHooks.Blocks)
{
    private readonly ThreadProgram code = program.Threads[tid];
    private readonly bool updatesEntries = program.Vmsa is { } v && v.Updates.Count > tid && v.Updates[tid] != Programs.HardwareUpdate.None;

    /// <summary>Page-table programs: which locations are level-3 entries (that this thread's hardware may update).</summary>
    private readonly bool[] isPte = [.. Enumerable.Range(0, program.Locations.Count).Select(l => program.Vmsa?.ByPteLoc(l) is not null)];

    /// <summary>Page-table programs: each variable's index in the program's list (the page a TLBI message names).</summary>
    private readonly Dictionary<VmsaVariable, int> variableIndex = program.Vmsa is { } vm
        ? vm.Variables.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i)
        : [];
    private readonly bool userWalks = program.Vmsa is null && program.UserAccesses;
    private readonly List<int> scratch = [];
    private readonly Stack<PromisingThreadState> spare = new();
    private readonly Stack<int[]> buffers = new();
    private PromisingThreadState? initial;
    private PromiseMemory mem = null!;
    private ThreadRunResult result = null!;
    private long steps;

    public const long MaxSteps = 50_000_000;

    public ThreadRunResult Run(PromiseMemory memory)
    {
        mem = memory;
        result = new ThreadRunResult();
        baseCount = mem.Count;
        compared.Clear();
        visited = null;
        steps = 0;
        UInt128 promises = 0;
        for (int ts = 1; ts <= mem.Count; ts++)
        {
            if (mem[ts].Tid == tid)
            {
                promises |= UInt128.One << (ts - 1);
            }
        }
        initial ??= Initial();
        var s = Fork(initial);
        s.L.Start(promises);
        Explore(s);
        // Explore spends whole thousands at its checkpoints; the rest here, so that the count is exact.
        budget.Spend(steps & 0x3FF);
        Done(initial, s);
        ProjectCompared();
        return result;
    }

    /// <summary>The state every run starts from, but for its promises.</summary>
    private PromisingThreadState Initial()
    {
        var s = new PromisingThreadState
        {
            Val = new long[Program.RegisterCount],
            V = new View[Program.RegisterCount],
            L = new Local(Program.Locations.Count, 0),
            LoopCount = new int[code.Code.Length + (code.FaultHandler?.Code.Length ?? 0) + 2],
            Faults = [],
            Private = (long[])Program.InitMemory.Clone(),
        };
        foreach (var (reg, value) in code.InitRegs)
        {
            s.Set(reg, value, View.Bot, wide: true);
        }
        return s;
    }

    /// <summary>
    /// A copy of <paramref name="s"/> for one branch of the search, from the states earlier branches gave back:
    /// copying into a spare state allocates nothing, and allocation was most of a run's cost.
    /// </summary>
    private PromisingThreadState Fork(PromisingThreadState s)
    {
        if (spare.TryPop(out var b))
        {
            b.CopyFrom(s);
            return b;
        }
        return s.Clone();
    }

    /// <summary>The branch <paramref name="b"/> forked from <paramref name="s"/> is explored: nothing holds it any more.</summary>
    private void Done(PromisingThreadState s, PromisingThreadState b)
    {
        if (!ReferenceEquals(s, b))
        {
            spare.Push(b);
        }
    }

    private void Explore(PromisingThreadState s)
    {
        if (!SeenBefore(s))
        {
            Execute(s);
        }
    }

    protected override ThreadProgram ThreadOf(PromisingThreadState s) => code;

    protected override int IdOf(PromisingThreadState s) => tid;

    protected override bool Before(PromisingThreadState s, Instr ins)
    {
        if ((++steps & 0x3FF) == 0)
        {
            budget.Check();
            budget.Spend(0x400);
            if (steps > MaxSteps)
            {
                throw new ExplorationLimitException($"thread P{tid} took more than {MaxSteps} steps against one memory");
            }
        }
        if (userWalks && s.Translated < 0)
        {
            // The bound a user/VM walk set holds for its own access only; the C code's other accesses walk nothing.
            s.AccessBound = int.MaxValue;
        }
        return s.L.Promises == UInt128.Zero || !HasDeadPromise(s);
    }

    protected override bool Untranslated(PromisingThreadState s) => s.Translated < 0;

    protected override Flow Access(PromisingThreadState s, Instr ins)
    {
        switch (ins.Op)
        {
            case Opcode.Load:
                Load(s, ins);
                break;
            case Opcode.Store:
                Store(s, ins);
                break;
            default:
                Atomic(s, ins);
                break;
        }
        return Flow.Stop;
    }

    protected override Flow Fence(PromisingThreadState s, Instr ins)
    {
        if (ins.Fence == FenceKind.Isb)
        {
            s.L.Isb();
            s.L.IsbWalks();
        }
        else if (ins.Fence is FenceKind.DsbFull or FenceKind.DsbLd or FenceKind.DsbSt)
        {
            if (!Dsb(s, ins.Fence))
            {
                return Flow.Stop;
            }
            if (ins.Fence == FenceKind.DsbFull)
            {
                DsbFact(s, ins);
            }
        }
        else
        {
            s.L.Dmb(ins.Fence);
        }
        return Next(s);
    }

    protected override void ClearExclusive(PromisingThreadState s) => s.L.ClearExclusive();

    /// <summary>An exception return is context synchronising.</summary>
    protected override void ExceptionReturn(PromisingThreadState s, Instr ins)
    {
        s.L.Isb();
        s.L.IsbWalks();
    }

    /// <summary>The thread ends (at its last instruction or at a fault): certified when every promise is fulfilled.</summary>
    protected override void Finish(PromisingThreadState s)
    {
        if (s.L.Promises == UInt128.Zero && s.MustDsb == 0)
        {
            result.Certified = true;
            if (s.NewWrites == 0)
            {
                result.Finals.Add(new RegisterFile([.. s.Val, .. s.Private, .. FaultValues(s)]));
                if (s.Facts is not null)
                {
                    result.Facts.Add(s.Facts);
                }
            }
        }
    }

    /// <summary>Page-table programs: the value of each fault atom of the condition, for this thread's faults.</summary>
    private long[] FaultValues(PromisingThreadState s) =>
        Program.Vmsa is null ? [] : [.. Program.Vmsa.Faults.Select(a => a.Thread == tid ? a.ValueIn(s.Faults) : 0)];

    /// <summary>A nondeterministic value (vrm_nondet_range): one branch per value, as the SC explorer has.</summary>
    protected override Flow Choose(PromisingThreadState s, Instr ins)
    {
        long low = s.Get(ins.Rn), high = s.Get(ins.Rm);
        if (high - low >= 4096)
        {
            throw new DiagnosticException(new Diagnostic(ins.SourceFile ?? Program.File, ins.Pos, $"{ins.Text} chooses among {high - low + 1} values, more than 4096"));
        }
        for (long v = low; v <= high; v++)
        {
            var b = Fork(s);
            b.Set(ins.Rd, v, View.Bot, ins.Wide);
            b.Pc++;
            Explore(b);
            Done(s, b);
        }
        return Flow.Stop;
    }

    /// <summary>A promise no future write can fulfil ends the path early.</summary>
    private bool HasDeadPromise(PromisingThreadState s)
    {
        int ts = s.L.DeadPromise(mem, updatesEntries ? isPte : null);
        if (ts == 0)
        {
            return false;
        }
        // Only a cut depends on the comparison: a live promise's path goes on as it would without the check.
        if (recordOrder && s.L.Coh[mem[ts].Loc] < ts)
        {
            Compared(ts, Math.Max(s.L.Vwn.P, s.L.Vcap.P));
        }
        return true;
    }

    /// <summary>The unrolling bound ends the path; certification asks only for some run that fulfils every promise, finished or not.</summary>
    protected override void Cut(PromisingThreadState s, bool harmless)
    {
        result.Cut |= !harmless;
        if (s.L.Promises == UInt128.Zero && s.MustDsb == 0)
        {
            result.Certified = true;
            if (harmless && !s.LoudWrite && !s.IterationReadOld)
            {
                result.Blocked ??= Code(s)[s.Pc];
            }
        }
    }

    /// <summary>Every back jump starts a new iteration: what it reads decides whether a cut there blocks (<see cref="Cut"/>).</summary>
    protected override bool Blocks(PromisingThreadState s, Instr branch, int target)
    {
        s.IterationReadOld = s.ReadOld;
        s.ReadOld = false;
        return false;
    }

    /// <summary>
    /// The location an access reaches (in a page-table program, the one its walk chose), with its address view
    /// (joined with the walk's, which orders the access), after writing the base register back.
    /// </summary>
    private (int Loc, int Offset, View View) Address(PromisingThreadState s, Instr ins)
    {
        var (address, view) = Addressing.WithWriteback(s, ins);
        int loc, offset = 0;
        if (s.Translated < 0)
        {
            (loc, offset) = widths.Resolve(address);
        }
        else
        {
            loc = s.Translated;
            view = view.Join(s.WalkView);
            s.Translated = -1;
            s.WalkView = View.Bot;
        }
        if (loc >= 0)
        {
            result.Accessed |= ThreadRunResult.Bit(loc);
        }
        if (loc < 0)
        {
            throw Program.OutOfBounds(ins, address);
        }
        widths.Check(ins, loc, offset);
        return (loc, offset, view);
    }
}
