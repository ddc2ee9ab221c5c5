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

    /// <summary>Null when the execution is consistent, else the name of a failing axiom.</summary>
    string? Violation(CandidateExecution x);

    /// <summary>Flags and diagnostics of a consistent execution (page-table programs: break-before-make, stale translations).</summary>
    IEnumerable<Diagnosis> Diagnose(CandidateExecution x) => [];
}
