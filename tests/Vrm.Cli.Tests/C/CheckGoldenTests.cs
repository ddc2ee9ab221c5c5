using System.Collections.Concurrent;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// The C programs of examples/c: the SC report of each in FILE.c.expected beside it, and one verdict table
/// per model (verdicts.sc.txt, verdicts.arm.txt, verdicts.promising.txt) to hold against EXPECTED.md.
/// Set VRM_UPDATE_GOLDEN=1 to rewrite them.
/// </summary>
public class CheckGoldenTests
{
    /// <summary>
    /// Each relaxed run may take this long. A table row is a deterministic answer, so a run cut by the clock
    /// fails its test rather than proving anything: the limit is generous for a loaded 2-core machine, and a
    /// program that needs more is a <c>bench-only</c> row, timed in bench/ instead.
    /// </summary>
    private static readonly string Timeout = "120";

    /// <summary>A table row whose run takes longer than a unit test may (it is timed in bench/ instead).</summary>
    private const string BenchOnly = "bench-only";

    private static bool IsBenchOnly(string model, string file) =>
        File.Exists(Repo.Examples("c", $"verdicts.{model}.txt"))
        && File.ReadAllLines(Repo.Examples("c", $"verdicts.{model}.txt")).Contains($"{file} {BenchOnly}");

    private static IEnumerable<string> Examples() =>
        Directory.GetFiles(Repo.Examples("c"), "*.c").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> Files() => [.. Examples()];

    [Theory]
    [MemberData(nameof(Files))]
    public void ScReportMatchesGolden(string file)
    {
        var path = Repo.Examples("c", file);
        var r = CheckRun.Run(path);
        Assert.True(r.Err.Length == 0, r.ToString());
        Assert.Equal(CheckRun.IsViolation(r.Verdict) ? 2 : 0, r.Code);
        var golden = path + ".expected";
        if (Repo.UpdateGolden)
        {
            File.WriteAllText(golden, r.Out);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}; run with VRM_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(golden), r.Out);
    }

    [Theory]
    [InlineData("sc")]
    [InlineData("arm")]
    [InlineData("promising")]
    public void VerdictTableMatches(string model)
    {
        var table = Repo.Examples("c", $"verdicts.{model}.txt");
        var recorded = File.Exists(table)
            ? File.ReadAllLines(table).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p[1])
            : [];
        var lines = new List<string>();
        var wrong = new List<string>();
        foreach (var file in Examples())
        {
            if (recorded.GetValueOrDefault(file) == BenchOnly)
            {
                lines.Add($"{file} {BenchOnly}");
                continue;
            }
            var r = Relaxed.Value[(model, file)];
            // A model that does not handle a program (Promising and page tables) refuses it as unsupported input.
            bool refused = r.Code == 1 && r.Out.Length == 0 && r.Err.Contains("error: unsupported:", StringComparison.Ordinal);
            string verdict = refused ? "unsupported" : r.Verdict;
            Assert.True(r.Code != 3 && (r.Code != 1 || refused), $"{file}: {r}");
            if (!refused)
            {
                Assert.Equal(CheckRun.IsViolation(r.Verdict) ? 2 : r.Verdict.StartsWith("incomplete", StringComparison.Ordinal) ? 4 : 0, r.Code);
            }
            lines.Add($"{file} {verdict}");
            // A table row is a deterministic answer: a run cut by the clock proves nothing, so it fails the test
            // (the timeout is generous; a row that needs more belongs in bench/). Rows the engine cannot finish
            // for a reason of its own (too many paths) are recorded as incomplete, and that exits 4, not 0.
            Assert.False(r.Out.Contains("Incomplete: timeout", StringComparison.Ordinal), $"{model} {file} ran out of time: {r}");
            if (recorded.GetValueOrDefault(file) != verdict)
            {
                wrong.Add($"{file}: table says {recorded.GetValueOrDefault(file) ?? "nothing"}, vrm now says {verdict}");
            }
        }
        if (Repo.UpdateGolden)
        {
            File.WriteAllText(table, string.Join("\n", lines) + "\n");
            return;
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>
    /// Every (model, program) run once for the whole class, in parallel and longest first: the relaxed models
    /// take seconds on the lock-based programs and the table tests would otherwise wait for each other. Rewriting
    /// the tables runs them one at a time, so no run is cut for sharing the machine.
    /// </summary>
    private static readonly Lazy<Dictionary<(string Model, string File), CheckRun.Result>> Relaxed = new(() =>
    {
        var slowFirst = new[] { "tas-lock.c", "treiber-stack.c", "peterson-relaxed.c", "ms-queue.c", "ticket-lock.c" };
        var jobs = (from m in new[] { "arm", "promising", "sc" } from f in Examples() where !IsBenchOnly(m, f) select (Model: m, File: f))
            .OrderBy(j => Array.IndexOf(slowFirst, j.File) is int i and >= 0 ? i : slowFirst.Length)
            .ThenBy(j => j.Model == "sc")
            .ToList();
        var results = new ConcurrentDictionary<(string, string), CheckRun.Result>();
        Parallel.ForEach(Partitioner.Create(jobs, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = Repo.UpdateGolden ? 1 : Math.Max(2, Environment.ProcessorCount) }, j =>
            results[j] = j.Model == "sc"
                ? CheckRun.Run(Repo.Examples("c", j.File))
                : CheckRun.Run(Repo.Examples("c", j.File), "--model", j.Model, "--timeout", Timeout));
        return new Dictionary<(string, string), CheckRun.Result>(results);
    });
}
