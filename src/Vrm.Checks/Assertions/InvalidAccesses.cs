using Vrm.Explore.Dpor;

namespace Vrm.Checks.Assertions;

/// <summary>
/// Accesses with no meaning (of no variable, mixed-size, a fault through the program's page tables, a call through
/// a pointer to no function) and frees of what malloc did not return: under SC, the thread the machine stopped at
/// one; on a relaxed model, each final state with a fault atom set, a static thread's failed pointer check, or main's
/// code after its joins making one on the final memory. Each stops its thread.
/// </summary>
public sealed class InvalidAccesses() : FailureCheck(
    new Dictionary<StopReason, ViolationKind> { [StopReason.InvalidAccess] = ViolationKind.InvalidAccess, [StopReason.InvalidFree] = ViolationKind.InvalidFree },
    faults: true);
