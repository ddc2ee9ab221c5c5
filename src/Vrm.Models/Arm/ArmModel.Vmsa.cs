using Vrm.Models.Executions;
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

    /// <summary>What the TLBI orders, per thread: the global events of its trace's <see cref="ThreadTrace.TlbiOrder"/>.</summary>
    private sealed record TlbiState(TlbiPair[] Pairs, Dictionary<int, int[]> Ordered, int[] AccessOf);

    private const int MaxTlbiChoices = 40;

    /// <summary>Diagnostics look at this many consistent choices of one execution at most.</summary>
    private const int MaxDiagnosedChoices = 256;

    private static bool ExternalWithTlbis(CandidateExecution x) => ConsistentChoices(x).Any();

    /// <summary>
    /// For each choice of TLBI-after with which the execution is consistent, the choice (x.Scratch then holds
    /// its ob). The open pairs are chosen one at a time, depth first: every choice only adds edges, so a
    /// partial choice that already makes ob cyclic is abandoned with all its completions.
    /// </summary>
    private static IEnumerable<bool[]> ConsistentChoices(CandidateExecution x)
    {
        var st = State(x);
        int[] free = [.. Enumerable.Range(0, st.Pairs.Length).Where(i => st.Pairs[i].Fixed == 0)];
        if (free.Length > MaxTlbiChoices)
        {
            throw new ExplorationLimitException($"more than {MaxTlbiChoices} TLBI/walk pairs whose order is open in one execution");
        }
        var after = st.Pairs.Select(p => p.Fixed > 0).ToArray();
        if (!External(x, ob =>
        {
            for (int i = 0; i < st.Pairs.Length; i++)
            {
                if (st.Pairs[i].Fixed != 0)
                {
                    AddPairOrder(x, st, i, after[i], ob);
                }
            }
        }))
        {
            return [];
        }
        var start = new BitMatrix(x.N);
        start.CopyFrom(x.Scratch);
        return Choose(x, st, after, free, 0, start);
    }

    private static IEnumerable<bool[]> Choose(CandidateExecution x, TlbiState st, bool[] after, int[] free, int k, BitMatrix ob)
    {
        if (k == free.Length)
        {
            x.Scratch.CopyFrom(ob);
            yield return after;
            yield break;
        }
        foreach (bool a in new[] { true, false })
        {
            var next = new BitMatrix(x.N);
            next.CopyFrom(ob);
            after[free[k]] = a;
            AddPairOrder(x, st, free[k], a, next);
            if (next.IsAcyclic())
            {
                foreach (var choice in Choose(x, st, after, free, k + 1, next))
                {
                    yield return choice;
                }
            }
        }
    }

    private static TlbiState State(CandidateExecution x) => (TlbiState)(x.ModelState ??= Pairs(x));

    /// <summary>
    /// A page-table program's flags and diagnostics, over every consistent choice of TLBI-after: herd's
    /// break-before-make flag, and walks that used a stale entry.
    /// </summary>
    public IEnumerable<Diagnosis> Diagnose(CandidateExecution x)
    {
        if (x.Program.Vmsa is null)
        {
            return [];
        }
        var found = new HashSet<Diagnosis>();
        int choices = 0;
        foreach (var _ in ConsistentChoices(x))
        {
            if (++choices > MaxDiagnosedChoices)
            {
                // The diagnostics so far stand, but others may hide in the choices not looked at: say so.
                throw new DiagnosisLimitException($"diagnostics looked at {MaxDiagnosedChoices} consistent TLBI orders of one execution and not at the others", found);
            }
            var ob = x.Scratch.Closure();
            found.UnionWith(BreakBeforeMake.Check(x, ob));
            found.UnionWith(StaleTranslation.Check(x, ob));
        }
        return found;
    }

    /// <summary>
    /// The pairs of <c>TLBI-Imp_TTD_R-pairs</c>: a completed TLBI and a walk of an entry in its scope, of any
    /// thread for a broadcast TLBI, of its own thread otherwise.
    /// </summary>
    private static TlbiState Pairs(CandidateExecution x)
    {
        var local = x.Base ??= Local(x);
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
        return new TlbiState([.. pairs], ordered, accessOf);
    }

    /// <summary>
    /// TLBI-ob for one pair's choice: a walk before a TLBI is ordered before what the TLBI's DSB-ob and IFB-ob
    /// order (TTD-read-ordered-before); so is, in other threads, the walk's access or fault, and an earlier
    /// walk whose access comes po-before that access at the same offset in its page (same-low-order-bits).
    /// TLBI-ca: a TLBI is ordered before the writes a walk after it is coherence-before.
    /// </summary>
    private static void AddPairOrder(CandidateExecution x, TlbiState st, int i, bool after, BitMatrix ob)
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

    /// <summary>
    /// The walk read the entry that made its access fault for translation or the access flag (herd's
    /// TLBUncacheable): such entries are never cached. Upper levels of a deeper walk read valid table entries.
    /// </summary>
    private static bool FaultsUncacheably(CandidateExecution x, int walk)
    {
        for (int a = walk + 1; a < x.N && x.Thread[a] == x.Thread[walk] && x.Events[a].Instance == x.Events[walk].Instance; a++)
        {
            if (x.Events[a].IsWalk)
            {
                return false;
            }
            if (x.Events[a].Kind == EventKind.Fault)
            {
                return FaultValue.Decode(x.Events[a].Value).Kind is FaultKind.Translation or FaultKind.AccessFlag;
            }
        }
        return false;
    }

    /// <summary>The walk reads a level-3 entry (which a last-level TLBI invalidates).</summary>
    internal static bool Leaf(CandidateExecution x, int walk) => x.Events[walk].Vmid != 0 || x.Program.Vmsa!.ByPteLoc(x.Events[walk].Loc) is not null;
}
