using Vrm.Models;

namespace Vrm.Checks.Mmu;

/// <summary>The checks of page-table programs' consistent executions that every litmus run and relaxed C check makes.</summary>
public static class PageTableChecks
{
    public static IReadOnlyList<IConsistentExecutionCheck> All { get; } = [new BreakBeforeMake(), new StaleTranslation()];
}
