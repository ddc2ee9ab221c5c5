using Vrm.Checks;
using Vrm.Checks.Refinement;
using Vrm.Checks.Security;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Cli.Commands;

/// <summary>
/// <c>vrm check</c> on a program whose annotations ask for checks over whole executions: noninterference when it
/// declares principals or secrets, refinement when operations have specifications. Each runs on every complete
/// SC execution; the first violation becomes the run's, with its trace.
/// </summary>
public static class ExecutionCheck
{
    public static bool Applies(Program p) => p.Kernel?.HasPrincipals == true || p.Operations.Count > 0;

    public static CheckResult Run(Program program, DporOptions options, Budget budget)
    {
        var security = program.Kernel?.HasPrincipals == true ? new Noninterference(program, options) : null;
        var refinement = program.Operations.Count > 0 ? new Linearizability(program) : null;
        var checks = new List<ICheck>();
        if (security is not null)
        {
            checks.Add(security);
        }
        if (refinement is not null)
        {
            checks.Add(refinement);
        }
        var result = SourceDpor.Explore(program, options with { Checks = [.. options.Checks, new ExecutionChecks(checks)] }, budget);
        // Grouping executions by the principals' choices needs all of them: only a finished search, no run cut by the loop bound, decides it.
        if (security is not null && result.Violation is null && refinement?.Violation is null && result.Completion == Completion.Complete && result.BoundHits == 0)
        {
            security.Finish();
        }
        if ((security?.Violation ?? refinement?.Violation) is { } v && result.Violation is null)
        {
            var at = v.Step >= 0 ? v.Trace[v.Step] : v.Trace.Count > 0 ? v.Trace[^1] : null;
            string property = v.Kind == "not linearizable" ? v.Kind : v.Kind + " violation";
            return Copy(result, new Violation(ViolationKind.Condition, $"{v.Kind}: {v.Message}", v.Trace, at?.Thread ?? 0, v.At ?? at?.Instr) { Property = property }, []);
        }
        var notes = new List<string>();
        bool stopped = result.Violation is not null;
        if (security is not null)
        {
            notes.Add(stopped ? "Noninterference: not decided (the search stopped at the violation above)"
                : $"Noninterference: confidentiality and integrity hold on every complete execution ({security.Executions} compared, {security.Reruns} second runs with other secrets)");
        }
        if (refinement is not null)
        {
            notes.Add(stopped ? "Refinement: not decided (the search stopped at the violation above)"
                : $"Refinement: every complete execution is linearizable against the specifications ({refinement.Histories} histories, {refinement.SpecRuns} specification runs)");
        }
        return Copy(result, result.Violation, notes);
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
