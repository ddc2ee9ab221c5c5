using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Vrm.Checks.Wdrf;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// The kernel programs of examples/wdrf: each says on its first line what <c>vrm wdrf</c> must find
/// (<c>// expect: holds</c>, or <c>// expect: CONDITION</c> for the one condition it breaks), and its report is kept
/// beside it in FILE.c.expected (VRM_UPDATE_GOLDEN=1 rewrites them). EXPECTED.md says the same in a table.
/// </summary>
public sealed partial class WdrfExampleTests
{
    private static IEnumerable<string> Examples() =>
        Directory.GetFiles(Repo.Examples("wdrf"), "*.c").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> Files() => [.. Examples()];

    /// <summary>Each example runs once for the whole class (the verdict and the golden tests read the same run).</summary>
    private static readonly ConcurrentDictionary<string, Lazy<CheckRun.Result>> Runs = new();

    private static CheckRun.Result Run(string file) =>
        Runs.GetOrAdd(file, f => new Lazy<CheckRun.Result>(() => CheckRun.RunCommand("wdrf", Repo.Examples("wdrf", f)))).Value;

    [GeneratedRegex(@"^// expect: (?<what>.+)$")]
    private static partial Regex ExpectLine();

    /// <summary>
    /// What the first line expects: "holds", or a condition as the report names it; null and why when the line
    /// is missing or says something else.
    /// </summary>
    public static (string? Expect, string Error) ParseExpect(string text)
    {
        string first = text.Split('\n')[0].TrimEnd('\r');
        var m = ExpectLine().Match(first);
        if (!m.Success)
        {
            return (null, $"the first line is not '// expect: holds' or '// expect: CONDITION': {first}");
        }
        string what = m.Groups["what"].Value;
        return what == "holds" || WdrfRunner.Conditions.Contains(what)
            ? (what, "")
            : (null, $"'{what}' is neither 'holds' nor a condition ({string.Join(", ", WdrfRunner.Conditions)})");
    }

    [Theory]
    [InlineData("// expect: holds\nint main(void) { return 0; }\n", "holds")]
    [InlineData("// expect: Transactional-Page-Table\r\n", "Transactional-Page-Table")]
    [InlineData("int main(void) { return 0; }\n", null)]
    [InlineData("", null)]
    [InlineData("// expect holds\n", null)]
    [InlineData("// expect: DRF\n", null)]
    [InlineData("// expect: holds \n", null)]
    [InlineData("\n// expect: holds\n", null)]
    public void TheExpectLineIsParsedStrictly(string text, string? expected)
    {
        var (expect, error) = ParseExpect(text);
        Assert.Equal(expected, expect);
        Assert.Equal(expected is null, error.Length > 0);
    }

    /// <summary>The condition lines of a report: name → status.</summary>
    private static Dictionary<string, string> Statuses(string report)
    {
        var statuses = new Dictionary<string, string>();
        foreach (var line in report.Split('\n'))
        {
            foreach (string c in WdrfRunner.Conditions.Where(c => line.StartsWith(c + " ", StringComparison.Ordinal)))
            {
                string rest = line[c.Length..].TrimStart();
                // The condition lines come first; a counterexample's heading starts with its name too.
                statuses.TryAdd(c, new[] { "holds", "violated", "not applicable", "undecided" }.FirstOrDefault(s => rest.StartsWith(s, StringComparison.Ordinal)) ?? rest);
            }
        }
        return statuses;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void VerdictIsTheExpectedOne(string file)
    {
        var (expect, error) = ParseExpect(File.ReadAllText(Repo.Examples("wdrf", file)));
        Assert.True(expect is not null, $"{file}: {error}");
        var r = Run(file);
        Assert.True(r.Err.Length == 0, r.ToString());
        var statuses = Statuses(r.Out);
        Assert.True(statuses.Count == WdrfRunner.Conditions.Count, $"{file}: the report does not give each condition a line\n{r}");
        if (expect == "holds")
        {
            Assert.True(r.Code == 0, r.ToString());
            Assert.StartsWith("wDRF holds", r.Verdict, StringComparison.Ordinal);
            Assert.All(statuses, s => Assert.True(s.Value is "holds" or "not applicable", $"{file}: {s.Key} {s.Value}\n{r}"));
        }
        else
        {
            Assert.True(r.Code == 2, r.ToString());
            Assert.Equal($"wDRF violated: {expect}", r.Verdict);
            Assert.All(statuses, s => Assert.True(s.Key == expect ? s.Value == "violated" : s.Value is "holds" or "not applicable", $"{file}: {s.Key} {s.Value}\n{r}"));
        }
        // Well under the unit-test budget: a slower example belongs in bench/.
        Assert.DoesNotContain("Incomplete", r.Out, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\d+\.\d\d s\)")]
    private static partial Regex Seconds();

    /// <summary>The report with the confirmation's time (which varies from run to run) made a placeholder.</summary>
    public static string Stable(string report) => Seconds().Replace(report, "#.## s)");

    [Theory]
    [MemberData(nameof(Files))]
    public void ReportMatchesGolden(string file)
    {
        var r = Run(file);
        string golden = Repo.Examples("wdrf", file + ".expected");
        string actual = Stable(r.Out);
        if (Repo.UpdateGolden)
        {
            File.WriteAllText(golden, actual);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}; run with VRM_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Fact]
    public void TheTimeIsTheOnlyPartMadeStable()
    {
        const string line = "Promising-Arm: every Promising-Arm final state is an SC final state (2 final states on Arm, 2 on SC, 12.34 s)\n";
        Assert.Equal(line.Replace("12.34 s)", "#.## s)", StringComparison.Ordinal), Stable(line));
        Assert.Equal("x = 1.50 s\n", Stable("x = 1.50 s\n"));
    }

    /// <summary>EXPECTED.md's rows: file → the verdict cell.</summary>
    private static Dictionary<string, string> Rows()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Repo.Examples("wdrf", "EXPECTED.md")))
        {
            // "| `file.c` | verdict | why | Arm-only outcome |": six cells, the outer two empty.
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length == 6 && cells[1].StartsWith('`'))
            {
                Assert.True(rows.TryAdd(cells[1].Trim('`'), cells[2]), $"{cells[1]} has two rows in EXPECTED.md");
            }
        }
        return rows;
    }

    [Fact]
    public void ExpectedMdHasOneRowPerExampleWithItsExpectLine()
    {
        var rows = Rows();
        Assert.Equal(Examples(), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var file in Examples())
        {
            var (expect, _) = ParseExpect(File.ReadAllText(Repo.Examples("wdrf", file)));
            Assert.True(rows[file] == expect, $"{file}: EXPECTED.md says {rows[file]}, its first line {expect}");
        }
    }

    [Fact]
    public void EachConditionHasTwoViolationsAndFourProgramsHold()
    {
        var expects = Examples().Select(f => ParseExpect(File.ReadAllText(Repo.Examples("wdrf", f))).Expect).ToList();
        Assert.True(expects.Count(e => e == "holds") >= 4);
        Assert.All(WdrfRunner.Conditions, c => Assert.True(expects.Count(e => e == c) >= 2, c));
    }
}
