using Vrm.Models.Executions;

namespace Vrm.Models;

/// <summary>
/// A memory model given as axioms over candidate executions. The explorer builds candidates and asks the
/// model; every axiom has a name, reported when it fails.
/// </summary>
public interface IAxiomaticModel
{
    string Name { get; }

    /// <summary>A cheap early check once reads-from is chosen but coherence is not: false means no coherence order can help.</summary>
    bool AcceptsReadsFrom(CandidateExecution x);

    /// <summary>Null when the execution is consistent, else the name of a failing axiom (the search's fast path: no witness).</summary>
    string? Violation(CandidateExecution x);

    /// <summary>
    /// Null when the execution is consistent, else the first failing axiom with its witness. Unlike the search's
    /// checks it assumes nothing of how the candidate was built: the search leaves out coherence orders that
    /// break SC per location, and this names them.
    /// </summary>
    AxiomFailure? Check(CandidateExecution x) => Violation(x) is { } name ? new AxiomFailure(name, null, []) : null;

    /// <summary>
    /// What <paramref name="checks"/> find in a consistent execution, over each way the model orders it (the Arm
    /// model's choices of which TLBIs come after which walks), given that order's <c>ob</c>.
    /// </summary>
    IEnumerable<Diagnosis> Diagnose(CandidateExecution x, IReadOnlyList<IConsistentExecutionCheck> checks) => [];
}

/// <summary>
/// A check of consistent executions of the axiomatic models (Vrm.Checks' break-before-make and stale
/// translations): it flags what the user should hear about although the execution is allowed.
/// </summary>
public interface IConsistentExecutionCheck
{
    /// <param name="ob">The execution's ordered-before, transitively closed.</param>
    IEnumerable<Diagnosis> OnConsistentExecution(CandidateExecution x, Relations.Relation ob);
}
