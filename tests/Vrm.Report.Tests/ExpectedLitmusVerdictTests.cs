using System.Text.RegularExpressions;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// examples/litmus/EXPECTED.md gives herd7's verdicts worked out by hand; the verdict tables beside it are
/// written by vrm (<see cref="GoldenLitmusTests"/>). The two must say the same, so a change in either is seen.
/// </summary>
public partial class ExpectedLitmusVerdictTests
{
    private static string Expected => Repo.Examples("litmus", "EXPECTED.md");

    /// <summary>A row of the hand-written table: the verdict on the condition's body, herd's Observation word and its Ok/No.</summary>
    private sealed record Row(string Verdict, string Observation, string Herd);

    private static Dictionary<string, Row> Rows()
    {
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Expected))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            // "| Test | Condition | Verdict | Observation | herd7 | Why |": eight cells, the outer two empty.
            if (cells.Length == 8 && cells[1] != "Test" && !cells[1].StartsWith("---", StringComparison.Ordinal))
            {
                Assert.True(rows.TryAdd(cells[1], new Row(cells[3].Trim('*'), cells[4], cells[5])), $"{cells[1]} has two rows in {Expected}");
            }
        }
        return rows;
    }

    /// <summary>A tool-written table: per test, its Ok/No and Observation word.</summary>
    private static Dictionary<string, (string Herd, string Observation)> Table(string model) =>
        File.ReadLines(Repo.Examples("litmus", $"verdicts.{model}.txt"))
            .Select(l => l.Split(' '))
            .ToDictionary(c => c[0], c => (c[1], c[2]), StringComparer.Ordinal);

    [Fact]
    public void EveryTestHasOneRow()
    {
        var tests = Directory.GetFiles(Repo.Examples("litmus"), "*.litmus").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(tests, Rows().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheArmTableSaysWhatTheRowsSay()
    {
        var table = Table("arm");
        var wrong = Rows()
            .Where(r => !table.TryGetValue(r.Key, out var t) || t != (r.Value.Herd, r.Value.Observation))
            .Select(r => $"{r.Key}: EXPECTED.md says {r.Value.Herd} {r.Value.Observation}, verdicts.arm.txt {(table.TryGetValue(r.Key, out var t) ? $"{t.Herd} {t.Observation}" : "nothing")}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>The verdict, the Observation word and herd's Ok/No of a row must fit together.</summary>
    [Fact]
    public void EachRowIsConsistent()
    {
        foreach (var (name, row) in Rows())
        {
            string[] fitting = row.Verdict switch
            {
                "Allowed" => ["Sometimes", "Always"],
                "Forbidden" => ["Never"],
                "Required (holds)" => ["Always"],
                _ => throw new Xunit.Sdk.XunitException($"{name}: unknown verdict '{row.Verdict}'"),
            };
            Assert.True(fitting.Contains(row.Observation), $"{name}: {row.Verdict} but Observation {row.Observation}");
        }
    }

    [Fact]
    public void TheTotalsCountTheRows()
    {
        var m = Totals().Match(File.ReadAllText(Expected));
        Assert.True(m.Success, "EXPECTED.md has no 'Totals:' line");
        var counts = Rows().Values.GroupBy(r => r.Verdict).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Rows().Count, int.Parse(m.Groups["all"].Value));
        Assert.Equal(counts.GetValueOrDefault("Allowed"), int.Parse(m.Groups["allowed"].Value));
        Assert.Equal(counts.GetValueOrDefault("Forbidden"), int.Parse(m.Groups["forbidden"].Value));
        Assert.Equal(counts.GetValueOrDefault("Required (holds)"), int.Parse(m.Groups["required"].Value));
    }

    /// <summary>SC is stronger than Arm: what the rows say Arm forbids, vrm's SC table never reaches.</summary>
    [Fact]
    public void WhatArmForbidsScNeverReaches()
    {
        var sc = Table("sc");
        var wrong = Rows().Where(r => r.Value.Verdict == "Forbidden" && sc[r.Key].Observation != "Never").Select(r => r.Key).ToList();
        Assert.Empty(wrong);
    }

    [GeneratedRegex(@"Totals: (?<all>\d+) tests; (?<allowed>\d+) Allowed, (?<forbidden>\d+) Forbidden, (?<required>\d+) Required \(holds\)")]
    private static partial Regex Totals();
}
