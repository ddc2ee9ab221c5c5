using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>
/// One execution the SC search finished: its events in order, each with the fences, TLBIs and annotations its
/// thread executed right after it (<see cref="TraceStep.Marks"/>), and those executed before any event
/// (<see cref="InitialMarks"/>). <see cref="Complete"/>: every thread finished; otherwise some thread blocked
/// (an await loop, an assume, the loop bound), and the execution is a prefix of longer ones.
/// </summary>
public sealed record ExecutionView(Program Program, IReadOnlyList<TraceStep> Trace, IReadOnlyList<Mark> InitialMarks, bool Complete)
{
    /// <summary>Memory after the first <paramref name="steps"/> steps (all of them by default): the start memory with their writes.</summary>
    public long[] Memory(int steps = int.MaxValue)
    {
        var mem = Program.StartMemory();
        for (int i = 0; i < Math.Min(steps, Trace.Count); i++)
        {
            var s = Trace[i];
            if (s.Loc >= 0 && !s.WalkOnly && s.Kind is StepKind.Write or StepKind.Update)
            {
                mem[s.Loc] = s.Written;
            }
        }
        return mem;
    }
}
