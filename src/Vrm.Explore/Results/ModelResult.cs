using Vrm.Models.Executions;
using Vrm.Programs;

namespace Vrm.Explore.Results;

/// <summary>One final state over the displayed locations, with whether the condition's proposition holds in it.</summary>
public sealed record FinalState(long[] Values, bool Satisfies)
{
    public bool Equals(FinalState? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var v in Values)
        {
            h.Add(v);
        }
        return h.ToHashCode();
    }
}

public enum Completion { Complete, Timeout, LimitReached }

/// <summary>What a model allows for one program: its final states and the condition's verdict.</summary>
public sealed class ModelResult
{
    public required Program Program { get; init; }

    public required string Model { get; init; }

    /// <summary>The displayed locations: the condition's and those of a <c>locations</c> line, in herd's order.</summary>
    public required IReadOnlyList<Observable> Displayed { get; init; }

    /// <summary>Where <paramref name="o"/> is among <see cref="Displayed"/> (a final state's values), or -1.</summary>
    public int IndexOf(Observable o)
    {
        for (int i = 0; i < Displayed.Count; i++)
        {
            if (Displayed[i] == o)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Where <paramref name="o"/>, which the caller had the program observe, is among <see cref="Displayed"/>.</summary>
    public int IndexOfObserved(Observable o) => IndexOf(o) is var i and >= 0 ? i : throw new InvalidOperationException($"{o} is not observed");

    /// <summary>Distinct final states, sorted as herd sorts them.</summary>
    public required IReadOnlyList<FinalState> States { get; init; }

    /// <summary>Consistent executions in which the proposition holds / does not hold.</summary>
    public long Positive { get; init; }

    public long Negative { get; init; }

    public long Candidates { get; init; }

    /// <summary>Promising: the thread steps the search took, counted only under a step bound (<see cref="ExploreOptions.MaxSteps"/>); 0 otherwise.</summary>
    public long Steps { get; init; }

    /// <summary>
    /// Executions (a few) in which threads wait in await loops that can never end: the deadlocks and stuck waits a
    /// relaxed model found, which have no final state of their own.
    /// </summary>
    public IReadOnlyList<BlockedEnd> Blocked { get; init; } = [];

    /// <summary>True when the loop-unrolling bound cut some path, so executions past it are not counted.</summary>
    public bool Cut { get; init; }

    public Completion Completion { get; init; }

    public string? IncompleteReason { get; init; }

    /// <summary>One consistent execution per distinct final state whose proposition holds, for pictures.</summary>
    public IReadOnlyList<CandidateSnapshot> Witnesses { get; init; } = [];

    public TimeSpan Elapsed { get; init; }

    /// <summary>Flags and diagnostics of the consistent executions (page-table programs), each once, flags first.</summary>
    public IReadOnlyList<Models.Diagnosis> Diagnoses { get; init; } = [];

    /// <summary>
    /// When asked for (<see cref="ExploreOptions.ExplainForbidden"/>) and the condition is never satisfied: which
    /// axioms forbid the candidate executions that would satisfy it. Null otherwise.
    /// </summary>
    public ForbiddenReport? Forbidden { get; init; }

    /// <summary>The flags herd7 would print (<c>Flag Warning-BBM-expected</c>), sorted.</summary>
    public IEnumerable<string> Flags => Diagnoses.Select(d => d.Flag).OfType<string>().Distinct().Order(StringComparer.Ordinal);

    /// <summary>The quantified condition holds: herd's Ok.</summary>
    public bool Ok => Program.ConditionKind switch
    {
        CondKind.Exists => Positive > 0,
        CondKind.NotExists => Positive == 0,
        _ => Negative == 0,
    };

    public string Observation => Positive == 0 ? "Never" : Negative == 0 ? "Always" : "Sometimes";
}

/// <summary>A frozen copy of a candidate execution's choices, enough to draw it.</summary>
public sealed record CandidateSnapshot(CandidateExecution Shape, int[] Rf, int[][] Co);
