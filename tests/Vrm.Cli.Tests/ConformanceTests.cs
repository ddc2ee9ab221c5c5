using Vrm.Explore;
using Vrm.Report;
using Vrm.Syntax.Litmus;
using Xunit;
using VrmCli = Vrm.Cli.Cli;

namespace Vrm.Cli.Tests;

/// <summary>
/// <c>vrm conformance</c> runs each corpus folder with the variant its path below the corpus root gives it, so a
/// corpus kept under a folder named like a variant (<c>vmsa-work/</c>) runs its plain folders as plain tests.
/// </summary>
public sealed class ConformanceTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("vrm-conformance-").FullName;

    private string Corpus => Path.Combine(work, "vmsa-work", "corpus");

    public void Dispose() => Directory.Delete(work, recursive: true);

    /// <summary>A folder of the corpus holding MP.litmus and, as its herd7.out, what vrm prints for it with <paramref name="variants"/>.</summary>
    private string Folder(string name, Variant variants)
    {
        var folder = Path.Combine(Corpus, name);
        Directory.CreateDirectory(folder);
        var test = Path.Combine(folder, "MP.litmus");
        File.Copy(Repo.Examples("litmus", "MP.litmus"), test);
        var outcome = TestRunner.RunFile(test, ["arm"], new ExploreOptions(), CancellationToken.None, variants);
        File.WriteAllText(Path.Combine(folder, "herd7.out"), HerdFormat.Render(outcome.Results[0]));
        return folder;
    }

    [Fact]
    public void OnlyTheFolderBelowTheRootDecidesTheVariant()
    {
        var plain = Folder("herd/aarch64", Variant.None);
        var vmsa = Folder("vmsa", Variant.Vmsa);
        Assert.Equal([plain, vmsa], Conformance.Folders(Corpus, []));
        var outcome = Assert.Single(Conformance.Run(Corpus, plain, "arm", new ExploreOptions(), 1, CancellationToken.None));
        Assert.Null(outcome.Results[0].Program.Vmsa);
        outcome = Assert.Single(Conformance.Run(Corpus, vmsa, "arm", new ExploreOptions(), 1, CancellationToken.None));
        Assert.NotNull(outcome.Results[0].Program.Vmsa);
    }

    [Fact]
    public void TheCommandComparesEveryFolderOfACorpusUnderAVariantNamedFolder()
    {
        Folder("herd/aarch64", Variant.None);
        Folder("vmsa", Variant.Vmsa);
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = VrmCli.Run(["conformance", Corpus], output, error);
        Assert.True(code == 0, $"{output}{error}");
        Assert.Contains("| herd/aarch64 | 1 | 1 | 1 | 0 | 0 | 0 | 0 |", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("| vmsa | 1 | 1 | 1 | 0 | 0 | 0 | 0 |", output.ToString(), StringComparison.Ordinal);
    }
}
