using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks.Assertions;

/// <summary>
/// Accesses with no meaning (of no variable, mixed-size, a fault through the program's page tables, a call through
/// a pointer to no function) and frees of what malloc did not return: under SC, the thread the machine stopped at
/// one; on a relaxed model, each final state with a fault atom set, a static thread's failed pointer check, or main's
/// code after its joins making one on the final memory. Each stops its thread.
/// </summary>
public sealed class InvalidAccesses : ICheck
{
    public bool JudgesStops => true;

    public StepFinding? OnStop(Program program, ThreadStop stop) => stop.Reason switch
    {
        StopReason.InvalidAccess => new StepFinding(ViolationKind.InvalidAccess, stop.Message),
        StopReason.InvalidFree => new StepFinding(ViolationKind.InvalidFree, stop.Message),
        _ => null,
    };

    public bool JudgesOutcomes => true;

    public IEnumerable<OutcomeFinding> OnOutcomes(Program c, StaticThreads st, ModelResult r) => FinalStates.Failing(c, st, r, (value, failures) =>
    {
        failures.AddRange(FinalStates.Recorded(c, st, value, invalidAccess: true));
        foreach (var f in st.Faults(value))
        {
            failures.Add(new StateFailure(f.Thread, f.At, $"{st.Describe(f)} (the thread stops)", CheckKind.InvalidAccess));
        }
        if (st.SuffixFails(value) is { Reason: StopReason.InvalidAccess or StopReason.InvalidFree } suffix)
        {
            failures.Add(new StateFailure(-1, suffix.At, suffix.Message, CheckKind.InvalidAccess));
        }
    }, faults: true);
}
