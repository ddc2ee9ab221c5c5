using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Checks.Progress;

/// <summary>
/// Threads that can never finish: a join of a thread that itself waits at a join (a cycle of joins), or await
/// loops (spin locks, flags, pthread mutexes) that would spin forever because nobody is left to write what
/// they wait for. An execution where every unfinished thread only waits this way is a deadlock; one where a
/// thread stopped at the loop bound or an assume is not judged, since that thread might have gone on to write;
/// nor is one that ended by exit or by main's return, which end the whole program.
/// </summary>
public sealed class Deadlock : IExecutionObserver
{
    public bool JudgesEnds => true;

    public bool WatchesExecutions => false;

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

    private static string Name(Program program, EndThread t) => $"T{t.Thread} {program.Threads[t.Template].Name}";
}
