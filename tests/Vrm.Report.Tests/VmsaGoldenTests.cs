using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// Our own page-table tests in examples/vmsa, run as herd's <c>-variant vmsa</c> under the Arm model: each
/// with its output in NAME.litmus.expected beside it, and its verdict in the table of examples/vmsa/README.md,
/// whose hand-derived verdicts may differ from vrm's only for the tests under its Disagreements heading.
/// </summary>
public class VmsaGoldenTests
{
    private static string Readme => Repo.Examples("vmsa", "README.md");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in LitmusFiles())
        {
            data.Add(Path.GetFileName(f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ArmOutputMatchesGolden(string file)
    {
        var path = Repo.Examples("vmsa", file);
        var actual = HerdFormat.Render(Run(path));
        var golden = path + ".expected";
        if (Repo.UpdateGolden)
        {
            File.WriteAllText(golden, actual);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}; run with VRM_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void VerdictMatchesReadme(string file)
    {
        var result = Run(Repo.Examples("vmsa", file));
        var name = Path.GetFileNameWithoutExtension(file);
        Assert.True(ReadmeRows().TryGetValue(name, out var row), $"{name} has no row in {Readme}");
        Assert.Equal(row.Vrm, Verdict(result));
    }

    [Fact]
    public void ReadmeListsEveryTestOnce()
    {
        var names = LitmusFiles().Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(names, ReadmeRows().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DisagreementsAreExplained()
    {
        var differing = ReadmeRows().Where(r => r.Value.Expected != r.Value.Vrm).Select(r => r.Key).Order(StringComparer.Ordinal);
        Assert.Equal(differing, DisagreementSections().Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> LitmusFiles() =>
        Directory.GetFiles(Repo.Examples("vmsa"), "*.litmus").Order(StringComparer.Ordinal);

    private static ModelResult Run(string path)
    {
        var outcome = TestRunner.RunFile(path, ["arm"], new ExploreOptions(), CancellationToken.None, Variant.Vmsa);
        Assert.Null(outcome.Error);
        return outcome.Results[0];
    }

    /// <summary>The verdict on the condition's body, as the README writes it: Forbidden when no execution satisfies it.</summary>
    private static string Verdict(ModelResult result) => result.Positive == 0 ? "Forbidden" : "Allowed";

    /// <summary>The rows of the README's verdict table: test name → (expected by hand, vrm's verdict).</summary>
    private static Dictionary<string, (string Expected, string Vrm)> ReadmeRows()
    {
        var rows = new Dictionary<string, (string, string)>();
        foreach (var line in File.ReadLines(Readme))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            // "| Test | Scenario | Expected | vrm |" splits into six cells, the outer two empty.
            if (cells.Length == 6 && cells[1] != "Test" && !cells[1].StartsWith("---", StringComparison.Ordinal))
            {
                Assert.True(rows.TryAdd(cells[1], (cells[3], cells[4])), $"{cells[1]} has two rows in {Readme}");
            }
        }
        return rows;
    }

    /// <summary>The tests named by the "### NAME" sections under the README's "## Disagreements" heading.</summary>
    private static List<string> DisagreementSections()
    {
        var names = new List<string>();
        bool inside = false;
        foreach (var line in File.ReadLines(Readme))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inside = line == "## Disagreements";
            }
            else if (inside && line.StartsWith("### ", StringComparison.Ordinal))
            {
                names.Add(line["### ".Length..].Trim());
            }
        }
        return names;
    }
}
