using Vrm.Models.Executions;
using Vrm.Models.Relations;
using Vrm.Programs;

namespace Vrm.Models.Arm;

/// <summary>
/// What the Arm model derives from one combination of thread traces, shared by every reads-from and coherence
/// choice of that combination: herd's event sets, the fixed relations (int, ext, po-loc, rmw) and every
/// thread's local-hw-reqs placed at the events' global numbers. The relations of one candidate are made after
/// <see cref="Top"/> in the same arena and released when its check ends.
/// </summary>
internal sealed class ArmShape
{
    private ArmShape(CandidateExecution x)
    {
        var a = Arena = new RelationArena(x.N);
        var ev = x.Events;
        Vmsa = x.Program.Vmsa is not null;
        Exp = a.Events(e => ev[e].IsExplicit);
        ExpR = a.Events(e => ev[e].IsExplicit && ev[e].IsRead);
        ExpW = a.Events(e => ev[e].IsExplicit && ev[e].IsWrite);
        HU = a.Events(e => ev[e].IsUpdate);
        Walk = a.Events(e => ev[e].IsWalk);
        Tlbi = a.Events(e => ev[e].Kind == EventKind.Tlbi);
        ExpWOrHU = ExpW | HU;
        Uncacheable = a.Events(e => ev[e].IsWalk && FaultsUncacheably(x, e));
        Int = a.Pairs((p, q) => x.Thread[p] >= 0 && x.Thread[p] == x.Thread[q]);
        Ext = a.Pairs((p, q) => x.External(p, q));
        Id = a.Identity();
        // po relates different instructions only: the read and write of one atomic are rmw, not po.
        var poLoc = a.Pairs((p, q) => x.Thread[p] >= 0 && x.Thread[p] == x.Thread[q] && p < q && ev[p].Loc == ev[q].Loc && ev[p].Instance != ev[q].Instance);
        Rmw = a.Pairs((p, q) => ev[p].IsRead && x.RmwPartner[p] == q);
        PoLoc = poLoc.Restrict(Exp, Exp);
        PoLocOrRmw = (poLoc | Rmw).Restrict(Exp, Exp);
        HasRmw = !Rmw.IsEmpty;
        Local = LocalHwReqs(x);
        Top = a.Mark();
    }

    public static ArmShape Of(CandidateExecution x) => (ArmShape)(x.ModelState ??= new ArmShape(x));

    public RelationArena Arena { get; }

    /// <summary>The arena's top once the shape is built: each check releases back to it.</summary>
    public int Top { get; }

    public bool Vmsa { get; }

    /// <summary>Exp &amp; M: explicit accesses, the initial writes included.</summary>
    public EventSet Exp { get; }

    public EventSet ExpR { get; }

    public EventSet ExpW { get; }

    /// <summary>HU: hardware updates of page-table entries.</summary>
    public EventSet HU { get; }

    /// <summary>Imp &amp; TTD &amp; R: translation-table walks.</summary>
    public EventSet Walk { get; }

    public EventSet Tlbi { get; }

    public EventSet ExpWOrHU { get; }

    /// <summary>range([TLBUncacheable &amp; FAULT]; tr-ib^-1; [Imp &amp; TTD &amp; R]): the walks whose access faults for translation or the access flag.</summary>
    public EventSet Uncacheable { get; }

    public Relation Int { get; }

    public Relation Ext { get; }

    public Relation Id { get; }

    /// <summary>[Exp]; po &amp; same-loc; [Exp].</summary>
    public Relation PoLoc { get; }

    /// <summary>[Exp]; (po &amp; same-loc | rmw); [Exp].</summary>
    public Relation PoLocOrRmw { get; }

    public Relation Rmw { get; }

    public bool HasRmw { get; }

    /// <summary>local-hw-reqs = (lob | pick-lob)+ of every thread.</summary>
    public Relation Local { get; }

    /// <summary>The TLBI/walk pairs of a page-table program, made when first needed.</summary>
    public object? Tlbis { get; set; }

    private Relation LocalHwReqs(CandidateExecution x)
    {
        var local = Arena.Empty();
        for (int t = 0; t < x.Traces.Length; t++)
        {
            var order = LocalOrder.Of(x.Traces[t], x.Program.Vmsa?.Ets2 == true);
            int off = x.Offset[t];
            for (int p = 0; p < order.Length; p++)
            {
                foreach (int q in LocalOrder.Bits(order[p]))
                {
                    local.Add(off + p, off + q);
                }
            }
        }
        return local;
    }

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
}

/// <summary>
/// The relations of one candidate execution: rf and co as chosen, and what cos.cat derives from them. Made in
/// the shape's arena, valid until the check that made them releases it.
/// </summary>
internal readonly struct Communication
{
    public Communication(ArmShape s, CandidateExecution x, bool withCo = true)
    {
        var a = s.Arena;
        Rf = a.Empty();
        for (int r = 0; r < x.N; r++)
        {
            if (x.Rf[r] >= 0)
            {
                Rf.Add(x.Rf[r], r);
            }
        }
        Co = a.Empty();
        if (!withCo)
        {
            Fr = Co;
            return;
        }
        Span<ulong> later = stackalloc ulong[a.Words];
        foreach (var order in x.Co)
        {
            later.Clear();
            for (int i = order.Length - 1; i >= 0; i--)
            {
                later.CopyTo(Co.Row(order[i]));
                later[order[i] >> 6] |= 1UL << (order[i] & 63);
            }
        }
        // fr = (rf^-1; co) \ id
        Fr = Rf.Inverse().Seq(Co) - s.Id;
    }

    public Relation Rf { get; }

    public Relation Co { get; }

    public Relation Fr { get; }
}
