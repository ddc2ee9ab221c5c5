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
    /// <summary>The shape whose arena this thread's next shape takes over (see <see cref="Of"/>).</summary>
    [ThreadStatic]
    private static ArmShape? latest;

    private ArmShape(CandidateExecution x, RelationArena a)
    {
        Arena = a;
        var ev = x.Events;
        Vmsa = x.Program.Vmsa is not null;
        All = ~a.NoEvents();
        (Exp, ExpR, ExpW, HU, Walk, Uncacheable) = (a.NoEvents(), a.NoEvents(), a.NoEvents(), a.NoEvents(), a.NoEvents(), a.NoEvents());
        for (int e = 0; e < x.N; e++)
        {
            if (ev[e].IsExplicit)
            {
                Exp.Add(e);
                (ev[e].IsRead ? ExpR : ExpW).Add(e);
            }
            else if (ev[e].IsUpdate)
            {
                HU.Add(e);
            }
            else if (ev[e].IsWalk)
            {
                Walk.Add(e);
                if (FaultsUncacheably(x, e))
                {
                    Uncacheable.Add(e);
                }
            }
        }
        ExpWOrHU = ExpW | HU;
        (Int, Ext, var poLoc, Rmw) = (a.Empty(), a.Empty(), a.Empty(), a.Empty());
        for (int p = 0; p < x.N; p++)
        {
            int t = x.Thread[p];
            int end = t < 0 ? p : t + 1 < x.Offset.Length ? x.Offset[t + 1] : x.N;
            for (int q = t < 0 ? p : x.Offset[t]; q < end; q++)
            {
                Int.Add(p, q);
                // po relates different instructions only: the read and write of one atomic are rmw, not po.
                if (q > p && ev[p].Loc == ev[q].Loc && ev[p].Instance != ev[q].Instance)
                {
                    poLoc.Add(p, q);
                }
            }
            var ext = Ext.Row(p);
            All.Bits.CopyTo(ext);
            var same = Int.Row(p);
            for (int w = 0; w < ext.Length; w++)
            {
                ext[w] &= ~same[w];
            }
            if (ev[p].IsRead && x.RmwPartner[p] >= 0)
            {
                Rmw.Add(p, x.RmwPartner[p]);
            }
        }
        PoLoc = Vmsa ? poLoc.Restrict(Exp, Exp) : poLoc;
        PoLocOrRmw = Vmsa ? (poLoc | Rmw).Restrict(Exp, Exp) : poLoc | Rmw;
        ReadThenWrite = PoLocOrRmw.Restrict(ExpR, ExpW);
        ReadThenRead = PoLoc.Restrict(ExpR, ExpR);
        HasRmw = !Rmw.IsEmpty;
        HasHU = !HU.IsEmpty;
        HasUncacheable = !Uncacheable.IsEmpty;
        HasPoLocOrRmw = !PoLocOrRmw.IsEmpty;
        HasReadWritePairs = !ReadThenWrite.IsEmpty;
        HasReadPairs = !ReadThenRead.IsEmpty;
        Local = LocalHwReqs(x);
        Top = a.Mark();
    }

    /// <summary>
    /// The shape of <paramref name="x"/>'s combination of traces. A search checks one combination after another on
    /// one thread, so each new shape takes over the arena of the thread's previous one, which is retired: should
    /// its execution be checked again, it gets a new shape.
    /// </summary>
    public static ArmShape Of(CandidateExecution x)
    {
        if (x.ModelState is ArmShape { Retired: false } shape)
        {
            return shape;
        }
        var arena = latest is { } previous ? previous.Retire(x.N) : new RelationArena(x.N);
        shape = new ArmShape(x, arena);
        x.ModelState = shape;
        latest = shape;
        return shape;
    }

    /// <summary>Another execution's shape has this one's arena now.</summary>
    public bool Retired { get; private set; }

    private RelationArena Retire(int n)
    {
        Retired = true;
        return Arena.Reset(n);
    }

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

    public EventSet All { get; }

    public EventSet ExpWOrHU { get; }

    /// <summary>range([TLBUncacheable &amp; FAULT]; tr-ib^-1; [Imp &amp; TTD &amp; R]): the walks whose access faults for translation or the access flag.</summary>
    public EventSet Uncacheable { get; }

    public Relation Int { get; }

    public Relation Ext { get; }

    /// <summary>[Exp]; po &amp; same-loc; [Exp].</summary>
    public Relation PoLoc { get; }

    /// <summary>[Exp]; (po &amp; same-loc | rmw); [Exp].</summary>
    public Relation PoLocOrRmw { get; }

    public Relation Rmw { get; }

    /// <summary>[Exp &amp; R]; (po-loc | rmw); [Exp &amp; W], the start of coRW1-Exp and CoRW2.</summary>
    public Relation ReadThenWrite { get; }

    /// <summary>[Exp &amp; R]; po-loc; [Exp &amp; R], the start of Exp-haz-ob and CoRR.</summary>
    public Relation ReadThenRead { get; }

    public bool HasRmw { get; }

    public bool HasHU { get; }

    public bool HasUncacheable { get; }

    public bool HasPoLocOrRmw { get; }

    /// <summary>Some thread reads a location and then writes it (coRW1-Exp and CoRW2 need it).</summary>
    public bool HasReadWritePairs { get; }

    /// <summary>Some thread reads a location twice (haz-ob and CoRR need it).</summary>
    public bool HasReadPairs { get; }

    /// <summary>local-hw-reqs = (lob | pick-lob)+ of every thread.</summary>
    public Relation Local { get; }

    /// <summary>
    /// The relations of the last reads-from choice checked, kept just above <see cref="Top"/> for every
    /// coherence order of that choice (the search tries all of them in a row); <see cref="CachedRf"/> is the
    /// choice they are of, null before the first.
    /// </summary>
    public ReadsFrom? Cached { get; set; }

    public int[]? CachedRf { get; set; }

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
                for (ulong bits = order[p]; bits != 0; bits &= bits - 1)
                {
                    local.Add(off + p, off + System.Numerics.BitOperations.TrailingZeroCount(bits));
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
    public Communication(ArmShape s, CandidateExecution x, Relation rf)
    {
        var a = s.Arena;
        Rf = rf;
        Co = a.Empty();
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
        // fr = (rf^-1; co) \ id: a read is before the writes coherence-after the one it reads. Built row by row,
        // which is what the composition gives, without making rf^-1.
        Fr = a.Empty();
        for (int r = 0; r < x.N; r++)
        {
            if (x.Rf[r] >= 0)
            {
                Co.Row(x.Rf[r]).CopyTo(Fr.Row(r));
                Fr.Row(r)[r >> 6] &= ~(1UL << (r & 63));
            }
        }
    }

    /// <summary>Reads-from alone, before coherence is chosen.</summary>
    public Relation Rf { get; }

    public Relation Co { get; }

    public Relation Fr { get; }
}

/// <summary>What one reads-from choice gives, whatever the coherence order: rf, and its part of ob.</summary>
/// <param name="Obs">rf's part of obs: external rf between explicit accesses (Exp-obs), rf into walks and from hardware updates (TTD-obs).</param>
/// <param name="Ob">local-hw-reqs | <paramref name="Obs"/>.</param>
internal readonly record struct ReadsFrom(Relation Rf, Relation Obs, Relation Ob);
