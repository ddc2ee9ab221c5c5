using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>What a thread will do next, known before it does it: SC needs no more to decide dependence.</summary>
/// <remarks>
/// In a page-table program <see cref="WalkLoc"/> is the entry the access reads to translate its address, and for
/// an access to a heap block the block's status; else -1. <see cref="Global"/>: the event (exit) depends on every other.
/// </remarks>
internal readonly record struct NextAccess(int Loc, bool Writes, int WalkLoc = -1, bool Global = false, int[]? Path = null)
{
    public bool WalkReads(int loc) => loc >= 0 && (WalkLoc == loc || (Path is not null && Array.IndexOf(Path, loc) >= 0));
}

/// <summary>
/// A state of the sequentially consistent machine: memory, the threads, and the C11 message clocks of the
/// last write to each location. A step runs one visible event (access, spawn, join) and then the thread's
/// local instructions up to its next visible one, so a thread always waits at a visible event.
/// </summary>
internal sealed partial class DporState : ThreadStepper<DporThread, byte>, ISearchState
{
    private readonly DporSetup setup;

    public long[] Mem;
    public List<DporThread> Threads;

    /// <summary>Per location, the release clock carried by the last write (null: it synchronises nothing).</summary>
    public int[]?[] Msg;

    /// <summary>A thread called exit: the program has ended, no thread takes another step.</summary>
    public bool Exited;

    /// <summary>main has returned, which ends the program as exit does: threads still waiting are torn down, not deadlocked.</summary>
    public bool MainReturned => setup.MainEndsProgram && Threads[0].Status == ThreadStatus.Finished;

    /// <summary>The threads some pthread_join has joined, as a bit mask: joining one twice is an error.</summary>
    public ulong Joined;

    /// <summary>Locks held now, over all CPUs (holds minus releases): invariants are checked where it is 0.</summary>
    public int Held;

    IReadOnlyList<long> ISearchState.Memory => Mem;

    int ISearchState.LocksHeld => Held;

    string? ISearchState.Run(int template) => Evaluate(template)?.Message;

    /// <summary>Per location, whether a plain (non-atomic) write has written it so far.</summary>
    public bool[] PlainWritten;

    public DporState(DporSetup setup, long[] mem, List<DporThread> threads, int[]?[] msg, bool[] plainWritten)
        // SC translates in the access itself: no walk of its own.
        : base(setup.Program, setup.Unroll, walks: false, StepHooks.Before | StepHooks.Blocks)
    {
        this.setup = setup;
        Mem = mem;
        Threads = threads;
        Msg = msg;
        PlainWritten = plainWritten;
    }

    /// <summary>The marks the current step's local code makes, when the search records them.</summary>
    public List<Mark>? Marks;

    /// <summary>A copy in which thread <paramref name="t"/> may change; other threads are shared until they step.</summary>
    public DporState CloneFor(int t)
    {
        var threads = new List<DporThread>(Threads);
        threads[t] = Threads[t].Clone();
        return new DporState(setup, (long[])Mem.Clone(), threads, (int[]?[])Msg.Clone(), (bool[])PlainWritten.Clone()) { Exited = Exited, Joined = Joined, Held = Held };
    }

    /// <summary>Threads that can take a visible step now, as a bit mask.</summary>
    public ulong Enabled()
    {
        ulong mask = 0;
        if (Exited)
        {
            return 0;
        }
        for (int t = 0; t < Threads.Count; t++)
        {
            if (CanStep(Threads[t]))
            {
                mask |= 1UL << t;
            }
        }
        return mask;
    }

    private bool CanStep(DporThread t)
    {
        if (t.Status != ThreadStatus.Running)
        {
            return false;
        }
        var ins = Code(t)[t.Pc];
        if (ins.Op != Opcode.Join)
        {
            return true;
        }
        long id = t.Get(ins.Rn);
        // A join that can never be right steps at once, so that the step reports it.
        return JoinError(t, id) is not null || Threads[(int)id].Status == ThreadStatus.Finished;
    }

    /// <summary>The location and kind of thread <paramref name="t"/>'s next event (location -1 for spawn and join).</summary>
    public NextAccess Peek(int t)
    {
        var th = Threads[t];
        var ins = Code(th)[th.Pc];
        switch (ins.Op)
        {
            case Opcode.Exit:
                return new NextAccess(-1, false, Global: true);
            case Opcode.Malloc or Opcode.Free:
                return new NextAccess(StatusOf(th.Get(ins.Rn)), true);
        }
        if (!ins.IsMemory)
        {
            return new NextAccess(-1, false);
        }
        var at = Translate(Addressing.Effective(th, ins).Address, ins);
        if (at.Fault is not null || (ins.Root >= 0 && at.Loc < 0))
        {
            // The access will only read the entry, and fault.
            return new NextAccess(at.Walk, false, Path: at.Path);
        }
        int loc = at.Loc;
        bool writes = ins.Op switch
        {
            Opcode.Load => false,
            Opcode.Cas => loc >= 0 && Alu.Truncate(Mem[loc], ins.Size) == Alu.Truncate(th.Get(ins.Rn), ins.Size),
            _ => true,
        };
        return new NextAccess(loc, writes, at.Walk >= 0 ? at.Walk : BlockStatus(loc), Path: at.Path);
    }
}

/// <summary>What stays fixed during one exploration: the program, the loop bound, and the await-loop heads.</summary>
internal sealed class DporSetup
{
    /// <summary>Returning from main ends the program, as a call to exit does (C11 5.1.2.2.3): main never calls pthread_exit.</summary>
    public readonly bool MainEndsProgram;

    public DporSetup(Program program, int unroll, bool recordMarks = false)
    {
        Program = program;
        Unroll = unroll;
        RecordMarks = recordMarks;
        if (program.Threads.Any(t => t.Code.Any(i => i.Flags.HasFlag(AccessFlags.Exclusive))))
        {
            // A store-exclusive may fail or not: a local choice the DPOR search has no branch point for.
            throw new NotSupportedException("load/store-exclusive pairs are not supported by the SC DPOR explorer");
        }
        // main's code ends in a return, or may end in pthread_exit, which leaves the other threads running.
        MainEndsProgram = program.Spawns && !program.Threads[0].Code.Any(i => i.Op == Opcode.Branch && i.Text == "pthread_exit");
        AwaitHeads = [.. program.Threads.Select(t =>
        {
            var heads = new bool[t.Code.Length + 1];
            foreach (var ins in t.Code)
            {
                if (ins.Await && ins.Target >= 0)
                {
                    heads[ins.Target] = true;
                }
            }
            return heads;
        })];
    }

    public Program Program { get; }

    public int Unroll { get; }

    /// <summary>Record fences, TLBIs and annotations as <see cref="Mark"/>s on the events (for the wDRF checks).</summary>
    public bool RecordMarks { get; }

    /// <summary>The principals whose <c>vrm_input</c> gives its varied value.</summary>
    public IReadOnlySet<int> VariedPrincipals { get; init; } = new HashSet<int>();

    public bool[][] AwaitHeads { get; }
}
