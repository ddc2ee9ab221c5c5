using Vrm.Models.Executions;

namespace Vrm.Models.Arm;

/// <summary>
/// The Armv8 axiomatic model of herd7's default aarch64.cat: the <c>internal</c> axioms (coRW1-Exp, coWW-Exp,
/// coWR-Exp), <c>external</c> (ob irreflexive, with <c>ob = (local-hw-reqs | haz-ob | obs)+</c>) and
/// <c>atomic</c>. For explicit accesses <c>obs = rfe | coe | fre</c>; page-table programs add the walks and
/// hardware updates (TTD-obs), TLBI-ordered-before and the TLBI-after choices (ArmModel.Vmsa.cs).
/// </summary>
public sealed partial class ArmModel : IAxiomaticModel
{
    public static readonly ArmModel Instance = new();

    public string Name => "arm";

    public bool AcceptsReadsFrom(CandidateExecution x)
    {
        if (CoRW1(x))
        {
            return false;
        }
        var ob = x.Scratch;
        ob.CopyFrom(x.Base ??= Local(x));
        for (int r = 0; r < x.N; r++)
        {
            int w = x.Rf[r];
            if (w >= 0 && RfObserved(x, w, r))
            {
                ob.Add(w, r);
            }
        }
        return ob.IsAcyclic();
    }

    /// <summary>rf in obs: external between explicit accesses (Exp-obs), any rf into a walk or from a hardware update (TTD-obs).</summary>
    private static bool RfObserved(CandidateExecution x, int w, int r) =>
        x.Events[r].IsWalk || x.Events[w].IsUpdate || (x.External(w, r) && x.Events[r].IsExplicit);

    public string? Violation(CandidateExecution x)
    {
        if (CoRW1(x))
        {
            return "coRW1-Exp";
        }
        if (CoWW(x))
        {
            return "coWW-Exp";
        }
        if (CoWR(x))
        {
            return "coWR-Exp";
        }
        if (Atomic(x))
        {
            return "atomic";
        }
        return x.Program.Vmsa is null ? (External(x, null) ? null : "external") : ExternalWithTlbis(x) ? null : "external";
    }

    /// <summary>A read reads from a po-later write of its own thread, or from its own rmw write.</summary>
    private static bool CoRW1(CandidateExecution x)
    {
        for (int r = 0; r < x.N; r++)
        {
            int w = x.Rf[r];
            if (w >= 0 && x.Thread[w] == x.Thread[r] && x.Thread[r] >= 0 && w > r && x.Events[r].IsExplicit && x.Events[w].IsExplicit)
            {
                return true;
            }
        }
        return false;
    }

    private static bool CoWW(CandidateExecution x)
    {
        foreach (var order in x.Co)
        {
            for (int i = 1; i < order.Length; i++)
            {
                for (int j = i + 1; j < order.Length; j++)
                {
                    if (x.Thread[order[i]] == x.Thread[order[j]] && order[i] > order[j] && x.Events[order[i]].IsExplicit && x.Events[order[j]].IsExplicit)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>A read that follows a same-location write of its thread reads something coherence-before it.</summary>
    private static bool CoWR(CandidateExecution x)
    {
        for (int r = 0; r < x.N; r++)
        {
            int w = x.Rf[r];
            if (w < 0 || !x.Events[r].IsExplicit)
            {
                continue;
            }
            foreach (int w1 in x.Co[x.Events[r].Loc])
            {
                if (x.Thread[w1] == x.Thread[r] && w1 < r && x.Events[w1].IsExplicit && x.CoRank[w] < x.CoRank[w1] && x.Events[w1].Instance != x.Events[r].Instance)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// <c>rmw &amp; (fr; co)</c> must be empty, except where an intervening write is the rmw's own thread's
    /// (<c>fri; [W]; coi</c>).
    /// </summary>
    private static bool Atomic(CandidateExecution x)
    {
        for (int r = 0; r < x.N; r++)
        {
            int w = x.Events[r].IsRead ? x.RmwPartner[r] : -1;
            if (w < 0)
            {
                continue;
            }
            var order = x.Co[x.Events[r].Loc];
            bool intervening = false, internalOne = false;
            for (int k = x.CoRank[x.Rf[r]] + 1; k < x.CoRank[w]; k++)
            {
                intervening = true;
                internalOne |= x.Thread[order[k]] == x.Thread[r] && x.Events[order[k]].IsExplicit && x.Events[r].IsExplicit;
            }
            if (intervening && !internalOne)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Every thread's local-hw-reqs, placed at the thread's global event numbers.</summary>
    private static BitMatrix Local(CandidateExecution x)
    {
        var ob = new BitMatrix(x.N);
        for (int t = 0; t < x.Traces.Length; t++)
        {
            var local = LocalOrder.Of(x.Traces[t], x.Program.Vmsa?.Ets2 == true);
            int off = x.Offset[t];
            for (int p = 0; p < local.Length; p++)
            {
                foreach (int q in LocalOrder.Bits(local[p]))
                {
                    ob.Add(off + p, off + q);
                }
            }
        }
        return ob;
    }

    /// <summary>
    /// ob = (local-hw-reqs | haz-ob | obs)+ acyclic. <paramref name="extra"/> adds the edges of one choice of
    /// TLBI-after (page-table programs).
    /// </summary>
    private static bool External(CandidateExecution x, Action<BitMatrix>? extra)
    {
        var ob = x.Scratch;
        ob.CopyFrom(x.Base ??= Local(x));
        var ev = x.Events;
        foreach (var order in x.Co)
        {
            for (int i = 0; i < order.Length; i++)
            {
                for (int j = i + 1; j < order.Length; j++)
                {
                    int a = order[i], b = order[j];
                    if ((x.External(a, b) && ev[a].IsExplicit && ev[b].IsExplicit) || ev[a].IsUpdate || ev[b].IsUpdate)
                    {
                        ob.Add(a, b);
                    }
                }
            }
        }
        for (int r = 0; r < x.N; r++)
        {
            int w = x.Rf[r];
            if (w < 0)
            {
                continue;
            }
            if (RfObserved(x, w, r))
            {
                ob.Add(w, r);
            }
            var order = x.Co[ev[r].Loc];
            bool uncacheable = ev[r].IsWalk && FaultsUncacheably(x, r);
            for (int k = x.CoRank[w] + 1; k < order.Length; k++)
            {
                int later = order[k];
                bool explicitLater = ev[later].IsExplicit;
                // fre between explicit accesses; HU-ca: an explicit read before a hardware update; a walk
                // that failed translation (or the access flag) before later writes (TLBUncacheable-ca).
                if ((x.External(r, later) && ev[r].IsExplicit && explicitLater) || (ev[r].IsExplicit && ev[later].IsUpdate)
                    || (uncacheable && (explicitLater || ev[later].IsUpdate)))
                {
                    ob.Add(r, later);
                }
                if (x.External(r, later) && ev[r].IsExplicit && (explicitLater || ev[later].IsUpdate))
                {
                    // Exp-haz-ob: a po-earlier read of the same location is ordered before what this read is fr-before.
                    for (int r0 = x.Offset[x.Thread[r]]; r0 < r; r0++)
                    {
                        if (ev[r0].IsRead && ev[r0].IsExplicit && ev[r0].Loc == ev[r].Loc && ev[r0].Instance != ev[r].Instance)
                        {
                            ob.Add(r0, later);
                        }
                    }
                }
            }
        }
        extra?.Invoke(ob);
        return ob.IsAcyclic();
    }
}
