using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Models;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// The Arm model names the axiom that forbids an outcome: each classic forbidden shape is forbidden by exactly
/// the axiom that is about it, with a witness made of the execution's edges.
/// </summary>
public class NamedAxiomTests
{
    private static readonly ExploreOptions Explain = new() { ExplainForbidden = true };

    private static ModelResult Run(string text, bool vmsa = false, string model = "arm") =>
        MemoryModels.Get(model).Run(LitmusLowering.Lower(LitmusParser.Parse("t.litmus", text), vmsa ? Variant.Vmsa : Variant.None), Explain, CancellationToken.None);

    private static ModelResult RunFile(string path) =>
        Run(File.ReadAllText(path), vmsa: path.Contains("vmsa", StringComparison.Ordinal));

    /// <summary>The one axiom that forbids every candidate satisfying the condition, and its witness.</summary>
    private static ForbiddenWitness ForbiddenOnlyBy(ModelResult r, string axiom)
    {
        Assert.Equal("Never", r.Observation);
        var f = Assert.IsType<ForbiddenReport>(r.Forbidden);
        Assert.True(f.Complete);
        Assert.Equal(0, f.Consistent);
        Assert.Equal([axiom], f.ByAxiom.Keys);
        var w = Assert.Single(f.Witnesses);
        Assert.Equal(axiom, w.Failure.Name);
        return w;
    }

    /// <summary>The witness as <c>from-relation-&gt;to</c> steps over event letters, in order.</summary>
    private static string Steps(ForbiddenWitness w) =>
        string.Join(" ", w.Failure.Witness.Select(e => $"{(char)('a' + e.From)}-{e.Relation}->{(char)('a' + e.To)}"));

    private static void IsCycle(ForbiddenWitness w)
    {
        var edges = w.Failure.Witness;
        for (int i = 0; i < edges.Count; i++)
        {
            Assert.Equal(edges[i].To, edges[(i + 1) % edges.Count].From);
        }
    }

    [Fact]
    public void MessagePassingWithBarriersIsForbiddenByExternal()
    {
        var w = ForbiddenOnlyBy(RunFile(Repo.Examples("litmus", "MP+dmb.sys.litmus")), "external");
        IsCycle(w);
        // init x, init y; P0: c Wx=1, d Wy=1; P1: e Ry=1, f Rx=0.
        Assert.Equal("c-bob->d d-rfe->e e-bob->f f-fre->c", Steps(w));
    }

    [Fact]
    public void DependenciesAreNamedByTheirPartOfLob()
    {
        var w = ForbiddenOnlyBy(RunFile(Repo.Examples("litmus", "MP+dmb.sy+addr.litmus")), "external");
        IsCycle(w);
        Assert.Contains(w.Failure.Witness, e => e.Relation == "dob");
        Assert.Contains(w.Failure.Witness, e => e.Relation == "bob");
    }

    [Fact]
    public void TwoReadsAgainstCoherenceAreForbiddenByInternalCoRR()
    {
        var w = ForbiddenOnlyBy(RunFile(Repo.Examples("litmus", "CoRR.litmus")), "internal:CoRR");
        IsCycle(w);
        // init x; P0: b Wx=1; P1: c Rx=1, d Rx=0.
        Assert.Equal("b-rf->c c-po-loc->d d-fr->b", Steps(w));
    }

    [Theory]
    [InlineData("CoRW1", "b-po-loc->c c-rf->b")]
    [InlineData("CoRW2", "d-rf->b b-po-loc->c c-co->d")]
    [InlineData("CoWR", "b-po-loc->c c-fr->b")]
    [InlineData("CoWW", "b-po-loc->c c-co->b")]
    public void EachCoherenceShapeIsNamed(string test, string steps)
    {
        var w = ForbiddenOnlyBy(RunFile(Repo.Examples("litmus", $"{test}.litmus")), $"internal:{test}");
        IsCycle(w);
        Assert.Equal(steps, Steps(w));
    }

    [Fact]
    public void AnExclusivePairBrokenByAnInterveningWriteIsForbiddenByAtomic()
    {
        // P0's exclusive pair reads the initial 0 and succeeds, yet P1's write of 2 comes between its read and
        // its write in coherence (x ends 1, P0's value): only the atomic axiom forbids that.
        var w = ForbiddenOnlyBy(Run("""
            AArch64 EXCL+intervening
            {
             0:X1=x;
             1:X1=x;
            }
             P0               | P1          ;
             MOV W2,#1        | MOV W0,#2   ;
             LDXR W0,[X1]     | STR W0,[X1] ;
             STXR W3,W2,[X1]  |             ;
            exists (0:X0=0 /\ 0:X3=0 /\ x=1)
            """), "atomic");
        // init x; P0: b R x=0 (LDXR), c W x=1 (STXR); P1: d W x=2.
        Assert.Equal("b-fr->d d-co->c b-rmw->c", Steps(w));
    }

    [Fact]
    public void ATlbiShootdownIsForbiddenByExternalThroughTlbiOrdering()
    {
        var w = ForbiddenOnlyBy(RunFile(Repo.Examples("vmsa", "UNMAP+dsb-tlbi-dsb+dsb-isb.litmus")), "external:TLBI-ca");
        IsCycle(w);
        // The first choice of TLBI-after fails: had P1's walk come after the TLBI, it could not read the entry
        // that P0's write (e), DSB-ordered before the TLBI (f), overwrites.
        Assert.Equal("e-DSB-ob->f f-TLBI-ca->e", Steps(w));
    }

    [Fact]
    public void AnAllowedConditionHasNoReport()
    {
        var r = RunFile(Repo.Examples("litmus", "MP.litmus"));
        Assert.Equal("Sometimes", r.Observation);
        Assert.Null(r.Forbidden);
    }

    [Fact]
    public void ScNamesItsAxiomsWithoutAWitness()
    {
        var r = MemoryModels.Get("sc").Run(LitmusLowering.Lower(LitmusParser.Parse("t.litmus", File.ReadAllText(Repo.Examples("litmus", "MP.litmus")))), Explain, CancellationToken.None);
        var f = Assert.IsType<ForbiddenReport>(r.Forbidden);
        Assert.Equal(["sc"], f.ByAxiom.Keys);
        Assert.Empty(Assert.Single(f.Witnesses).Failure.Witness);
    }

    /// <summary>
    /// The search for forbidden candidates builds those the search proper leaves out; the model must forbid
    /// every one of them, or the search proper missed an allowed execution (a wrong Never).
    /// </summary>
    [Theory]
    [InlineData("litmus")]
    [InlineData("vmsa")]
    public void EveryExampleNeverSatisfiedHasOnlyForbiddenCandidates(string folder) => OnlyForbidden(Repo.Examples(folder), folder == "vmsa");

    [SharedCorpusTheory]
    [InlineData("herd")]
    [InlineData("vmsa")]
    [InlineData("dat3m", "CO")]
    [InlineData("dat3m", "RPLUS")]
    public void EveryCorpusTestNeverSatisfiedHasOnlyForbiddenCandidates(params string[] folder) => OnlyForbidden(Repo.Corpus(folder), folder[0] == "vmsa");

    private static void OnlyForbidden(string folder, bool vmsa)
    {
        int explained = 0;
        foreach (var file in Directory.GetFiles(folder, "*.litmus", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var outcome = TestRunner.RunFile(file, ["arm"], Explain, CancellationToken.None, vmsa ? Variant.Vmsa : Variant.None);
            if (outcome.Error is not null || outcome.Results[0].Forbidden is not { } f)
            {
                continue;
            }
            explained++;
            Assert.True(f.Consistent == 0, $"{Path.GetFileName(file)}: {f.Consistent} candidates satisfying the condition are consistent");
            Assert.True(f.Complete, Path.GetFileName(file));
            Assert.All(f.Witnesses, w => Assert.NotEmpty(w.Failure.Witness));
        }
        Assert.True(explained > 0);
    }
}
