using Vrm.Programs;

namespace Vrm.Models.Executions;

/// <summary>
/// A candidate execution: one trace per thread, the initial writes, a reads-from choice for every read and a
/// coherence order per location. Events are numbered globally: the initial writes first (one per
/// location), then each thread's memory events in program order. The explorer fills it in place and the
/// models read it, so one instance serves a whole search.
/// </summary>
public sealed class CandidateExecution
{
    public CandidateExecution(Program program, ThreadTrace[] traces)
    {
        Program = program;
        Traces = traces;
        int locs = program.Locations.Count;
        var events = new List<Event>();
        var thread = new List<int>();
        var local = new List<int>();
        for (int l = 0; l < locs; l++)
        {
            events.Add(new Event { Kind = EventKind.Write, Flags = EventFlags.Init, Loc = l, Value = program.InitMemory[l], Instance = -1 });
            thread.Add(-1);
            local.Add(-1);
        }
        Offset = new int[traces.Length];
        for (int t = 0; t < traces.Length; t++)
        {
            Offset[t] = events.Count;
            foreach (int i in traces[t].Memory)
            {
                events.Add(traces[t].Events[i]);
                thread.Add(t);
                local.Add(i);
            }
        }
        Events = [.. events];
        Thread = [.. thread];
        LocalIndex = [.. local];
        N = Events.Length;
        Rf = new int[N];
        Array.Fill(Rf, -1);
        CoRank = new int[N];
        Co = new int[locs][];
        RmwPartner = new int[N];
        Array.Fill(RmwPartner, -1);
        for (int t = 0; t < traces.Length; t++)
        {
            var pos = new Dictionary<int, int>();
            foreach (int i in traces[t].Memory)
            {
                pos[i] = pos.Count;
            }
            foreach (int i in traces[t].Memory)
            {
                var e = traces[t].Events[i];
                if (e.RmwWrite >= 0)
                {
                    int r = Offset[t] + pos[i], w = Offset[t] + pos[e.RmwWrite];
                    // The atomicity checks compare coherence ranks of the two: they must share a location.
                    if (Events[r].Loc != Events[w].Loc)
                    {
                        throw new InvalidOperationException($"an atomic pair of thread P{t} reads {program.Locations[Events[r].Loc]} and writes {program.Locations[Events[w].Loc]}");
                    }
                    RmwPartner[r] = w;
                    RmwPartner[w] = r;
                }
            }
        }
        Scratch = new BitMatrix(N);
    }

    public Program Program { get; }

    public ThreadTrace[] Traces { get; }

    public int N { get; }

    public Event[] Events { get; }

    /// <summary>The thread of each event; -1 for initial writes.</summary>
    public int[] Thread { get; }

    /// <summary>The index of each event in its trace's <see cref="ThreadTrace.Events"/>.</summary>
    public int[] LocalIndex { get; }

    /// <summary>Global index of each thread's first memory event.</summary>
    public int[] Offset { get; }

    /// <summary>For each read, the write it reads from.</summary>
    public int[] Rf { get; }

    /// <summary>For each location, its writes in coherence order, the initial write first.</summary>
    public int[][] Co { get; }

    /// <summary>For each write, its position in its location's coherence order.</summary>
    public int[] CoRank { get; }

    /// <summary>The other event of an rmw pair (amo or successful exclusive pair), or -1.</summary>
    public int[] RmwPartner { get; }

    /// <summary>
    /// What a model derives from the chosen traces alone (Arm: its event sets and local-hw-reqs) and reuses for
    /// every reads-from and coherence choice of this combination.
    /// </summary>
    public object? ModelState { get; set; }

    /// <summary>A matrix a model may overwrite while checking.</summary>
    public BitMatrix Scratch { get; }

    public bool IsInit(int e) => Thread[e] < 0;

    public bool External(int a, int b) => Thread[a] != Thread[b] || Thread[a] < 0;

    public void SetCo(int loc, int[] order)
    {
        Co[loc] = order;
        for (int i = 0; i < order.Length; i++)
        {
            CoRank[order[i]] = i;
        }
    }

    /// <summary>The write that is coherence-last at a location: its final value.</summary>
    public long FinalValue(int loc) => Events[Co[loc][^1]].Value;
}
