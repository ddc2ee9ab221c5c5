using Vrm.Models.Executions;
using Vrm.Models.Relations;

namespace Vrm.Models.Arm;

/// <summary>
/// The Armv8 axiomatic model of herd7's default aarch64.cat, written with cat's operators over
/// <see cref="Relation"/>s: <c>internal</c> (SC per location; herd's coRW1-Exp, coWW-Exp, coWR-Exp and the
/// CoRR/CoRW2 shapes its coherence generation leaves out), <c>atomic</c> and <c>external</c> (ob acyclic,
/// <c>ob = (local-hw-reqs | haz-ob | obs)+</c>), checked in that order; the first that fails is reported with
/// its witness (ArmModel.Witness.cs). Page-table programs add the walks and hardware updates (TTD-obs),
/// TLBI-ordered-before and the TLBI-after choices (ArmModel.Vmsa.cs).
/// </summary>
public sealed partial class ArmModel : IAxiomaticModel
{
    public static readonly ArmModel Instance = new();

    private static readonly AxiomFailure InternalFailed = new("internal", null, []);
    private static readonly AxiomFailure AtomicFailed = new("atomic", null, []);
    private static readonly AxiomFailure ExternalFailed = new("external", null, []);

    public string Name => "arm";

    /// <summary>Before coherence is chosen: coRW1-Exp, and the part of ob that reads-from alone gives.</summary>
    public bool AcceptsReadsFrom(CandidateExecution x)
    {
        var s = ArmShape.Of(x);
        var rf = ReadsFromPart(s, x);
        int mark = s.Arena.Mark();
        try
        {
            // irreflexive [Exp & R]; ((po & same-loc) | rmw); [Exp & W]; rfi; [Exp & R] as coRW1-Exp
            if (s.HasReadWritePairs && !s.ReadThenWrite.Seq(rf.Rf & s.Int).IsIrreflexive(out _))
            {
                return false;
            }
            return rf.Ob.IsAcyclic();
        }
        finally
        {
            s.Arena.Release(mark);
        }
    }

    public string? Violation(CandidateExecution x) => Check(x, explain: false)?.Name;

    public AxiomFailure? Check(CandidateExecution x) => Check(x, explain: true);

    private static AxiomFailure? Check(CandidateExecution x, bool explain)
    {
        var s = ArmShape.Of(x);
        var rf = ReadsFromPart(s, x);
        int mark = s.Arena.Mark();
        try
        {
            var c = new Communication(s, x, rf.Rf);
            return Internal(s, c, explain) ?? Atomic(s, c, explain) ?? External(x, s, c, rf, explain);
        }
        finally
        {
            s.Arena.Release(mark);
        }
    }

    /// <summary>
    /// internal: SC per location over explicit accesses, <c>acyclic [Exp]; (po-loc | rmw | rf | ca); [Exp]</c>.
    /// herd states it as coRW1-Exp, coWW-Exp and coWR-Exp, and enforces CoRR and CoRW2 by generating only
    /// coherence orders that extend pco; every cycle is one of those five shapes (or one with rmw for po).
    /// </summary>
    private static AxiomFailure? Internal(ArmShape s, Communication c, bool explain)
    {
        // rf | co | fr alone is acyclic (co is a total order per location): a cycle needs a po-loc or rmw step.
        if (!s.HasPoLocOrRmw)
        {
            return null;
        }
        var ca = c.Fr | c.Co;
        var coherence = s.PoLocOrRmw | Explicit(s, c.Rf | ca);
        if (coherence.IsAcyclic())
        {
            return null;
        }
        return explain ? CoherenceShape(s, c) : InternalFailed;
    }

    /// <summary>
    /// <c>empty (rmw &amp; (fr; co)) \ (([Exp]; rmw; [Exp]) &amp; (fri; [Exp &amp; W]; coi)) as atomic</c>: no write
    /// comes between an rmw's read and write in coherence, unless one of its own thread's.
    /// </summary>
    private static AxiomFailure? Atomic(ArmShape s, Communication c, bool explain)
    {
        if (!s.HasRmw)
        {
            return null;
        }
        var intervened = s.Rmw & c.Fr.Seq(c.Co);
        if (intervened.IsEmpty)
        {
            return null;
        }
        var fri = c.Fr & s.Int;
        var coi = c.Co & s.Int;
        var broken = intervened - (Explicit(s, s.Rmw) & fri.Restrict(s.All, s.ExpW).Seq(coi));
        if (broken.IsEmpty)
        {
            return null;
        }
        return explain ? AtomicWitness(c, broken) : AtomicFailed;
    }

    /// <summary><c>irreflexive ob as external</c>, with <c>ob = (local-hw-reqs | haz-ob | obs)+</c>: ob's parts must be acyclic.</summary>
    private static AxiomFailure? External(CandidateExecution x, ArmShape s, Communication c, ReadsFrom rf, bool explain)
    {
        var parts = explain ? new List<(string Name, Relation Part)>() : null;
        var ob = Ob(s, c, rf, parts);
        if (s.Vmsa)
        {
            return ExternalWithTlbis(x, s, c, ob, parts);
        }
        if (!explain)
        {
            return ob.IsAcyclic() ? null : ExternalFailed;
        }
        return ob.IsAcyclic(out var cycle) ? null : ExternalWitness(x, s, c, parts!, cycle);
    }

    /// <summary>
    /// rf and its part of ob, for the current reads-from choice: made once, just above the shape's relations,
    /// and reused while the search tries the coherence orders of that choice.
    /// </summary>
    private static ReadsFrom ReadsFromPart(ArmShape s, CandidateExecution x)
    {
        if (s.Cached is { } cached && x.Rf.AsSpan().SequenceEqual(s.CachedRf))
        {
            return cached;
        }
        s.Arena.Release(s.Top);
        var rf = s.Arena.Empty();
        for (int r = 0; r < x.N; r++)
        {
            if (x.Rf[r] >= 0)
            {
                rf.Add(x.Rf[r], r);
            }
        }
        var obs = Explicit(s, rf & s.Ext);
        if (s.Vmsa)
        {
            obs.UnionWith(rf.From(s.HU) | rf.To(s.Walk));
        }
        if (s.CachedRf?.Length != x.N)
        {
            s.CachedRf = new int[x.N];
        }
        x.Rf.CopyTo(s.CachedRf, 0);
        var part = new ReadsFrom(rf, obs, s.Local | obs);
        s.Cached = part;
        return part;
    }

    /// <summary><c>[Exp]; r; [Exp]</c>; without page tables every event is an explicit access and r is kept as it is.</summary>
    private static Relation Explicit(ArmShape s, Relation r) => s.Vmsa ? r.Restrict(s.Exp, s.Exp) : r;

    /// <summary>
    /// <c>local-hw-reqs | haz-ob | obs</c> without the TLBI choices; <paramref name="parts"/>, when given,
    /// receives each part under its cat name for the witness.
    /// </summary>
    private static Relation Ob(ArmShape s, Communication c, ReadsFrom rf, List<(string Name, Relation Part)>? parts)
    {
        var ob = rf.Ob.Copy();
        void Part(string name, Relation r)
        {
            ob.UnionWith(r);
            parts?.Add((name, r));
        }
        var fre = c.Fr & s.Ext;
        // Exp-obs = [Exp & M]; rf & ext; [Exp & M] | [Exp & M]; ca & ext; [Exp & M] (its rf part is in rf.Ob)
        if (parts is not null)
        {
            parts.Add(("Exp-obs", Explicit(s, rf.Rf & s.Ext)));
            parts.Add(("TTD-obs", s.Vmsa ? rf.Rf.From(s.HU) | rf.Rf.To(s.Walk) : s.Arena.Empty()));
        }
        Part("Exp-obs", Explicit(s, (c.Co & s.Ext) | fre));
        // Exp-haz-ob = [Exp & R]; (po & same-loc); [Exp & R]; (ca & ext); [Exp & W | HU]
        if (s.HasReadPairs)
        {
            Part("haz-ob", s.ReadThenRead.Seq(fre.Restrict(s.ExpR, s.ExpWOrHU)));
        }
        if (s.Vmsa)
        {
            // TTD-obs = [Imp & TTD]; rf | rf; [Imp & TTD] | TLBuncacheable-ca | HU-ca | [HU]; ca; [W] | [W]; ca; [HU] | TLBI-ca
            // (its rf part is in rf.Ob, with Exp-obs's); the parts about hardware updates need some.
            if (s.HasHU)
            {
                Part("TTD-obs", c.Co.From(s.HU) | c.Co.To(s.HU));
                // HU-ca = [Exp & R]; ca; [HU]
                Part("HU-ca", c.Fr.Restrict(s.ExpR, s.HU));
            }
            if (s.HasUncacheable)
            {
                Part("TLBuncacheable-ca", c.Fr.Restrict(s.Uncacheable, s.ExpWOrHU));
            }
        }
        return ob;
    }
}
