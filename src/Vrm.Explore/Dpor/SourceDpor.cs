using System.Diagnostics;
using System.Numerics;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>Bounds and checks of one SC exploration.</summary>
public sealed record DporOptions
{
    /// <summary>How many times a thread may jump back to one loop head (await and counted loops excepted).</summary>
    public int Unroll { get; init; } = 5;

    /// <summary>Stop after this many executions with an incomplete verdict.</summary>
    public long MaxExecutions { get; init; } = long.MaxValue;

    /// <summary>
    /// The checks the search feeds (Vrm.Checks: the data-race check, the wDRF conditions, noninterference,
    /// linearizability); none by default.
    /// </summary>
    public IReadOnlyList<ICheck> Checks { get; init; } = [];

    /// <summary>The principals whose inputs (<c>vrm_input</c>) take their varied value (a noninterference re-run); empty in a normal run.</summary>
    public IReadOnlySet<int> VariedPrincipals { get; init; } = new HashSet<int>();
}

/// <summary>
/// Exhaustive exploration of a program under sequential consistency with source-set DPOR and sleep sets
/// (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014): each Mazurkiewicz trace — each (rf, co) graph, reads
/// commuting — is explored once, except for the sleep-set-blocked prefixes source sets cannot rule out.
/// The first assertion failure, invalid access or finding of a check (a data race, a thread that cannot finish)
/// ends the search with its trace.
/// </summary>
public sealed partial class SourceDpor
{
    private readonly Program program;
    private readonly DporOptions options;
    private readonly Budget budget;
    private readonly DporSetup setup;
    private readonly List<Frame> frames = [];
    private readonly List<DporEvent> trace = [];
    private readonly OutcomeSet? outcomes;
    private readonly HashSet<(int, int)> awaitLoops = [];

    /// <summary>Trace indices of the await reads on the current path, in order.</summary>
    private readonly List<int> awaitReads = [];
    private readonly SortedDictionary<int, (long Executions, string Example)> leaks = [];
    private long complete, blocked, sleepBlocked, boundHits, events;
    private Violation? violation;
    private IReadOnlyList<Mark> initialMarks = [];

    /// <summary>The checks by what they judge: each step, each end, each finished execution, each thread the machine stops.</summary>
    private readonly ICheck[] stepChecks, endChecks, executionChecks, stopChecks;

    private SourceDpor(Program program, DporOptions options, Budget budget)
    {
        this.program = program;
        this.options = options;
        this.budget = budget;
        stepChecks = [.. options.Checks.Where(c => c.JudgesSteps)];
        endChecks = [.. options.Checks.Where(c => c.JudgesEnds)];
        executionChecks = [.. options.Checks.Where(c => c.WatchesExecutions)];
        stopChecks = [.. options.Checks.Where(c => c.JudgesStops)];
        setup = new DporSetup(program, options.Unroll, recordMarks: executionChecks.Length > 0) { VariedPrincipals = options.VariedPrincipals };
        outcomes = program.Spawns ? null : new OutcomeSet(program, keepWitnesses: false);
    }

    /// <summary>
    /// A replay that checks no races steps one state in place: it never backtracks, so neither the states before
    /// a step (copies of the whole memory) nor the backtrack points and await-read commuting computed from them
    /// are needed. Noninterference reruns every execution this way.
    /// </summary>
    private bool inPlace;

    private sealed class Frame(DporState state)
    {
        public DporState State = state;
        public ulong Backtrack, Done, Sleep;
        public bool Visited;

        /// <summary>The thread whose nondeterministic choice this state is exploring value by value (-1: none), and its next value.</summary>
        public int ChoiceThread = -1;
        public long ChoiceNext;
    }

    public static CheckResult Explore(Program program, DporOptions options, Budget budget)
    {
        var search = new SourceDpor(program, options, budget);
        return search.Run();
    }

    private CheckResult Run()
    {
        var clock = Stopwatch.StartNew();
        var completion = Completion.Complete;
        string? reason = null;
        try
        {
            var initial = DporState.Initial(setup);
            initialMarks = initial.Marks ?? [];
            if (initial.Stop is { } f)
            {
                Report(f);
            }
            else
            {
                frames.Add(new Frame(initial));
                Search();
            }
        }
        catch (TimeoutException)
        {
            completion = Completion.Timeout;
            reason = budget.TimeoutMessage;
        }
        catch (ExecutionLimitException)
        {
            completion = Completion.LimitReached;
            reason = $"stopped after {options.MaxExecutions} executions";
        }
        catch (Models.ExplorationLimitException e)
        {
            completion = Completion.LimitReached;
            reason = e.Message;
        }
        return new CheckResult
        {
            Program = program,
            Complete = complete,
            Blocked = blocked,
            SleepBlocked = sleepBlocked,
            BoundHits = boundHits,
            AwaitLoops = [.. awaitLoops.Order()],
            Violation = violation,
            Completion = completion,
            IncompleteReason = reason,
            Outcomes = outcomes?.Result("sc", complete, boundHits > 0, completion, reason, clock.Elapsed),
            Elapsed = clock.Elapsed,
            Events = events,
            Leaks = Leaks(),
        };
    }

    private List<Leak> Leaks() => [.. leaks.Select(l => new Leak(program.Heap!.Sites[l.Key], l.Value.Executions, l.Value.Example))];

    private sealed class ExecutionLimitException : Exception;

    private void Search()
    {
        while (frames.Count > 0 && violation is null && !AllDone())
        {
            int depth = frames.Count - 1;
            var frame = frames[depth];
            if (trace.Count > depth)
            {
                trace.RemoveRange(depth, trace.Count - depth);
                CutAwaitReads(depth);
            }
            ulong enabled = frame.State.Enabled();
            if (!frame.Visited)
            {
                frame.Visited = true;
                if (enabled == 0)
                {
                    EndOfExecution(frame.State);
                    frames.RemoveAt(depth);
                    continue;
                }
                ulong awake = enabled & ~frame.Sleep;
                if (awake == 0)
                {
                    sleepBlocked++;
                    frames.RemoveAt(depth);
                    continue;
                }
                frame.Backtrack |= Preferred(awake);
            }
            // Threads explored from here before sleep now: their orders are covered.
            frame.Sleep |= frame.Done;
            ulong next = frame.Backtrack & ~frame.Done & ~frame.Sleep & enabled;
            if (next == 0)
            {
                frames.RemoveAt(depth);
                continue;
            }
            // A thread's choice is tried value by value before the state moves on to another thread.
            int p = frame.ChoiceThread >= 0 && (next & (1UL << frame.ChoiceThread)) != 0 ? frame.ChoiceThread : BitOperations.TrailingZeroCount(next);
            long choice = 0;
            if (frame.State.ChoiceRange(p) is var (low, high))
            {
                if (frame.ChoiceThread != p)
                {
                    frame.ChoiceThread = p;
                    frame.ChoiceNext = low;
                }
                choice = frame.ChoiceNext++;
                if (choice == high)
                {
                    frame.ChoiceThread = -1;
                    frame.Done |= 1UL << p;
                }
            }
            else
            {
                frame.Done |= 1UL << p;
            }
            Execute(frame, p, choice);
        }
    }

    /// <summary>Keeps running the thread that ran last when it can, so traces switch threads only where they must.</summary>
    private ulong Preferred(ulong awake)
    {
        if (trace.Count > 0 && (awake & (1UL << trace[^1].Thread)) != 0)
        {
            return 1UL << trace[^1].Thread;
        }
        return awake & (~awake + 1);
    }

    private void Execute(Frame frame, int p, long choice = 0)
    {
        budget.Check();
        events++;
        var state = inPlace ? frame.State : frame.State.CloneFor(p);
        var ev = state.Step(p, choice);
        if (!inPlace)
        {
            NoteAwaitRead(frame.State, state, ev);
        }
        if (ev.Kind == StepKind.Exit)
        {
            // exit stops every other thread: each one enabled here must also be tried before it.
            frame.Backtrack |= frame.State.Enabled() & ~(1UL << p);
        }
        var conflicts = DirectConflicts(ev);
        var before = DependencyClock(state, ev, conflicts);
        if (ev.Loc >= 0 || ev.Kind == StepKind.Exit)
        {
            if (!inPlace)
            {
                FindRaces(ev, before, conflicts);
            }
            if (violation is null && ev.Loc >= 0)
            {
                JudgeStep(ev);
            }
        }
        if (ev.Waits is not null)
        {
            awaitReads.Add(trace.Count);
        }
        trace.Add(ev);
        if (violation is not null)
        {
            return;
        }
        if (state.Stop is { } f)
        {
            Report(f);
            return;
        }
        if (JudgeState(state, ev))
        {
            return;
        }
        var child = new Frame(state) { Sleep = SleepAfter(frame, p, ev) };
        frames.Add(child);
    }

    /// <summary>Sleeping threads stay asleep while what runs is independent of their next event.</summary>
    private static ulong SleepAfter(Frame frame, int p, DporEvent ev)
    {
        ulong sleep = 0;
        ulong candidates = frame.Sleep & ~(1UL << p);
        while (candidates != 0)
        {
            int q = BitOperations.TrailingZeroCount(candidates);
            candidates &= candidates - 1;
            var next = frame.State.Peek(q);
            if (!DporEvent.Conflict(next, ev))
            {
                sleep |= 1UL << q;
            }
        }
        return sleep;
    }

    /// <summary>The checks judge the state after the step; the first finding is the execution's violation.</summary>
    private bool JudgeState(DporState state, DporEvent ev)
    {
        foreach (var check in stepChecks)
        {
            if (check.OnState(program, state) is { } found)
            {
                violation = new Violation(found.Kind, found.Message, [.. trace.Select(e => e.ToStep())], ev.Thread, ev.Instr) { OtherStep = found.OtherStep };
                return true;
            }
        }
        return false;
    }

    /// <summary>The machine stopped a thread: the checks that judge stops make it the execution's violation.</summary>
    private void Report(ThreadStop stop)
    {
        foreach (var check in stopChecks)
        {
            if (check.OnStop(program, stop) is { } found)
            {
                violation = new Violation(found.Kind, found.Message, [.. trace.Select(e => e.ToStep())], stop.Thread, stop.At) { OtherStep = found.OtherStep };
                return;
            }
        }
        // A stopped thread no check judges would end its execution unseen: never let that read as a pass.
        throw new InvalidOperationException($"no check judges a thread stopped by {stop.Reason} ({stop.Message}): the SC search needs Vrm.Checks' AssertionFailures and InvalidAccesses");
    }

    private void EndOfExecution(DporState state)
    {
        if (complete + blocked >= options.MaxExecutions)
        {
            throw new ExecutionLimitException();
        }
        if (JudgeEnd(state))
        {
            return;
        }
        if (state.Exited || (state.MainReturned && !state.Threads.TrueForAll(t => t.Status == ThreadStatus.Finished)))
        {
            // exit ended the program: what the other threads were doing does not matter, and memory still allocated is not lost.
            if (state.Threads.Exists(t => t.Status == ThreadStatus.Bound))
            {
                boundHits++;
            }
            complete++;
            Observe(complete: true);
            return;
        }
        bool allFinished = true;
        foreach (var th in state.Threads)
        {
            switch (th.Status)
            {
                case ThreadStatus.Finished:
                    continue;
                case ThreadStatus.Await:
                    awaitLoops.Add((th.Template, th.AwaitHead));
                    break;
                case ThreadStatus.Bound:
                    boundHits++;
                    break;
            }
            allFinished = false;
        }
        if (allFinished)
        {
            complete++;
            NoteLeaks(state);
            outcomes?.Add(o => o.IsMemory ? state.Mem[o.Loc] : state.Threads[o.Thread].Get(o.Reg));
        }
        else
        {
            blocked++;
        }
        Observe(allFinished);
    }

    /// <summary>The checks judge the machine where no thread can step; the first finding is the execution's violation.</summary>
    private bool JudgeEnd(DporState state)
    {
        EndView? view = null;
        foreach (var check in endChecks)
        {
            if (check.OnEnd(program, view ??= new EndView(state)) is { } found)
            {
                violation = new Violation(found.Kind, found.Message, [.. trace.Select(e => e.ToStep())], found.Thread, found.At);
                return true;
            }
        }
        return false;
    }

    private sealed class EndView(DporState state) : IEndState
    {
        private EndThread[]? threads;

        public bool Exited => state.Exited || state.MainReturned;

        public IReadOnlyList<EndThread> Threads => threads ??= [.. state.Threads.Select(Describe)];

        public bool SpinsForever(int thread) => SourceDpor.SpinsForever(state, state.Threads[thread]);

        private EndThread Describe(DporThread th)
        {
            var code = state.Code(th);
            var at = th.Pc < code.Length ? code[th.Pc] : null;
            return th.Status switch
            {
                ThreadStatus.Finished => new(th.Id, th.Template, EndStatus.Finished, null, -1),
                ThreadStatus.Await => new(th.Id, th.Template, EndStatus.Await, code[Math.Min(th.AwaitHead, code.Length - 1)], -1),
                ThreadStatus.Assumed => new(th.Id, th.Template, EndStatus.Assumed, at, -1),
                ThreadStatus.Bound => new(th.Id, th.Template, EndStatus.Bound, at, -1),
                // A running thread that cannot step is at a join of a thread that has not finished (DporState.CanStep).
                _ => new(th.Id, th.Template, EndStatus.Join, at, at is { Op: Opcode.Join } ? (int)th.Get(at.Rn) : -1),
            };
        }
    }

    private void Observe(bool complete)
    {
        ExecutionView? view = null;
        foreach (var check in executionChecks)
        {
            view ??= new ExecutionView(program, [.. trace.Select(e => e.ToStep())], initialMarks, complete);
            check.OnExecution(view);
        }
    }

    /// <summary>The checks that watch executions have all found what they look for: more executions would add nothing.</summary>
    private bool AllDone() => executionChecks.Length > 0 && Array.TrueForAll(executionChecks, c => c.Done);

    /// <summary>Heap blocks still allocated when every thread has finished: a warning per malloc call site.</summary>
    private void NoteLeaks(DporState state)
    {
        if (program.Heap is not { } heap)
        {
            return;
        }
        var seen = new HashSet<int>();
        foreach (var block in heap.Blocks)
        {
            if (state.Mem[block.StatusLoc] > 0 && seen.Add(block.Site))
            {
                leaks[block.Site] = leaks.TryGetValue(block.Site, out var known) ? (known.Executions + 1, known.Example) : (1, block.Name);
            }
        }
    }
}
