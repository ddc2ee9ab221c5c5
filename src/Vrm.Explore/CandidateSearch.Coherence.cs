using Vrm.Explore.Results;
using Vrm.Models;
using Vrm.Models.Executions;
using Vrm.Programs;

namespace Vrm.Explore;

internal sealed partial class CandidateSearch
{
    private int[][] writesAt = [];
    private ulong[][] mustPrecede = [];

    /// <summary>Per location and write position: the write that must come right after it in coherence, or -1.</summary>
    private int[][] follower = [];
    private readonly HashSet<Models.Diagnosis> diagnoses = [];
    private long examined;

    /// <summary>
    /// Enumerates coherence orders location by location. Each must extend the order the thread code and the
    /// reads-from choice force under SC-per-location (herd's <c>pco</c>: po-ordered writes, and what rf plus
    /// po-loc implies); both models include SC-per-location, so no consistent order is lost.
    /// </summary>
    private void ChooseCo()
    {
        int locs = program.Locations.Count;
        writesAt = new int[locs][];
        mustPrecede = new ulong[locs][];
        follower = new int[locs][];
        for (int l = 0; l < locs; l++)
        {
            var ws = new List<int>();
            for (int e = 0; e < x.N; e++)
            {
                if (x.Events[e].IsWrite && x.Events[e].Loc == l)
                {
                    ws.Add(e);
                }
            }
            if (ws.Count > 64)
            {
                throw new ExplorationLimitException($"more than 64 writes to {program.Locations[l]}");
            }
            writesAt[l] = [.. ws];
            mustPrecede[l] = new ulong[ws.Count];
            follower[l] = new int[ws.Count];
            Array.Fill(follower[l], -1);
        }
        for (int l = 0; l < locs; l++)
        {
            var ws = writesAt[l];
            for (int j = 1; j < ws.Length; j++)
            {
                Precede(l, 0, j);
                for (int i = 1; i < j && Forbidden is null; i++)
                {
                    if (x.Thread[ws[i]] == x.Thread[ws[j]] && x.Events[ws[i]].IsExplicit && x.Events[ws[j]].IsExplicit)
                    {
                        Precede(l, i, j);
                    }
                }
            }
        }
        foreach (int r in reads)
        {
            if (Forbidden is null && x.Events[r].IsExplicit && x.Events[x.Rf[r]].IsExplicit | x.IsInit(x.Rf[r]))
            {
                AddReadConstraints(r);
            }
            // A spurious update's pseudo-thread has no other write: every write between the one its read reads
            // and its own would be external, which the atomic axiom forbids. So its write comes right after.
            if (x.Thread[r] >= program.Threads.Count && x.RmwPartner[r] >= 0)
            {
                int loc = x.Events[r].Loc, source = PositionOf(loc, x.Rf[r]);
                if (follower[loc][source] >= 0)
                {
                    return;
                }
                follower[loc][source] = PositionOf(loc, x.RmwPartner[r]);
            }
        }
        ChooseCoAt(0);
    }

    private void Precede(int loc, int before, int after) => mustPrecede[loc][after] |= 1UL << before;

    private int PositionOf(int loc, int write) => Array.IndexOf(writesAt[loc], write);

    /// <summary>wr, rw and rr of herd's pco for one read.</summary>
    private void AddReadConstraints(int r)
    {
        int loc = x.Events[r].Loc;
        int w = PositionOf(loc, x.Rf[r]);
        int t = x.Thread[r];
        int end = t + 1 < x.Offset.Length ? x.Offset[t + 1] : x.N;
        for (int e = x.Offset[t]; e < end; e++)
        {
            var ev = x.Events[e];
            if (ev.Loc != loc || e == r || ev.Instance == x.Events[r].Instance || !ev.IsExplicit || (ev.IsRead && !x.Events[x.Rf[e]].IsExplicit && !x.IsInit(x.Rf[e])))
            {
                continue;
            }
            if (ev.IsWrite && e < r && e != x.Rf[r])
            {
                Precede(loc, PositionOf(loc, e), w);
            }
            else if (ev.IsWrite && e > r && e != x.Rf[r])
            {
                Precede(loc, w, PositionOf(loc, e));
            }
            else if (ev.IsRead && e > r && x.Rf[e] != x.Rf[r])
            {
                Precede(loc, w, PositionOf(loc, x.Rf[e]));
            }
        }
    }

    private void ChooseCoAt(int loc)
    {
        if (loc == writesAt.Length)
        {
            Check();
            return;
        }
        var ws = writesAt[loc];
        var order = new int[ws.Length];
        ulong all = ws.Length == 64 ? ulong.MaxValue : (1UL << ws.Length) - 1;
        Extend(loc, order, 0, 0, all);
    }

    /// <summary>Linear extensions of the forced order, by placing next any write whose predecessors are placed.</summary>
    private void Extend(int loc, int[] order, int count, ulong placed, ulong all)
    {
        if (placed == all)
        {
            x.SetCo(loc, order);
            ChooseCoAt(loc + 1);
            return;
        }
        var must = mustPrecede[loc];
        int next = count > 0 ? follower[loc][Array.IndexOf(writesAt[loc], order[count - 1])] : -1;
        for (int i = 0; i < must.Length; i++)
        {
            ulong bit = 1UL << i;
            if ((placed & bit) == 0 && (must[i] & ~placed) == 0 && (next >= 0 ? i == next : !Follows(loc, i)))
            {
                order[count] = writesAt[loc][i];
                Extend(loc, order, count + 1, placed | bit, all);
            }
        }
    }

    /// <summary>Write position <paramref name="i"/> must come right after another write (it is placed only there).</summary>
    private bool Follows(int loc, int i) => Array.IndexOf(follower[loc], i) >= 0;

    /// <summary>
    /// Counts one more reads-from or coherence choice against --max-states and checks the time, memory and
    /// cancellation every few thousand: choices the model rejects are as many as it likes, or more.
    /// </summary>
    private void Examine()
    {
        if (++examined > CutPrefixes)
        {
            throw new CutUndecidedException();
        }
        if (examined > options.MaxCandidates)
        {
            throw new ExplorationLimitException($"more than {options.MaxCandidates} candidate executions");
        }
        if ((examined & 0x3FF) == 0)
        {
            budget.Check();
        }
    }

    private void Check()
    {
        Examine();
        if (x.Traces.Any(t => t.Cut))
        {
            // A prefix has no final state: it is neither an outcome nor a forbidden one, only a sign that the
            // bound cut a real execution (a prefix of a consistent execution is consistent).
            Cut |= Forbidden is null && model.Violation(x) is null;
            return;
        }
        if (x.Traces.Any(t => t.Blocked))
        {
            if (Forbidden is null && SpinsForever() && model.Violation(x) is null)
            {
                outcomes.AddBlocked(new BlockedEnd(
                    [.. x.Traces.Select((t, i) => (i, t)).Where(p => p.t.Blocked).Select(p => (p.i, p.t.BlockedAt!))],
                    [.. Enumerable.Range(0, program.Locations.Count).Select(x.FinalValue)]));
            }
            return;
        }
        candidates++;
        if (Forbidden is not null)
        {
            Forbidden.Add(Value, () => model.Check(x), Snapshot);
            return;
        }
        if (model.Violation(x) is not null)
        {
            return;
        }
        outcomes.Add(Value, Snapshot);
        if (program.Vmsa is not null && options.ExecutionChecks.Count > 0)
        {
            try
            {
                diagnoses.UnionWith(model.Diagnose(x, options.ExecutionChecks));
            }
            catch (DiagnosisLimitException e)
            {
                diagnoses.UnionWith(e.Found);
                DiagnosisLimit ??= e.Message;
            }
        }
    }

    /// <summary>
    /// Each blocked thread's last iteration read, of every location it read, the final value: no write is
    /// coherence-after the one it read but the thread's own writes of that same value (an exchange loop writing 1
    /// over 1). Coherence keeps its later reads there, so it spins for ever.
    /// </summary>
    private bool SpinsForever()
    {
        for (int t = 0; t < x.Traces.Length; t++)
        {
            var trace = x.Traces[t];
            if (!trace.Blocked)
            {
                continue;
            }
            for (int r = x.Offset[t]; r < x.N && x.Thread[r] == t; r++)
            {
                if (x.LocalIndex[r] < trace.IterationStart || !x.Events[r].IsRead || x.Rf[r] < 0)
                {
                    continue;
                }
                int w = x.Rf[r];
                var order = x.Co[x.Events[r].Loc];
                for (int k = x.CoRank[w] + 1; k < order.Length; k++)
                {
                    if (x.Thread[order[k]] != t || x.Events[order[k]].Value != x.Events[w].Value)
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /// <summary>Why some execution's diagnostics are partial (the result is then incomplete), or null.</summary>
    public string? DiagnosisLimit { get; private set; }

    private CandidateSnapshot Snapshot() =>
        new(x, (int[])x.Rf.Clone(), [.. x.Co.Select(c => (int[])c.Clone())]);

    private long Value(Observable o) =>
        o.IsFault ? FaultValue(o.Fault)
        : o.IsMemory ? x.FinalValue(o.Loc) : x.Traces[o.Thread].FinalRegs[o.Reg];

    private long FaultValue(int fault)
    {
        var atom = program.Vmsa!.Faults[fault];
        return x.Traces[atom.Thread].FaultValue(atom);
    }

    /// <summary>The reads-from and coherence choices examined so far.</summary>
    public long Examined => examined;

    /// <summary>Executions the model allows so far whose final state satisfies the condition.</summary>
    public long Positive => outcomes.Positive;

    public ModelResult Result(TimeSpan elapsed, ForbiddenReport? forbidden = null) =>
        outcomes.Result(model.Name, candidates, Cut, Completion, Reason, elapsed, diagnoses, forbidden);

    public ForbiddenReport ForbiddenReport() => Forbidden!.Report(outcomes.CompareStates);
}
