using Vrm.Checks.Progress;
using Vrm.Checks.Races;
using Vrm.Checks.Security;
using Vrm.Explore.Dpor;

namespace Vrm.Checks;

/// <summary>The checks every SC search of a C program makes: threads that cannot finish, data races (unless turned off), invariants.</summary>
public static class ScChecks
{
    public static IReadOnlyList<IExecutionObserver> Standard(bool races = true) =>
        races ? [new Deadlock(), new DataRace(), new StateInvariants()] : [new Deadlock(), new StateInvariants()];
}
