using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Checks.Races;

/// <summary>
/// C11's data races on the SC search's executions: two accesses of one location by different threads, one a
/// write and one plain (non-atomic), that happens-before (program order, and release/acquire synchronisation
/// through the clocks the search keeps) does not order. It is enough to look at each new access against the
/// earlier ones of its execution: the first race found is reported with both accesses.
/// </summary>
public sealed class DataRace : ICheck
{
    /// <summary>
    /// Locations whose races another check judges, so this one leaves them alone (wDRF: lock-protected memory,
    /// where a missing barrier is No-Barrier-Misuse's and a missing lock DRF-Kernel's); null: none.
    /// </summary>
    public IReadOnlySet<int>? Exempt { get; init; }

    public bool JudgesSteps => true;

    public StepFinding? OnStep(Program program, IReadOnlyList<IStepView> trace, IStepView step)
    {
        // User/VM code is a data oracle: its accesses race by design, and the wDRF checks judge them.
        if (step.WalkOnly || step.Instr.Root >= 0 || Exempt?.Contains(step.Loc) == true)
        {
            return null;
        }
        for (int j = trace.Count - 1; j >= 0; j--)
        {
            var e = trace[j];
            if (e.Loc != step.Loc || e.WalkOnly || e.Instr.Root >= 0 || e.Thread == step.Thread || !(e.Writes || step.Writes) || !(e.NonAtomic || step.NonAtomic))
            {
                continue;
            }
            if (step.Hb[e.Thread] < e.Local)
            {
                return new StepFinding(ViolationKind.DataRace,
                    $"data race on {program.Locations[step.Loc]}: {Describe(e)} by {ThreadName(program, e)} and {Describe(step)} by {ThreadName(program, step)}, not ordered by happens-before")
                { OtherStep = j };
            }
        }
        return null;
    }

    private static string ThreadName(Program program, IStepView s) => $"T{s.Thread} {program.Threads[s.Template].Name}";

    private static string Describe(IStepView s) => (s.NonAtomic ? "plain " : "atomic ") + (s.Writes ? "write" : "read");
}
