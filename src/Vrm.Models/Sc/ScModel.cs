using Vrm.Models.Executions;

namespace Vrm.Models.Sc;

/// <summary>
/// Sequential consistency as herd's sc.cat states it: <c>acyclic po | ((fr | rf | co); sm)</c> (sm relates
/// the events of one instruction, so an atomic instruction is indivisible) and <c>rmw &amp; (fre; coe)</c> empty.
/// Equivalent to interleaving the threads over one memory.
/// </summary>
public sealed class ScModel : IAxiomaticModel
{
    public static readonly ScModel Instance = new();

    public string Name => "sc";

    public bool AcceptsReadsFrom(CandidateExecution x)
    {
        var m = x.Scratch;
        m.Clear();
        AddPo(x, m);
        for (int r = 0; r < x.N; r++)
        {
            if (x.Rf[r] >= 0)
            {
                AddCom(x, m, x.Rf[r], r);
            }
        }
        return m.IsAcyclic();
    }

    public string? Violation(CandidateExecution x)
    {
        if (AtomicityViolated(x))
        {
            return "atom";
        }
        var m = x.Scratch;
        m.Clear();
        AddPo(x, m);
        foreach (var order in x.Co)
        {
            for (int i = 0; i + 1 < order.Length; i++)
            {
                AddCom(x, m, order[i], order[i + 1]);
            }
        }
        for (int r = 0; r < x.N; r++)
        {
            int w = x.Rf[r];
            if (w < 0)
            {
                continue;
            }
            AddCom(x, m, w, r);
            var order = x.Co[x.Events[r].Loc];
            if (x.CoRank[w] + 1 < order.Length)
            {
                AddCom(x, m, r, order[x.CoRank[w] + 1]);
            }
        }
        return m.IsAcyclic() ? null : "sc";
    }

    /// <summary>po between instructions: every event of one instruction before every event of the next.</summary>
    private static void AddPo(CandidateExecution x, BitMatrix m)
    {
        for (int t = 0; t < x.Traces.Length; t++)
        {
            int end = t + 1 < x.Traces.Length ? x.Offset[t + 1] : x.N;
            int groupStart = x.Offset[t];
            while (groupStart < end)
            {
                int groupEnd = groupStart + 1;
                while (groupEnd < end && x.Events[groupEnd].Instance == x.Events[groupStart].Instance)
                {
                    groupEnd++;
                }
                int nextEnd = groupEnd + 1;
                while (nextEnd < end && x.Events[nextEnd].Instance == x.Events[groupEnd].Instance)
                {
                    nextEnd++;
                }
                for (int a = groupStart; a < groupEnd; a++)
                {
                    for (int b = groupEnd; b < Math.Min(nextEnd, end); b++)
                    {
                        m.Add(a, b);
                    }
                }
                groupStart = groupEnd;
            }
        }
    }

    /// <summary>
    /// A communication edge a → b, followed by sm: a is also before every other event of b's instruction (the
    /// write of an atomic; in a page-table program the walk, update, access or fault of one access, which SC,
    /// having no TLB, makes one indivisible step).
    /// </summary>
    private static void AddCom(CandidateExecution x, BitMatrix m, int a, int b)
    {
        if (a == b)
        {
            return;
        }
        m.Add(a, b);
        int t = x.Thread[b];
        if (t < 0)
        {
            return;
        }
        int end = t + 1 < x.Traces.Length ? x.Offset[t + 1] : x.N;
        for (int c = b - 1; c >= x.Offset[t] && x.Events[c].Instance == x.Events[b].Instance; c--)
        {
            if (c != a)
            {
                m.Add(a, c);
            }
        }
        for (int c = b + 1; c < end && x.Events[c].Instance == x.Events[b].Instance; c++)
        {
            if (c != a)
            {
                m.Add(a, c);
            }
        }
    }

    /// <summary>No write of another thread between an rmw's read and write in coherence.</summary>
    private static bool AtomicityViolated(CandidateExecution x)
    {
        for (int r = 0; r < x.N; r++)
        {
            int w = x.Events[r].IsRead ? x.RmwPartner[r] : -1;
            if (w < 0 || x.Rf[r] < 0)
            {
                continue;
            }
            var order = x.Co[x.Events[r].Loc];
            for (int k = x.CoRank[x.Rf[r]] + 1; k < x.CoRank[w]; k++)
            {
                if (x.External(order[k], r) && x.External(order[k], w))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
