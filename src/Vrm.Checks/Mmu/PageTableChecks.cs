using Vrm.Models;
using Vrm.Models.Promising;

namespace Vrm.Checks.Mmu;

/// <summary>The checks of page-table programs that every litmus run and relaxed C check makes, per kind of model.</summary>
public static class PageTableChecks
{
    /// <summary>For the axiomatic models' consistent executions.</summary>
    public static IReadOnlyList<IConsistentExecutionCheck> All { get; } = [new BreakBeforeMake(), new StaleTranslation()];

    /// <summary>The same diagnoses for Promising-Arm's runs.</summary>
    public static IReadOnlyList<IPromisingRunsCheck> Promising { get; } = [new PromisingBreakBeforeMake(), new PromisingStaleTranslation()];
}
