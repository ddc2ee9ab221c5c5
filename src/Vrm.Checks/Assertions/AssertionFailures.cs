using Vrm.Explore.Dpor;

namespace Vrm.Checks.Assertions;

/// <summary>
/// Assertions that fail, and the C library's rules broken (a misuse of pthread): under SC, the thread the machine
/// stopped at one; on a relaxed model (<c>vrm check --model arm|promising</c>), each final state in which a static
/// thread recorded a failed check, or main's code after its joins fails on the final memory.
/// </summary>
public sealed class AssertionFailures() : FailureCheck(
    new Dictionary<StopReason, ViolationKind> { [StopReason.Assertion] = ViolationKind.AssertionFailed, [StopReason.Misuse] = ViolationKind.Misuse },
    faults: false);
