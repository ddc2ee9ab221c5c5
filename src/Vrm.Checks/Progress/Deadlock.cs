using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks.Progress;

/// <summary>
/// Threads that can never finish: a join of a thread that itself waits at a join (a cycle of joins), or await
/// loops (spin locks, flags, pthread mutexes) that would spin forever because nobody is left to write what
/// they wait for. An execution where every unfinished thread only waits this way is a deadlock; one where a
/// thread stopped at the loop bound or an assume is not judged, since that thread might have gone on to write;
/// nor is one that ended by exit or by main's return, which end the whole program.
/// </summary>
public sealed class Deadlock : ICheck
{
    public bool JudgesEnds => true;

    public bool JudgesOutcomes => true;

    public EndFinding? OnEnd(Program program, IEndState end)
    {
        var threads = end.Threads;
        if (end.Exited)
        {
            return null;
        }
        foreach (var t in threads)
        {
            if (t.Status == EndStatus.Join && t.Joins >= 0 && t.Joins < threads.Count && threads[t.Joins].Status == EndStatus.Join)
            {
                return new EndFinding(ViolationKind.CannotFinish, $"{Name(program, t)} waits to join T{t.Joins}, which waits too: deadlock", t.Thread, t.At);
            }
        }
        if (threads.Any(t => t.Status is EndStatus.Bound or EndStatus.Assumed))
        {
            return null;
        }
        var spinning = threads.Where(t => t.Status == EndStatus.Await).ToList();
        // Stuck for real only when no spinning thread could see a newer value by spinning once more.
        if (spinning.Count == 0 || !spinning.TrueForAll(t => end.SpinsForever(t.Thread)))
        {
            return null;
        }
        var first = spinning[0];
        return new EndFinding(ViolationKind.CannotFinish,
            $"{Name(program, first)} cannot finish: its await loop reads only final values and would spin forever"
            + (spinning.Count > 1 ? $" (and so do {spinning.Count - 1} more threads)" : ""),
            first.Thread, first.At);
    }

    /// <summary>
    /// A relaxed model's ends with waiting threads (<see cref="BlockedEnd"/>; the model established that each spins
    /// forever): the first that is a deadlock, with the C memory at that point; or, when an end may be no deadlock
    /// and says too little to tell, why it is undecided (never a false deadlock). An end keeps memory, not
    /// registers: it cannot say whether a thread that finished had stopped at a failed assumption (an execution SC
    /// discards), nor judge the assertions of the threads that finished.
    /// </summary>
    public IEnumerable<OutcomeFinding> OnOutcomes(Program c, StaticThreads st, ModelResult r)
    {
        OutcomeFinding? undecided = null;
        foreach (var end in r.Blocked)
        {
            if (OnEnd(st.Program, new RelaxedEnd(st.Program, end, st.First)) is not { } f)
            {
                continue;
            }
            var waiting = end.Waiting.First(w => w.Thread + st.First == f.Thread);
            var finding = new OutcomeFinding([new StateFailure(waiting.Thread, f.At ?? waiting.At, f.Message)], [], [.. end.Memory.Take(c.Locations.Count)], Stuck: true);
            if (end.Waiting.All(w => st.Unjoined.Contains(w.Thread)))
            {
                // main returns without waiting for them, and its return tears them down: no deadlock, but the
                // others' assertions in this end are not judged.
                undecided ??= finding with { Undecided = $"{st.Name(end.Waiting[0].Thread)} may spin for ever, but main returns without joining it, which ends the program: the final states in which it spins are not judged" };
                continue;
            }
            if (st.HasAssumptions)
            {
                undecided ??= finding with { Undecided = "a thread may spin for ever, but another may have stopped at a failed vrm_assume there (an execution that does not count), and the model's end does not say: whether it is a deadlock is undecided" };
                continue;
            }
            return [finding];
        }
        return undecided is null ? [] : [undecided];
    }

    private sealed class RelaxedEnd(Program program, BlockedEnd end, int first) : IEndState
    {
        public bool Exited => false;

        public IReadOnlyList<EndThread> Threads { get; } = [.. program.Threads.Select(t => end.Waiting.FirstOrDefault(w => w.Thread == t.Index) is (_, { } at)
            ? new EndThread(t.Index + first, t.Index, EndStatus.Await, at, -1)
            : new EndThread(t.Index + first, t.Index, EndStatus.Finished, null, -1))];

        public bool SpinsForever(int thread) => true;
    }

    private static string Name(Program program, EndThread t) => $"T{t.Thread} {program.Threads[t.Template].Name}";
}
