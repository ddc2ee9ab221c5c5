using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// examples/c/EXPECTED.md gives each program's verdict per model, worked out by hand; the verdict tables
/// beside it are written by vrm (<see cref="CheckGoldenTests"/>). The two must say the same. A table may say
/// <c>incomplete</c> only where the hand-written cell says the engine does not finish: that is no verdict, and
/// the document must own up to it.
/// </summary>
public class ExpectedCheckVerdictTests
{
    private static string Expected => Repo.Examples("c", "EXPECTED.md");

    private static readonly string[] Models = ["sc", "arm", "promising"];

    /// <summary>The rows of the hand-written table: program → its SC, Arm and Promising cells.</summary>
    private static Dictionary<string, string[]> Rows()
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Expected))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            // "| program | threads | loops | SC | Arm | Promising | why |": nine cells, the outer two empty.
            if (cells.Length == 9 && cells[1].StartsWith('`'))
            {
                Assert.True(rows.TryAdd(cells[1].Trim('`'), cells[4..7]), $"{cells[1]} has two rows in {Expected}");
            }
        }
        return rows;
    }

    /// <summary>A cell's verdict: its text before any remark in parentheses.</summary>
    private static string Verdict(string cell) => cell.Split(" (")[0].Trim();

    private static Dictionary<string, string> Table(string model) =>
        File.ReadLines(Repo.Examples("c", $"verdicts.{model}.txt"))
            .Where(l => l.Length > 0)
            .ToDictionary(l => l[..l.IndexOf(' ')], l => l[(l.IndexOf(' ') + 1)..], StringComparer.Ordinal);

    [Fact]
    public void EveryProgramHasOneRow()
    {
        var programs = Directory.GetFiles(Repo.Examples("c"), "*.c").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(programs, Rows().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheTablesSayWhatTheRowsSay()
    {
        var wrong = new List<string>();
        for (int m = 0; m < Models.Length; m++)
        {
            var table = Table(Models[m]);
            foreach (var (program, cells) in Rows())
            {
                string cell = cells[m], expected = Verdict(cell);
                string actual = table.GetValueOrDefault(program) ?? "nothing";
                // "bench-only": too slow for the unit tests' table, timed in bench/ instead.
                bool owned = actual is "incomplete" or "incomplete: loop bound" or "bench-only" && cell.Contains("does not finish", StringComparison.Ordinal);
                if (actual != expected && !owned)
                {
                    wrong.Add($"{program} ({Models[m]}): EXPECTED.md says {cell}, verdicts.{Models[m]}.txt {actual}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
