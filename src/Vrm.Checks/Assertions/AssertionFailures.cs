using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks.Assertions;

/// <summary>
/// Assertions that fail, and the C library's rules broken (a misuse of pthread): under SC, the thread the machine
/// stopped at one; on a relaxed model (<c>vrm check --model arm|promising</c>), each final state in which a static
/// thread recorded a failed check in a register of its own, or main's code after its joins fails on the final memory.
/// </summary>
public sealed class AssertionFailures : ICheck
{
    public bool JudgesStops => true;

    public StepFinding? OnStop(Program program, ThreadStop stop) => stop.Reason switch
    {
        StopReason.Assertion => new StepFinding(ViolationKind.AssertionFailed, stop.Message),
        StopReason.Misuse => new StepFinding(ViolationKind.Misuse, stop.Message),
        _ => null,
    };

    public bool JudgesOutcomes => true;

    public IEnumerable<OutcomeFinding> OnOutcomes(Program c, StaticThreads st, ModelResult r) => FinalStates.Failing(c, st, r, (value, failures) =>
    {
        failures.AddRange(FinalStates.Recorded(c, st, value, invalidAccess: false));
        if (st.SuffixFails(value) is { Reason: StopReason.Assertion or StopReason.Misuse } suffix)
        {
            failures.Add(new StateFailure(-1, suffix.At, suffix.Message, suffix.Reason == StopReason.Misuse ? CheckKind.Misuse : CheckKind.Assertion));
        }
    });
}
