using Vrm.Explore;
using Vrm.Programs.Lowering;
using Vrm.Syntax;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// herd's variants, read in one place (<see cref="Variants"/>) from a test's header, from <c>--variant</c> and from a
/// corpus folder, with one meaning whichever of them names a variant.
/// </summary>
public class VariantTests
{
    private static string Test(string name, params string[] header) =>
        string.Join("\n", [$"AArch64 {name}", .. header, "{ x=0; }", " P0 ;", " NOP ;", "exists (x=0)"]) + "\n";

    [Theory]
    [InlineData("vmsa", Variant.Vmsa)]
    [InlineData("kvm", Variant.Vmsa)]
    [InlineData("vmsa,fatal", Variant.Vmsa | Variant.Fatal)]
    [InlineData(" vmsa , Fatal ", Variant.Vmsa | Variant.Fatal)]
    [InlineData("ETS2", Variant.Ets2)]
    [InlineData("Handled", Variant.Handled)]
    [InlineData("precise,imprecise", Variant.Precise | Variant.Imprecise)]
    [InlineData("mte", Variant.Memtag)]
    // herd has many more (SVE, NV2...): vrm leaves out those it does not know.
    [InlineData("SVE,vmsa,NV2", Variant.Vmsa)]
    [InlineData("", Variant.None)]
    public void HeaderListsAreReadWordByWordInAnyCase(string value, Variant expected) =>
        Assert.Equal(expected, Variants.ParseList(value));

    [Fact]
    public void EveryNameTheOptionAcceptsIsAVariant()
    {
        foreach (var name in Variants.Names)
        {
            Assert.True(Variants.TryParse(name, out var v), name);
            Assert.NotEqual(Variant.None, v);
        }
        Assert.False(Variants.TryParse("bogus", out _));
    }

    [Fact]
    public void TheParserKeepsWhatTheHeaderDeclares()
    {
        var test = LitmusParser.Parse("t.litmus", Test("T", "Variant=vmsa,Fatal", "Variant=ETS2"));
        Assert.Equal(Variant.Vmsa | Variant.Fatal | Variant.Ets2, test.Variants);
    }

    /// <summary>
    /// Mixed sizes are recognised in the accesses, so <c>--variant mixed</c> changes nothing; a test that declares
    /// <c>Variant=mixed</c> is written for herd's byte-level model and is refused. Instruction fetch and memory
    /// tagging are refused from anywhere.
    /// </summary>
    [Theory]
    [InlineData(Variant.Mixed, true, "mixed-size accesses (Variant=mixed)")]
    [InlineData(Variant.Mixed, false, null)]
    [InlineData(Variant.Ifetch, true, "instruction fetch (Variant=ifetch)")]
    [InlineData(Variant.Ifetch | Variant.Vmsa, false, "instruction fetch (Variant=ifetch)")]
    [InlineData(Variant.Memtag, false, "memory tagging (Variant=memtag)")]
    [InlineData(Variant.Vmsa | Variant.Fatal | Variant.Ets2, true, null)]
    public void UnsupportedVariantsAreNamed(Variant variants, bool declared, string? reason) =>
        Assert.Equal(reason, Variants.Unsupported(variants, declared));

    [Fact]
    public void ADeclaredUnsupportedVariantIsAnUnsupportedInputError()
    {
        var e = Assert.Throws<DiagnosticException>(() => LitmusParser.Parse("t.litmus", Test("T", "Variant=precise,ifetch")));
        Assert.True(e.Unsupported);
        Assert.Equal("t.litmus(1,1): error: unsupported: instruction fetch (Variant=ifetch)", e.Diagnostic.ToString());
    }

    /// <summary>
    /// One meaning wherever a variant comes from: FEAT_ETS2 given on the command line orders the walk after a DSB
    /// exactly as the test's own <c>Variant=ETS2</c> does (examples/vmsa has the test both ways).
    /// </summary>
    [Fact]
    public void AnOptionVariantMeansWhatTheSameHeaderMeans()
    {
        static string Observation(string file, Variant variants)
        {
            var outcome = TestRunner.RunFile(Repo.Examples("vmsa", file), ["arm"], new ExploreOptions(), CancellationToken.None, variants);
            Assert.Null(outcome.Error);
            return $"{outcome.Results[0].Observation} {string.Join(" | ", outcome.Results[0].States.Select(s => HerdFormat.State(outcome.Results[0], s)))}";
        }
        var declared = Observation("ETS2-MAP+dsb+dsb.litmus", Variant.None);
        Assert.StartsWith("Never", declared, StringComparison.Ordinal);
        Assert.StartsWith("Sometimes", Observation("MAP+dsb+dsb-noets2.litmus", Variant.None), StringComparison.Ordinal);
        Assert.Equal(declared, Observation("MAP+dsb+dsb-noets2.litmus", Variant.Ets2));
    }

    [Fact]
    public void AnOptionVariantReachesTheProgram()
    {
        var test = LitmusParser.Parse("t.litmus", Test("T", "Variant=imprecise"));
        var program = LitmusLowering.Lower(test, Variant.Vmsa | Variant.Ets2);
        Assert.Equal(Variant.Vmsa | Variant.Ets2 | Variant.Imprecise, program.Vmsa!.Variants);
        Assert.True(program.Vmsa.Ets2);
        Assert.True(program.Vmsa.Imprecise);
        Assert.Null(LitmusLowering.Lower(test).Vmsa);
    }

    // ---- corpus folders ----

    private static readonly string Work = Path.Combine(Path.GetTempPath(), "vmsa-work", "mixed-up", "corpus");

    /// <summary>
    /// A folder's variant comes from its path below the corpus root: the corpus README runs vmsa/ with
    /// <c>-variant vmsa</c> and the mixed folders with <c>-variant mixed</c>. Where the corpus lives does not count,
    /// even under folders named like a variant.
    /// </summary>
    [Theory]
    [InlineData("vmsa", Variant.Vmsa)]
    [InlineData("herd/aarch64-VMSA", Variant.Vmsa)]
    [InlineData("herd/aarch64-mixed", Variant.Mixed)]
    [InlineData("dat3m/mixed", Variant.Mixed)]
    [InlineData("herd/aarch64", Variant.None)]
    [InlineData("dat3m/PPO", Variant.None)]
    // Words, not letters: a folder that merely contains the letters is no variant's.
    [InlineData("herd/vmsatest", Variant.None)]
    // Only the folder variants: a folder named for another variant word does not set it.
    [InlineData("herd/fatal", Variant.None)]
    public void AFolderIsJudgedOnItsPathBelowTheCorpusRoot(string folder, Variant expected) =>
        Assert.Equal(expected, Variants.OfFolder(Work, Path.Combine(Work, folder)));

    [Fact]
    public void TheCorpusRootNamedAloneIsJudgedOnItsOwnName()
    {
        Assert.Equal(Variant.Vmsa, Variants.OfFolder(Path.Combine(Work, "vmsa"), Path.Combine(Work, "vmsa")));
        Assert.Equal(Variant.Vmsa, Variants.OfFolder(Path.Combine(Work, "vmsa") + Path.DirectorySeparatorChar, Path.Combine(Work, "vmsa")));
        Assert.Equal(Variant.None, Variants.OfFolder(Path.Combine(Work, "herd"), Path.Combine(Work, "herd")));
    }
}
