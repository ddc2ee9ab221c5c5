using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// examples/nova: a NOVA-style microhypervisor kernel checked by <c>vrm check</c> (SC, and Promising-Arm for the
/// weak-memory build). Every row of its VARIANTS.txt (a harness, the model, clang flags such as
/// <c>-DBUG_DOUBLE_PUT</c>, the expected verdict and optionally a text the report must contain) gives that verdict:
/// <c>holds</c> is exit 0 with <c>Verdict: ok</c>, any other verdict is exit 2 with that <c>Verdict:</c> line.
/// </summary>
public class NovaExampleTests
{
    private static string Variants => Repo.Examples("nova", "VARIANTS.txt");

    /// <summary>The rows, as their text (one theory case each).</summary>
    public static TheoryData<string> Rows() => [.. RowTexts()];

    private static List<string> RowTexts() =>
        [.. File.ReadLines(Variants).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    private sealed record Row(string Harness, string Model, string[] Flags, string Verdict, string? Text);

    private static Row Parse(string row)
    {
        var cells = row.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        Assert.True(cells.Length == 4, $"{Variants}: '{row}' has not four columns");
        string expected = cells[3].Trim();
        int colon = expected.IndexOf(": ", StringComparison.Ordinal);
        string verdict = colon < 0 ? expected : expected[..colon];
        string? text = colon < 0 ? null : expected[(colon + 2)..];
        return new Row(cells[0], cells[1], cells[2] == "-" ? [] : cells[2].Split(','), verdict, text);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void EveryVariantGivesItsVerdict(string text)
    {
        var row = Parse(text);
        Assert.Contains(row.Model, new[] { "sc", "promising" });
        var r = CheckRun.Run(["--model", row.Model, Repo.Examples("nova", row.Harness), "--", .. row.Flags]);
        if (row.Verdict == "holds")
        {
            Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        }
        else
        {
            Assert.True(r.Code == 2 && r.Verdict == row.Verdict, r.ToString());
        }
        if (row.Text is not null)
        {
            Assert.True(r.Out.Contains(row.Text, StringComparison.Ordinal), $"the report does not say '{row.Text}'\n{r}");
        }
    }

    /// <summary>
    /// Each harness's first line says what it expects of the kernel as it is, and VARIANTS.txt runs it so (under SC,
    /// without flags); every row names a harness that exists.
    /// </summary>
    [Fact]
    public void EveryHarnessStatesItsExpectationAndIsRun()
    {
        var rows = RowTexts().Select(Parse).ToList();
        var harnesses = Directory.GetFiles(Repo.Examples("nova"), "*.c").Select(Path.GetFileName).ToList();
        Assert.NotEmpty(harnesses);
        foreach (var name in harnesses)
        {
            string first = File.ReadLines(Repo.Examples("nova", name!)).First();
            Assert.StartsWith("// expect: ", first);
            string expected = first["// expect: ".Length..].Trim();
            Assert.Contains(rows, r => r.Harness == name && r.Model == "sc" && r.Flags.Length == 0 && r.Verdict == expected && r.Text is null);
        }
        Assert.All(rows, r => Assert.Contains(r.Harness, harnesses));
    }

    /// <summary>The bug variants: at least six, each a distinct BUG_ switch, and each expected to fail.</summary>
    [Fact]
    public void AtLeastSixBugVariantsAreEachCaught()
    {
        var bugs = RowTexts().Select(Parse).Where(r => r.Flags.Any(f => f.StartsWith("-DBUG_", StringComparison.Ordinal)) && r.Verdict != "holds").ToList();
        Assert.True(bugs.Select(r => string.Join(",", r.Flags)).Distinct().Count() >= 6, string.Join("\n", bugs));
        Assert.All(bugs, r => Assert.NotNull(r.Text));
    }
}
