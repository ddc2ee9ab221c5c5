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

    public bool Cut { get; set; }

    public Completion Completion { get; set; }

    public string? Reason { get; set; }

    public void Run(List<ThreadTrace>[] traces)
    {
        if (traces.Any(t => t.Count == 0))
        {
            return;
        }
        var pick = new int[traces.Length];
        var chosen = new ThreadTrace[traces.Length];
        while (true)
        {
            for (int t = 0; t < traces.Length; t++)
            {
                chosen[t] = traces[t][pick[t]];
            }
            Combination((ThreadTrace[])chosen.Clone());
            int k = traces.Length - 1;
            while (k >= 0 && ++pick[k] == traces[k].Count)
            {
                pick[k] = 0;
                k--;
            }
            if (k < 0)
            {
                return;
            }
        }
    }

    private void Combination(ThreadTrace[] chosen)
    {
        budget.Check();
        x = new CandidateExecution(program, chosen);
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
        for (int w = x.Offset[t]; w < r; w++)
        {
            if (x.Events[w].IsWrite && x.Events[w].Loc == e.Loc && x.Events[w].Instance != e.Instance)
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
            if (x.Thread[w] == t ? w != lastLocal : lastLocal >= 0 && x.IsInit(w))
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
            if (model.AcceptsReadsFrom(x))
            {
                ChooseCo();
            }
            return;
        }
        foreach (int w in rfChoices[i])
        {
            x.Rf[reads[i]] = w;
            ChooseRf(i + 1);
        }
    }
}
