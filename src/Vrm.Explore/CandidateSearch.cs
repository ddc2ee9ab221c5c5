using Vrm.Explore.Results;
using Vrm.Models;
using Vrm.Models.Executions;
using Vrm.Programs;

namespace Vrm.Explore;

/// <summary>
/// The candidate-execution search for one program and model: every combination of thread traces, every
/// reads-from choice that matches values, every coherence order that respects the per-location order the
/// program itself implies, each checked by the model.
/// </summary>
internal sealed partial class CandidateSearch(Program program, IAxiomaticModel model, ExploreOptions options, Budget budget)
{
    private readonly OutcomeSet outcomes = new(program, options.KeepWitnesses);
    private long candidates;
    private CandidateExecution x = null!;
    private int[][] rfChoices = [];
    private int[] reads = [];

    /// <summary>Per event: the read of the interchangeable pseudo-thread before it when this is its twin's read, or -1.</summary>
    private int[] twinRead = [];

    public bool Cut { get; set; }

    /// <summary>
    /// Set for the second search, of the combinations with a cut prefix: the reads-from and coherence choices
    /// it may examine before it gives up (<see cref="CutUndecidedException"/>); null for the search of outcomes.
    /// </summary>
    public long? CutPrefixes { get; set; }

    /// <summary>The search of cut prefixes used its share of the budget without finding whether one is consistent.</summary>
    public sealed class CutUndecidedException : Exception;

    /// <summary>
    /// Set for the search of why a condition is never satisfied: it keeps only candidates that satisfy it and
    /// asks the model which axiom forbids each, so it must also build those the search proper leaves out early
    /// because SC per location forbids them (reads of po-later or overwritten writes, coherence orders against
    /// pco) and skip the reads-from pruning. Other pruning stays: it removes no candidate at all (values no
    /// write gives) or only interchangeable copies.
    /// </summary>
    public ForbiddenSet? Forbidden { get; init; }

    public Completion Completion { get; set; }

    public string? Reason { get; set; }

    /// <summary>
    /// Per thread: its traces are the previous thread's, up to the thread number, and no program order or
    /// register tells the two apart (the spurious-update pseudo-threads of one entry). Exchanging their choices
    /// gives the same executions, so only choices that do not increase from one to the next are combined.
    /// </summary>
    public bool[] Interchangeable { get; set; } = [];

    public void Run(List<ThreadTrace>[] traces)
    {
        if (traces.Any(t => t.Count == 0))
        {
            return;
        }
        var needs = traces.Select(ts => ts.Select(Needs).ToArray()).ToArray();
        var writes = traces.Select(ts => ts.Select(Writes).ToArray()).ToArray();
        // What the threads from t on could write at all, to prune a combination as soon as a read is hopeless.
        var later = new HashSet<(int, long)>[traces.Length + 1];
        later[traces.Length] = [];
        for (int t = traces.Length - 1; t >= 0; t--)
        {
            later[t] = [.. later[t + 1], .. writes[t].SelectMany(w => w)];
        }
        var chosen = new int[traces.Length];
        void Choose(int t)
        {
            if (t == traces.Length)
            {
                if (CutPrefixes is not null && !chosen.Select((i, u) => traces[u][i].Cut || traces[u][i].Blocked).Any(c => c))
                {
                    // Searched already, for the outcomes.
                    return;
                }
                Combination([.. chosen.Select((i, u) => traces[u][i])], chosen);
                return;
            }
            int last = t < Interchangeable.Length && Interchangeable[t] ? chosen[t - 1] : traces[t].Count - 1;
            for (int i = 0; i <= last; i++)
            {
                budget.Check();
                // The outcomes come from whole paths; cut prefixes are searched afterwards (CutPrefixes), and once one
                // consistent execution reaches the bound the others can tell nothing more.
                if (traces[t][i].Cut && (CutPrefixes is null || Cut) || traces[t][i].Blocked && (CutPrefixes is null || outcomes.HasBlocked))
                {
                    continue;
                }
                chosen[t] = i;
                if (Satisfiable(t, chosen, needs, writes, later[t + 1]))
                {
                    Choose(t + 1);
                }
            }
        }
        Choose(0);
    }

    /// <summary>
    /// Each value read by threads 0..t that must come from another thread is written by another chosen
    /// trace or could still be written by a thread after t.
    /// </summary>
    private static bool Satisfiable(int t, int[] chosen, (int, long)[][][] needs, HashSet<(int, long)>[][] writes, HashSet<(int, long)> later)
    {
        for (int u = 0; u <= t; u++)
        {
            foreach (var need in needs[u][chosen[u]])
            {
                if (later.Contains(need))
                {
                    continue;
                }
                bool found = false;
                for (int w = 0; w <= t && !found; w++)
                {
                    found = w != u && writes[w][chosen[w]].Contains(need);
                }
                if (!found)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>The values a trace writes, per location.</summary>
    private static HashSet<(int, long)> Writes(ThreadTrace trace) =>
        [.. trace.Events.Where(e => e.IsWrite).Select(e => (e.Loc, Values.Normalize(e.Value)))];

    /// <summary>
    /// The values a trace reads that another thread must have written: not the initial value (unless the
    /// thread wrote the location before, which hides it) and not the thread's own last write before the read.
    /// </summary>
    private (int, long)[] Needs(ThreadTrace trace)
    {
        var result = new List<(int, long)>();
        var last = new Dictionary<int, long>();
        foreach (var e in trace.Events)
        {
            long v = Values.Normalize(e.Value);
            if (e.IsRead && !e.IsWalk)
            {
                bool local = last.TryGetValue(e.Loc, out long own);
                bool updatedHere = trace.Events.Any(u => u.IsUpdate && u.Loc == e.Loc && Values.Normalize(u.Value) == v);
                // Explaining, a read may also take any write of its own thread (or the initial value), which
                // SC per location forbids.
                bool anyHere = Forbidden is not null && (v == Values.Normalize(program.InitMemory[e.Loc])
                    || trace.Events.Any(u => u.IsWrite && u.Loc == e.Loc && Values.Normalize(u.Value) == v));
                if ((local ? own != v : v != Values.Normalize(program.InitMemory[e.Loc])) && !updatedHere && !anyHere)
                {
                    result.Add((e.Loc, v));
                }
            }
            if (e.IsWrite && e.IsExplicit)
            {
                last[e.Loc] = v;
            }
        }
        return [.. result.Distinct()];
    }

    private void Combination(ThreadTrace[] chosen, int[] indices)
    {
        budget.Check();
        x = new CandidateExecution(program, chosen);
        twinRead = new int[x.N];
        Array.Fill(twinRead, -1);
        for (int t = 1; t < chosen.Length; t++)
        {
            if (t < Interchangeable.Length && Interchangeable[t] && indices[t] == indices[t - 1] && chosen[t].Memory.Length > 0)
            {
                twinRead[x.Offset[t]] = x.Offset[t - 1];
            }
        }
        var readList = new List<int>();
        var choices = new List<int[]>();
        for (int r = 0; r < x.N; r++)
        {
            var e = x.Events[r];
            if (!e.IsRead)
            {
                continue;
            }
            var sources = Sources(r);
            if (sources.Length == 0)
            {
                return;
            }
            readList.Add(r);
            choices.Add(sources);
        }
        reads = [.. readList];
        rfChoices = [.. choices];
        ChooseRf(0);
    }

    /// <summary>
    /// Writes a read may read from: same location and value; not a po-later write of its own thread; and, when
    /// its thread wrote the location before, only that last write or a write of another thread.
    /// </summary>
    private int[] Sources(int r)
    {
        var e = x.Events[r];
        int t = x.Thread[r];
        int lastLocal = -1;
        // A walk is not bound by the internal coherence axioms (they are about explicit accesses): it may read
        // any write but a po-later one of its own thread, which ordered-before already rules out.
        for (int w = x.Offset[t]; w < r && !e.IsWalk; w++)
        {
            if (x.Events[w].IsWrite && x.Events[w].IsExplicit && x.Events[w].Loc == e.Loc && x.Events[w].Instance != e.Instance)
            {
                lastLocal = w;
            }
        }
        var result = new List<int>();
        for (int w = 0; w < x.N; w++)
        {
            var ew = x.Events[w];
            if (!ew.IsWrite || ew.Loc != e.Loc || Values.Normalize(ew.Value) != Values.Normalize(e.Value))
            {
                continue;
            }
            // A hardware update is not bound by them either: an explicit read may even see a po-later one.
            if (e.IsWalk ? x.Thread[w] == t && w > r : Forbidden is null && ew.IsExplicit && (x.Thread[w] == t ? w != lastLocal : lastLocal >= 0 && x.IsInit(w)))
            {
                continue;
            }
            result.Add(w);
        }
        return [.. result];
    }

    private void ChooseRf(int i)
    {
        if (i == reads.Length)
        {
            // A choice the model rejects costs as much as one it takes: both count against the budget.
            Examine();
            if (Forbidden is not null || model.AcceptsReadsFrom(x))
            {
                ChooseCo();
            }
            return;
        }
        int twin = twinRead[reads[i]];
        foreach (int w in rfChoices[i])
        {
            // Interchangeable pseudo-threads with the same trace: their reads take their sources in order.
            if (twin >= 0 && w <= x.Rf[twin])
            {
                continue;
            }
            x.Rf[reads[i]] = w;
            ChooseRf(i + 1);
        }
    }
}
