using Vrm.Explore;
using Vrm.Explore.Dpor;

namespace Vrm.Checks;

/// <summary>
/// What a check over whole executions found: <see cref="Kind"/> is the property as the verdict names it without
/// "violation" (<c>confidentiality</c>, <c>integrity</c>, <c>implicit flow</c>, <c>not linearizable</c>),
/// <see cref="Trace"/> the execution that shows it, <see cref="Step"/> where (-1: at the end).
/// </summary>
public sealed record ExecutionViolation(string Kind, string Message, IReadOnlyList<TraceStep> Trace, int Step)
{
    /// <summary>The instruction to name as the violation's place when it is not <see cref="Step"/>'s (a vrm_observe after that step).</summary>
    public Programs.Instr? At { get; init; }
}

/// <summary>Several checks on the same executions; the search stops once one of them is done.</summary>
public sealed class ExecutionChecks(IReadOnlyList<ICheck> checks) : ICheck
{
    public bool WatchesExecutions => true;

    public void OnExecution(ExecutionView execution)
    {
        foreach (var c in checks)
        {
            if (!c.Done)
            {
                c.OnExecution(execution);
            }
        }
    }

    public bool Done => checks.Any(c => c.Done);
}
