using Vrm.Checks.Progress;
using Vrm.Checks.Races;
using Vrm.Checks.Security;
using Vrm.Explore.Dpor;

namespace Vrm.Checks;

/// <summary>The checks every SC search of a C program makes: threads that cannot finish, data races (unless turned off), invariants.</summary>
public static class ScChecks
{
    /// <param name="exempt">Locations the race check leaves to another check (the wDRF lock discipline's).</param>
    public static IReadOnlyList<IExecutionObserver> Standard(bool races = true, IReadOnlySet<int>? exempt = null) =>
        races ? [new Deadlock(), new DataRace { Exempt = exempt }, new StateInvariants()] : [new Deadlock(), new StateInvariants()];
}
