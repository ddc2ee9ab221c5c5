using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>A step the SC search has taken, as a check that judges each step sees it.</summary>
public interface IStepView
{
    /// <summary>The thread's id (T0 is main) and its template (its function).</summary>
    int Thread { get; }

    int Template { get; }

    /// <summary>The step's number among its thread's steps (1 for the first).</summary>
    int Local { get; }

    Instr Instr { get; }

    /// <summary>The location it accessed, or -1 (spawn, join, a step without memory).</summary>
    int Loc { get; }

    bool Writes { get; }

    /// <summary>A plain (non-atomic) C access.</summary>
    bool NonAtomic { get; }

    /// <summary>Only the MMU's read of an entry (a faulting access's walk): no access of the thread's.</summary>
    bool WalkOnly { get; }

    /// <summary>The thread's C11 happens-before clock right after the step: entry t counts thread t's steps before it.</summary>
    IReadOnlyList<int> Hb { get; }
}

/// <summary>What a step check found: the violation's kind and message, and the earlier step it involves (-1: none).</summary>
public sealed record StepFinding(ViolationKind Kind, string Message)
{
    public int OtherStep { get; init; } = -1;
}

/// <summary>The SC machine's state after a step, as a check that judges states sees it.</summary>
public interface ISearchState
{
    /// <summary>Memory, one value per location of the program.</summary>
    IReadOnlyList<long> Memory { get; }

    /// <summary>Locks held now over all CPUs (holds minus releases of <c>vrm_hold</c>/<c>vrm_release</c>).</summary>
    int LocksHeld { get; }

    /// <summary>Runs template <paramref name="template"/> (an invariant) alone on this state: why it fails, or null.</summary>
    string? Run(int template);
}
