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

    /// <summary>Flags and diagnostics of a consistent execution (page-table programs: break-before-make, stale translations).</summary>
    IEnumerable<Diagnosis> Diagnose(CandidateExecution x) => [];
}
