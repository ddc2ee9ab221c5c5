namespace Vrm.Models;

/// <summary>One edge of a failure's witness: <paramref name="From"/> is related to <paramref name="To"/> by <paramref name="Relation"/> (a cat name: po-loc, rfe, bob...).</summary>
public readonly record struct WitnessEdge(int From, int To, string Relation);

/// <summary>
/// Why a model forbids a candidate execution: the first axiom that fails, in the model's order, and its witness
/// over the execution's events. <see cref="Axiom"/> is the cat file's name (<c>internal</c>, <c>external</c>,
/// <c>atomic</c>, SC's <c>sc</c>); <see cref="Part"/> narrows it down: the coherence shape of an internal
/// failure (CoRR, CoRW1, CoRW2, CoWR, CoWW), or the page-table relation an external cycle goes through.
/// </summary>
/// <param name="Witness">
/// For an acyclicity or irreflexivity axiom a cycle, each edge ending where the next starts; for <c>atomic</c>
/// the rmw pair and the fr; co path of the write that comes between them. Empty when the caller did not ask
/// for it.
/// </param>
public sealed record AxiomFailure(string Axiom, string? Part, IReadOnlyList<WitnessEdge> Witness)
{
    /// <summary>The axiom as reports key it: <c>external</c>, <c>internal:CoRR</c>.</summary>
    public string Name => Part is null ? Axiom : $"{Axiom}:{Part}";

    public override string ToString() => Name;
}
