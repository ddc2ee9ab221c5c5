using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>
/// Re-runs one interleaving: the threads in the order a trace lists them (the schedule a violation
/// prints), under SC with the same checks, so a reported bug can be reproduced and its fix confirmed.
/// </summary>
public static class Replay
{
    public static CheckResult Run(Program program, IReadOnlyList<ReplayStep> schedule, DporOptions options)
    {
        var search = SourceDpor.ForReplay(program, options);
        return search.RunSchedule(schedule);
    }
}

/// <summary>One step of a schedule: the thread that runs, and the value it takes when its event is a nondeterministic choice (written <c>T=value</c>).</summary>
public readonly record struct ReplayStep(int Thread, long? Choice = null);

public sealed partial class SourceDpor
{
    internal static SourceDpor ForReplay(Program program, DporOptions options) =>
        // One schedule: no branch to come back to, so no state needs keeping (the checks read the trace's events).
        new(program, options, new Budget(CancellationToken.None, null)) { inPlace = true };

    /// <summary>Executes the schedule step by step; a step whose thread cannot run is an error in the schedule.</summary>
    internal CheckResult RunSchedule(IReadOnlyList<ReplayStep> schedule)
    {
        var state = DporState.Initial(setup);
        if (state.Stop is { } initialFailure)
        {
            Report(initialFailure);
        }
        frames.Add(new Frame(state));
        for (int i = 0; i < schedule.Count && violation is null; i++)
        {
            var frame = frames[^1];
            int t = schedule[i].Thread;
            if (t < 0 || t >= frame.State.Threads.Count || (frame.State.Enabled() & (1UL << t)) == 0)
            {
                // The observer sees the run so far (not complete): a caller comparing two runs can find where they parted.
                Observe(false);
                throw new ArgumentException($"step {i + 1} of the schedule runs T{t}, which cannot take a step there");
            }
            long choice = 0;
            if (frame.State.ChoiceRange(t) is var (low, high))
            {
                choice = schedule[i].Choice ?? low;
                if (choice < low || choice > high)
                {
                    throw new ArgumentException($"step {i + 1} of the schedule chooses {choice}, but T{t} chooses from {low} to {high}");
                }
            }
            Execute(frame, t, choice);
        }
        if (violation is null && frames[^1].State.Enabled() == 0)
        {
            EndOfExecution(frames[^1].State);
        }
        return new CheckResult
        {
            Program = program,
            Complete = complete,
            Blocked = blocked,
            BoundHits = boundHits,
            Violation = violation,
            Events = events,
            Replayed = true,
        };
    }
}
