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

/// <summary>
/// A check the SC search feeds; the search never knows which checks exist. It calls each check at the
/// points the check says it cares about: every step as it is taken (<see cref="OnStep"/>, the data-race
/// check) and the state after it (<see cref="OnState"/>, invariants), the machine when no thread can step
/// (<see cref="OnEnd"/>, deadlock), and every execution it finishes (<see cref="OnExecution"/>, the wDRF conditions, noninterference,
/// linearizability), recording the marks those need only when one is present.
/// </summary>
public interface IExecutionObserver
{
    /// <summary>The check judges each step: <see cref="OnStep"/> and <see cref="OnState"/> are called.</summary>
    bool JudgesSteps => false;

    /// <summary>Judges <paramref name="step"/>, just taken after <paramref name="trace"/>; a finding ends the execution as a violation.</summary>
    StepFinding? OnStep(Program program, IReadOnlyList<IStepView> trace, IStepView step) => null;

    /// <summary>Judges the state after a step and its thread's local code, when nothing failed in them.</summary>
    StepFinding? OnState(Program program, ISearchState state) => null;

    /// <summary>The check judges how each execution ends, finished or blocked: <see cref="OnEnd"/> is called.</summary>
    bool JudgesEnds => false;

    /// <summary>Judges the machine when no thread can step; a finding ends the execution as a violation.</summary>
    EndFinding? OnEnd(Program program, IEndState end) => null;

    /// <summary>The check looks at finished executions: <see cref="OnExecution"/> is called, with marks.</summary>
    bool WatchesExecutions => true;

    void OnExecution(ExecutionView execution)
    {
    }

    /// <summary>True once the check has found what it looks for, and more executions would add nothing: the search stops.</summary>
    bool Done => false;
}
