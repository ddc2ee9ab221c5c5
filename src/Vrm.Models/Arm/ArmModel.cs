using Vrm.Models.Executions;

namespace Vrm.Models.Arm;

/// <summary>
/// The Armv8 axiomatic model of herd7's default aarch64.cat, user-mode fragment: the <c>internal</c> axioms
/// (coRW1-Exp, coWW-Exp, coWR-Exp), <c>external</c> (ob irreflexive, with
/// <c>ob = (local-hw-reqs | Exp-haz-ob | obs)+</c> and <c>obs = rfe | coe | fre</c>) and <c>atomic</c>.
/// </summary>
public sealed class ArmModel : IAxiomaticModel
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
            if (w >= 0 && x.External(w, r))
            {
                ob.Add(w, r);
            }
        }
        return ob.IsAcyclic();
    }

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
        return External(x) ? null : "external";
    }

    /// <summary>A read reads from a po-later write of its own thread, or from its own rmw write.</summary>
    private static bool CoRW1(CandidateExecution x)
    {
        for (int r = 0; r < x.N; r++)
        {
            int w = x.Rf[r];
            if (w >= 0 && x.Thread[w] == x.Thread[r] && x.Thread[r] >= 0 && w > r)
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
                    if (x.Thread[order[i]] == x.Thread[order[j]] && order[i] > order[j])
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
            if (w < 0)
            {
                continue;
            }
            foreach (int w1 in x.Co[x.Events[r].Loc])
            {
                if (x.Thread[w1] == x.Thread[r] && w1 < r && x.CoRank[w] < x.CoRank[w1] && x.Events[w1].Instance != x.Events[r].Instance)
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
                internalOne |= x.Thread[order[k]] == x.Thread[r];
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
            var local = LocalOrder.Of(x.Traces[t]);
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

    private static bool External(CandidateExecution x)
    {
        var ob = x.Scratch;
        ob.CopyFrom(x.Base ??= Local(x));
        foreach (var order in x.Co)
        {
            for (int i = 0; i < order.Length; i++)
            {
                for (int j = i + 1; j < order.Length; j++)
                {
                    if (x.External(order[i], order[j]))
                    {
                        ob.Add(order[i], order[j]);
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
            if (x.External(w, r))
            {
                ob.Add(w, r);
            }
            var order = x.Co[x.Events[r].Loc];
            for (int k = x.CoRank[w] + 1; k < order.Length; k++)
            {
                int later = order[k];
                if (x.External(r, later))
                {
                    ob.Add(r, later);
                    // Exp-haz-ob: a po-earlier read of the same location is ordered before what this read is fr-before.
                    for (int r0 = x.Offset[x.Thread[r]]; r0 < r; r0++)
                    {
                        if (x.Events[r0].IsRead && x.Events[r0].Loc == x.Events[r].Loc && x.Events[r0].Instance != x.Events[r].Instance)
                        {
                            ob.Add(r0, later);
                        }
                    }
                }
            }
        }
        return ob.IsAcyclic();
    }
}
