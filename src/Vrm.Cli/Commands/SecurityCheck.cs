using Vrm.Checks.Security;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Cli.Commands;

/// <summary>
/// <c>vrm check</c> on a program that declares principals or secrets: the SC exploration with the
/// noninterference check on every complete execution; its violation becomes the run's, with its trace.
/// </summary>
public static class SecurityCheck
{
    public static CheckResult Run(Program program, DporOptions options, Budget budget)
    {
        var check = new Noninterference(program, options);
        var result = SourceDpor.Explore(program, options with { Observer = check }, budget);
        if (check.Violation is { } v && result.Violation is null)
        {
            var at = v.Step >= 0 ? v.Trace[v.Step] : v.Trace.Count > 0 ? v.Trace[^1] : null;
            return Copy(result, new Violation(ViolationKind.Condition, $"{v.Kind}: {v.Message}", v.Trace, at?.Thread ?? 0, at?.Instr) { Property = v.Kind + " violation" }, []);
        }
        string note = result.Violation is not null ? "Noninterference: not decided (the search stopped at the violation above)"
            : $"Noninterference: confidentiality and integrity hold on every complete execution ({check.Executions} compared, {check.Reruns} second runs with other secrets)";
        return Copy(result, result.Violation, [note]);
    }

    private static CheckResult Copy(CheckResult r, Violation? violation, IReadOnlyList<string> notes) => new()
    {
        Program = r.Program,
        Complete = r.Complete,
        Blocked = r.Blocked,
        SleepBlocked = r.SleepBlocked,
        BoundHits = r.BoundHits,
        AwaitLoops = r.AwaitLoops,
        Violation = violation,
        Completion = r.Completion,
        IncompleteReason = r.IncompleteReason,
        Outcomes = r.Outcomes,
        Elapsed = r.Elapsed,
        Events = r.Events,
        Leaks = r.Leaks,
        Notes = notes,
    };
}
