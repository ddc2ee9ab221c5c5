using Vrm.Explore;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// Our own litmus tests in examples/litmus, each with its herd-format output under the Arm model in
/// NAME.litmus.expected beside it, and one verdict table per model (verdicts.arm.txt, verdicts.sc.txt).
/// </summary>
public class GoldenLitmusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Repo.Examples("litmus"), "*.litmus").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ArmOutputMatchesGolden(string file)
    {
        var path = Repo.Examples("litmus", file);
        var outcome = TestRunner.RunFile(path, ["arm"], new ExploreOptions(), CancellationToken.None);
        Assert.Null(outcome.Error);
        var actual = HerdFormat.Render(outcome.Results[0]);
        var golden = path + ".expected";
        if (Repo.UpdateGolden)
        {
            File.WriteAllText(golden, actual);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}; run with VRM_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Theory]
    [InlineData("sc")]
    [InlineData("arm")]
    public void VerdictTableMatches(string model)
    {
        var lines = new List<string>();
        foreach (var f in Directory.GetFiles(Repo.Examples("litmus"), "*.litmus").Order(StringComparer.Ordinal))
        {
            var o = TestRunner.RunFile(f, [model], new ExploreOptions(), CancellationToken.None);
            var r = o.Results[0];
            lines.Add($"{o.Name} {(r.Ok ? "Ok" : "No")} {r.Observation}");
        }
        var actual = string.Join("\n", lines) + "\n";
        var table = Repo.Examples("litmus", $"verdicts.{model}.txt");
        if (Repo.UpdateGolden)
        {
            File.WriteAllText(table, actual);
        }
        Assert.Equal(File.ReadAllText(table), actual);
    }
}
