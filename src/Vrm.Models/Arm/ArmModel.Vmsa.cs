using Vrm.Models.Executions;
using Vrm.Models.Relations;
using Vrm.Programs;

namespace Vrm.Models.Arm;

/// <summary>
/// The TLB-maintenance part of aarch64.cat (herd7 <c>-variant vmsa</c>). A completed TLBI and a walk in its
/// scope are ordered one way or the other (herd enumerates <c>TLBI-after</c>); where local-hw-reqs does not
/// fix the direction both are tried, and the execution is allowed when some choice is consistent.
/// </summary>
public sealed partial class ArmModel
{
    /// <summary>A TLBI and a walk it may invalidate; <see cref="Fixed"/> is +1 (walk after), -1 (walk before) or 0 (a choice).</summary>
    private readonly record struct TlbiPair(int Tlbi, int Walk, int Fixed);

    /// <summary>
    /// What the TLBIs order, per thread: the global events of its trace's <see cref="ThreadTrace.TlbiOrder"/>;
    /// the pairs whose order is open (<see cref="Free"/>), and the current choice for each pair (<see cref="After"/>).
    /// </summary>
    private sealed record TlbiState(TlbiPair[] Pairs, Dictionary<int, int[]> Ordered, int[] AccessOf, int[] Free, bool[] After);

    private const int MaxTlbiChoices = 40;

    /// <summary>Diagnostics look at this many consistent choices of one execution at most.</summary>
    private const int MaxDiagnosedChoices = 256;

    /// <summary>
    /// external for a page-table program: ob is acyclic with some choice of TLBI-after. The witness of a failure
    /// is the cycle of the first choice tried that fails (the fixed pairs alone, when they already fail).
    /// </summary>
    private static AxiomFailure? ExternalWithTlbis(CandidateExecution x, ArmShape s, Communication c, Relation ob, List<(string Name, Relation Part)>? parts)
    {
        bool consistent = !ForEachChoice(x, s, ob, static _ => false, parts is not null, out var cycle);
        if (consistent)
        {
            return null;
        }
        return parts is null ? ExternalFailed : ExternalWitness(x, s, c, parts, cycle!);
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with ob for each choice of TLBI-after with which ob is acyclic, until it
    /// returns false; false when it was stopped so. The open pairs are chosen one at a time, depth first: every
    /// choice only adds edges, so a partial choice that already makes ob cyclic is abandoned with all its
    /// completions. <paramref name="firstCycle"/> is the first cycle met, when <paramref name="wantCycle"/>.
    /// </summary>
    private static bool ForEachChoice(CandidateExecution x, ArmShape s, Relation ob, Func<Relation, bool> visit, bool wantCycle, out int[]? firstCycle)
    {
        var st = (TlbiState)(s.Tlbis ??= Pairs(x, s));
        if (st.Free.Length > MaxTlbiChoices)
        {
            throw new ExplorationLimitException($"more than {MaxTlbiChoices} TLBI/walk pairs whose order is open in one execution");
        }
        // ob is the caller's own copy (Ob makes it), so the fixed pairs may go into it.
        var start = ob;
        for (int i = 0; i < st.Pairs.Length; i++)
        {
            if (st.Pairs[i].Fixed != 0)
            {
                AddPairOrder(x, st, i, st.After[i], start);
            }
        }
        firstCycle = null;
        return Choose(x, st, 0, start, visit, wantCycle, ref firstCycle);
    }

    private static bool Choose(CandidateExecution x, TlbiState st, int k, Relation ob, Func<Relation, bool> visit, bool wantCycle, ref int[]? firstCycle)
    {
        if (wantCycle && firstCycle is null)
        {
            if (!ob.IsAcyclic(out var cycle))
            {
                firstCycle = cycle;
                return true;
            }
        }
        else if (!ob.IsAcyclic())
        {
            return true;
        }
        if (k == st.Free.Length)
        {
            return visit(ob);
        }
        foreach (bool after in (ReadOnlySpan<bool>)[true, false])
        {
            int mark = ob.Arena.Mark();
            var next = ob.Copy();
            st.After[st.Free[k]] = after;
            AddPairOrder(x, st, st.Free[k], after, next);
            bool go = Choose(x, st, k + 1, next, visit, wantCycle, ref firstCycle);
            ob.Arena.Release(mark);
            if (!go)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A page-table program's flags and diagnostics, over every consistent choice of TLBI-after (such as
    /// herd's break-before-make flag, and walks that used a stale entry).
    /// </summary>
    public IEnumerable<Diagnosis> Diagnose(CandidateExecution x, IReadOnlyList<IConsistentExecutionCheck> checks)
    {
        if (x.Program.Vmsa is null || checks.Count == 0)
        {
            return [];
        }
        var s = ArmShape.Of(x);
        var rf = ReadsFromPart(s, x);
        int mark = s.Arena.Mark();
        try
        {
            var found = new HashSet<Diagnosis>();
            int seen = 0;
            bool cut = false;
            ForEachChoice(x, s, Ob(s, new Communication(s, x, rf.Rf), rf, null), ob =>
            {
                if (++seen > MaxDiagnosedChoices)
                {
                    cut = true;
                    return false;
                }
                var closed = ob.Plus();
                foreach (var check in checks)
                {
                    found.UnionWith(check.OnConsistentExecution(x, closed));
                }
                return true;
            }, wantCycle: false, out _);
            if (cut)
            {
                // The diagnostics so far stand, but others may hide in the choices not looked at: say so.
                throw new DiagnosisLimitException($"diagnostics looked at {MaxDiagnosedChoices} consistent TLBI orders of one execution and not at the others", found);
            }
            return found;
        }
        finally
        {
            s.Arena.Release(mark);
        }
    }

    /// <summary>
    /// The pairs of <c>TLBI-Imp_TTD_R-pairs</c>: a completed TLBI and a walk of an entry in its scope, of any
    /// thread for a broadcast TLBI, of its own thread otherwise.
    /// </summary>
    private static TlbiState Pairs(CandidateExecution x, ArmShape s)
    {
        var local = s.Local;
        var pairs = new List<TlbiPair>();
        var ordered = new Dictionary<int, int[]>();
        var accessOf = new int[x.N];
        Array.Fill(accessOf, -1);
        for (int e = 0; e < x.N; e++)
        {
            var ev = x.Events[e];
            if (ev.IsWalk)
            {
                // The walk's access or fault: the next event of its instruction that is no walk (of a later level) or hardware update.
                for (int a = e + 1; a < x.N && x.Thread[a] == x.Thread[e] && x.Events[a].Instance == ev.Instance; a++)
                {
                    if (!x.Events[a].IsUpdate && !x.Events[a].IsWalk)
                    {
                        accessOf[e] = a;
                        break;
                    }
                }
            }
            if (ev.Kind != EventKind.Tlbi)
            {
                continue;
            }
            int t = x.Thread[e];
            var tlbiOrder = x.Traces[t].TlbiOrder!;
            ordered[e] = [.. LocalOrder.Bits(tlbiOrder[e - x.Offset[t]]).Select(p => x.Offset[t] + p)];
            if (!ev.Has(EventFlags.Completed))
            {
                continue;
            }
            bool broadcast = ev.Instr is { } ins && ins.Tlbi.Domain != ShareDomain.NonShareable;
            for (int r = 0; r < x.N; r++)
            {
                if (x.Events[r].IsWalk && ev.Invalidates(x.Events[r], Leaf(x, r)) && (broadcast || x.Thread[r] == t))
                {
                    int dir = local.Has(e, r) ? 1 : local.Has(r, e) ? -1 : 0;
                    pairs.Add(new TlbiPair(e, r, dir));
                }
            }
        }
        int[] free = [.. Enumerable.Range(0, pairs.Count).Where(i => pairs[i].Fixed == 0)];
        return new TlbiState([.. pairs], ordered, accessOf, free, [.. pairs.Select(p => p.Fixed > 0)]);
    }

    /// <summary>
    /// TLBI-ob for one pair's choice: a walk before a TLBI is ordered before what the TLBI's DSB-ob and IFB-ob
    /// order (TTD-read-ordered-before); so is, in other threads, the walk's access or fault, and an earlier
    /// walk whose access comes po-before that access at the same offset in its page (same-low-order-bits).
    /// TLBI-ca: a TLBI is ordered before the writes a walk after it is coherence-before.
    /// </summary>
    private static void AddPairOrder(CandidateExecution x, TlbiState st, int i, bool after, Relation ob)
    {
        var (t, r, _) = st.Pairs[i];
        if (after)
        {
            var order = x.Co[x.Events[r].Loc];
            for (int k = x.CoRank[x.Rf[r]] + 1; k < order.Length; k++)
            {
                ob.Add(t, order[k]);
            }
            return;
        }
        int access = st.AccessOf[r];
        foreach (int y in st.Ordered[t])
        {
            ob.Add(r, y);
            if (access >= 0 && x.Thread[access] != x.Thread[y])
            {
                ob.Add(access, y);
            }
            if (access < 0 || !x.Events[access].IsMemory)
            {
                continue;
            }
            for (int r1 = x.Offset[x.Thread[r]]; r1 < r; r1++)
            {
                int a1 = st.AccessOf[r1];
                if (x.Events[r1].IsWalk && a1 >= 0 && x.Events[a1].IsMemory && x.Events[a1].Instance != x.Events[access].Instance
                    && x.Thread[r1] != x.Thread[y] && PageOffset(x, a1) == PageOffset(x, access))
                {
                    ob.Add(r1, y);
                }
            }
        }
    }

    /// <summary>herd's same-low-order-bits: two physical addresses at the same offset in their pages.</summary>
    private static long PageOffset(CandidateExecution x, int access) => x.Program.AddressOf(x.Events[access].Loc) & 0xFFF;

    /// <summary>The walk reads a level-3 entry (which a last-level TLBI invalidates).</summary>
    public static bool Leaf(CandidateExecution x, int walk) => x.Events[walk].Vmid != 0 || x.Program.Vmsa!.ByPteLoc(x.Events[walk].Loc) is not null;
}
