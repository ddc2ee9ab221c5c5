using Vrm.Programs;

namespace Vrm.Explore.Relaxed;

/// <summary>
/// One thing that failed in a final state, where: a thread's assertion or C-library check
/// (<see cref="Check"/>), an access that faulted, or main's code after its joins (<see cref="Thread"/> -1).
/// <see cref="Thread"/> is the static program's thread; <see cref="At"/> the C instruction.
/// </summary>
public sealed record StateFailure(int Thread, Instr At, string Message, CheckKind Check = CheckKind.Assertion);

/// <summary>
/// An outcome in which something failed: the assertions, the faults (each stops its thread), and the final value of
/// each location of the C program (0 for stack frames, which are not observed). <see cref="Stuck"/>: an execution with
/// no final state, whose <see cref="Assertions"/> say which thread can never finish (a deadlock); with
/// <see cref="Undecided"/>, why the check could not tell whether the outcome is one (the answer is then incomplete).
/// </summary>
public sealed record OutcomeFinding(IReadOnlyList<StateFailure> Assertions, IReadOnlyList<StateFailure> Faults, IReadOnlyList<long> Memory, bool Stuck = false, string? Undecided = null)
{
    /// <summary>The final state's index in the model's result (-1: an execution with none).</summary>
    public int State { get; init; } = -1;

    /// <summary>A fault is the first thing that went wrong in its state: the state is an invalid access.</summary>
    public bool InvalidAccess => Faults.Count > 0;

    /// <summary>Only the C library's rules were broken (a misuse of pthread or malloc).</summary>
    public bool Misuse => Assertions.Count > 0 && Assertions.Any(a => a.Check == CheckKind.Misuse);
}
