using Vrm.Programs;

namespace Vrm.Explore.Results;

/// <summary>
/// Collects the final states of the executions a model allows: applies the filter, evaluates the
/// condition, counts positive and negative executions, and sorts the states as herd does. Every explorer
/// reports through one of these, so all models print alike.
/// </summary>
public sealed class OutcomeSet(Program program, bool keepWitnesses)
{
    private readonly Dictionary<FinalState, CandidateSnapshot?> states = [];

    public IReadOnlyList<Observable> Displayed { get; } = DisplayOrder(program);

    public long Positive { get; private set; }

    public long Negative { get; private set; }

    public int Count => states.Count;

    private readonly SortedDictionary<string, BlockedEnd> blocked = new(StringComparer.Ordinal);

    public bool HasBlocked => blocked.Count > 0;

    /// <summary>Records an execution whose waiting threads can never finish (see <see cref="BlockedEnd"/>).</summary>
    public void AddBlocked(BlockedEnd end)
    {
        blocked.TryAdd(end.Key, end);
        if (blocked.Count > BlockedEnd.Kept)
        {
            blocked.Remove(blocked.Keys.Last());
        }
    }

    /// <summary>
    /// Records <paramref name="executions"/> executions (1 unless the caller merged executions with the same
    /// final values) whose final values <paramref name="value"/> gives; the witness is made only when needed.
    /// </summary>
    public void Add(Func<Observable, long> value, Func<CandidateSnapshot>? witness = null, long executions = 1)
    {
        if (program.Filter is not null && !Eval(program.Filter, value))
        {
            return;
        }
        bool holds = Eval(program.Condition, value);
        if (holds)
        {
            Positive += executions;
        }
        else
        {
            Negative += executions;
        }
        var values = new long[Displayed.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Values.Normalize(value(Displayed[i]));
        }
        var state = new FinalState(values, holds);
        if (!states.ContainsKey(state))
        {
            states[state] = keepWitnesses && holds ? witness?.Invoke() : null;
        }
    }

    /// <summary>Adds what another set (of the same program, from part of the same search) collected.</summary>
    public void AddAll(OutcomeSet other)
    {
        Positive += other.Positive;
        Negative += other.Negative;
        foreach (var b in other.blocked.Values)
        {
            AddBlocked(b);
        }
        foreach (var (state, witness) in other.states)
        {
            states.TryAdd(state, witness);
        }
    }

    internal static bool Eval(Cond c, Func<Observable, long> value) => c switch
    {
        ConstCond k => k.Value,
        AtomCond a => (Values.Normalize(value(a.Target)) == Values.Normalize(a.Value)) == a.Equal,
        NotCond n => !Eval(n.Operand, value),
        FaultCond f => value(f.Target) != 0,
        AndCond a => Eval(a.Left, value) && Eval(a.Right, value),
        OrCond o => Eval(o.Left, value) || Eval(o.Right, value),
        _ => throw new InvalidOperationException(),
    };

    public ModelResult Result(string model, long candidates, bool cut, Completion completion, string? reason, TimeSpan elapsed, IEnumerable<Models.Diagnosis>? diagnoses = null, ForbiddenReport? forbidden = null, long steps = 0)
    {
        var sorted = states.Keys.ToList();
        sorted.Sort(CompareStates);
        return new ModelResult
        {
            Program = program,
            Model = model,
            Displayed = Displayed,
            States = sorted,
            Positive = Positive,
            Negative = Negative,
            Candidates = candidates,
            Cut = cut,
            Completion = completion,
            IncompleteReason = reason,
            Witnesses = [.. sorted.Select(s => states[s]).OfType<CandidateSnapshot>()],
            Elapsed = elapsed,
            Diagnoses = [.. (diagnoses ?? []).OrderBy(d => d.Flag is null).ThenBy(d => d.Message, StringComparer.Ordinal)],
            Forbidden = forbidden,
            Steps = steps,
            Blocked = [.. blocked.Values],
        };
    }

    /// <summary>herd orders states location by location; numbers before addresses, addresses by name.</summary>
    internal int CompareStates(FinalState a, FinalState b)
    {
        for (int i = 0; i < a.Values.Length; i++)
        {
            int la = program.LocationAt(a.Values[i]), lb = program.LocationAt(b.Values[i]);
            int c = (la >= 0, lb >= 0) switch
            {
                (false, false) => a.Values[i].CompareTo(b.Values[i]),
                (true, true) => string.CompareOrdinal(program.Locations[la], program.Locations[lb]),
                (false, true) => -1,
                (true, false) => 1,
            };
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }

    /// <summary>
    /// herd prints registers first, by thread and register number, then memory locations by name (in a
    /// page-table program the data cells, then the page-table entries), then fault atoms, whose order
    /// depends on the state (see HerdFormat).
    /// </summary>
    /// <summary>Every observable a final state is judged by: those displayed, and those the condition and filter name.</summary>
    public static HashSet<Observable> Consulted(Program p)
    {
        var all = new HashSet<Observable>(p.Observed);
        var work = new Stack<Cond>([p.Condition, .. p.Filter is null ? (Cond[])[] : [p.Filter]]);
        while (work.TryPop(out var c))
        {
            switch (c)
            {
                case AtomCond a:
                    all.Add(a.Target);
                    break;
                case FaultCond f:
                    all.Add(f.Target);
                    break;
                case NotCond n:
                    work.Push(n.Operand);
                    break;
                case AndCond a:
                    work.Push(a.Left);
                    work.Push(a.Right);
                    break;
                case OrCond o:
                    work.Push(o.Left);
                    work.Push(o.Right);
                    break;
            }
        }
        return all;
    }

    public static List<Observable> DisplayOrder(Program p)
    {
        int Rank(Observable o) => o.IsFault ? 3 : !o.IsMemory ? 0 : p.Vmsa?.ByPteLoc(o.Loc) is null ? 1 : 2;
        var list = p.Observed.ToList();
        list.Sort((a, b) =>
        {
            int ra = Rank(a), rb = Rank(b);
            return ra != rb ? ra.CompareTo(rb)
                : ra is 1 or 2 ? string.CompareOrdinal(p.Locations[a.Loc], p.Locations[b.Loc])
                : ra == 3 ? a.Fault.CompareTo(b.Fault)
                : a.Thread != b.Thread ? a.Thread.CompareTo(b.Thread) : a.Reg.CompareTo(b.Reg);
        });
        return list;
    }
}
