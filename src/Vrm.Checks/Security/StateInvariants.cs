using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Checks.Security;

/// <summary>
/// The program's invariants (<c>VRM_INVARIANT</c>, SeKVM's <c>shared_inv</c>) on every state the SC search
/// reaches where no CPU holds a lock: inside a critical section the kernel may break them for a while.
/// </summary>
public sealed class StateInvariants : ICheck
{
    public bool JudgesSteps => true;

    public StepFinding? OnState(Program program, ISearchState state)
    {
        if (program.Invariants.Count == 0 || state.LocksHeld != 0)
        {
            return null;
        }
        foreach (int template in program.Invariants)
        {
            if (state.Run(template) is { } failed)
            {
                string name = program.Threads[template].Name.Replace("vrm_invariant_", "", StringComparison.Ordinal);
                return new StepFinding(ViolationKind.AssertionFailed, $"invariant {name} fails after this step (no CPU holds a lock): {failed}");
            }
        }
        return null;
    }
}
