using Vrm.Checks.Assertions;
using Vrm.Checks.Progress;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks;

/// <summary>
/// A check of what a relaxed model (Promising-Arm, the axiomatic Arm model) gives for a C program: its final states,
/// and its executions that have none because threads never finish (<see cref="ModelResult.Blocked"/>). A relaxed
/// model has no steps to watch, so this is where the checks that SC makes per step or per execution meet it.
/// </summary>
public interface IOutcomeCheck
{
    IEnumerable<OutcomeFinding> Check(Program c, StaticThreads st, ModelResult r);
}

/// <summary>The checks <c>vrm check --model arm|promising</c> makes on every outcome: assertions, faults and library checks, threads that cannot finish.</summary>
public static class RelaxedChecks
{
    public static IReadOnlyList<IOutcomeCheck> Standard { get; } = [new FinalStateAssertions(), new Deadlock()];
}
