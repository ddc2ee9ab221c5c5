using Vrm.Models;
using Vrm.Programs;

namespace Vrm.Explore.Results;

/// <summary>A forbidden candidate execution whose final state satisfies the condition, with the axiom that forbids it.</summary>
public sealed record ForbiddenWitness(FinalState State, CandidateSnapshot Execution, AxiomFailure Failure);

/// <summary>
/// Why a model never satisfies a condition: how many candidate executions that would satisfy it each axiom
/// forbids (keyed by <see cref="AxiomFailure.Name"/>, ordinal order), and one forbidden candidate per final
/// state that satisfies it. <see cref="Complete"/> is false when the search for them stopped at a limit, so
/// the counts are a lower bound; <see cref="Consistent"/> counts satisfying candidates the model accepts,
/// which the search proper must have found (so it is 0 unless the condition was satisfied after all).
/// </summary>
public sealed record ForbiddenReport(IReadOnlyDictionary<string, long> ByAxiom, IReadOnlyList<ForbiddenWitness> Witnesses, long Candidates, long Consistent, bool Complete);

/// <summary>Collects the candidates whose final state satisfies the condition, for <see cref="ForbiddenReport"/>.</summary>
internal sealed class ForbiddenSet(Program program)
{
    private readonly SortedDictionary<string, long> byAxiom = new(StringComparer.Ordinal);
    private readonly Dictionary<FinalState, ForbiddenWitness> witnesses = [];
    private readonly IReadOnlyList<Observable> displayed = OutcomeSet.DisplayOrder(program);
    private long candidates, consistent;

    public bool Complete { get; set; } = true;

    /// <summary>
    /// Checks one candidate whose final values <paramref name="value"/> gives, when it passes the filter and
    /// satisfies the condition: <paramref name="check"/> says which axiom forbids it, if any.
    /// </summary>
    public void Add(Func<Observable, long> value, Func<AxiomFailure?> check, Func<CandidateSnapshot> snapshot)
    {
        if ((program.Filter is not null && !OutcomeSet.Eval(program.Filter, value)) || !OutcomeSet.Eval(program.Condition, value))
        {
            return;
        }
        candidates++;
        if (check() is not { } failure)
        {
            consistent++;
            return;
        }
        byAxiom[failure.Name] = byAxiom.GetValueOrDefault(failure.Name) + 1;
        var state = new FinalState([.. displayed.Select(o => Values.Normalize(value(o)))], true);
        witnesses.TryAdd(state, new ForbiddenWitness(state, snapshot(), failure));
    }

    /// <summary>The report, with the witnesses in the order of the states they end in (as herd sorts states).</summary>
    public ForbiddenReport Report(Comparison<FinalState> order)
    {
        var sorted = witnesses.Values.ToList();
        sorted.Sort((a, b) => order(a.State, b.State));
        return new ForbiddenReport(new SortedDictionary<string, long>(byAxiom, StringComparer.Ordinal), sorted, candidates, consistent, Complete);
    }
}
