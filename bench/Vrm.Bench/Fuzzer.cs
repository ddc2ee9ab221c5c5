using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vrm.Bench;

/// <summary>What the fuzzer does: how many mutants of each kind, from which seed, with which vrm and limits.</summary>
public sealed record FuzzOptions(string Vrm, int Seed, int Litmus, int C, double Timeout, double Margin, int Jobs, string? Keep);

/// <summary>
/// <c>vrm-bench fuzz</c>: mutates our own examples (examples/litmus, examples/vmsa, examples/c), runs the vrm
/// executable on each mutant as a process with a small --timeout, and fails on an internal error (exit code
/// 3), a death by signal, a stack trace in the output, or a run that outlives --timeout by more than the
/// margin. The mutants and the options of each run come from the seed; timings do not.
/// </summary>
public static partial class Fuzzer
{
    private sealed record Mutant(int Index, string Kind, string Source, string Text, string[] Options);

    private sealed record Outcome(Mutant Mutant, int Code, double Seconds, string Problem);

    public static int Run(FuzzOptions o)
    {
        var root = Paths.RepoRoot;
        var litmusSources = Sources(Path.Combine(root, "examples", "litmus"), "*.litmus")
            .Concat(Sources(Path.Combine(root, "examples", "vmsa"), "*.litmus")).ToList();
        var cSources = Sources(Path.Combine(root, "examples", "c"), "*.c");
        var litmusWords = Mutator.Vocabulary(litmusSources.Select(s => s.Text));
        var cWords = Mutator.Vocabulary(cSources.Select(s => s.Text));
        var mutants = new List<Mutant>();
        for (int i = 0; i < o.Litmus + o.C; i++)
        {
            var rng = new Random(unchecked((o.Seed * 1_000_003) + i));
            bool c = i >= o.Litmus;
            var sources = c ? cSources : litmusSources;
            var (file, text) = sources[rng.Next(sources.Count)];
            var mutated = new Mutator(rng, c ? cWords : litmusWords).Mutate(text);
            mutants.Add(new Mutant(i, c ? "c" : "litmus", file, mutated, c ? CheckOptions(rng) : LitmusOptions(rng, file)));
        }
        var work = Directory.CreateTempSubdirectory("vrm-fuzz-").FullName;
        var outcomes = new ConcurrentBag<Outcome>();
        var clock = Stopwatch.StartNew();
        try
        {
            Parallel.ForEach(mutants, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Jobs) }, m => outcomes.Add(RunOne(o, work, m)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var failures = outcomes.Where(x => x.Problem.Length > 0).OrderBy(x => x.Mutant.Index).ToList();
        Report(o, outcomes, failures, seconds);
        return failures.Count == 0 ? 0 : 1;
    }

    private static List<(string File, string Text)> Sources(string dir, string pattern) =>
        Directory.Exists(dir)
            ? [.. Directory.GetFiles(dir, pattern).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)))]
            : [];

    private static string[] LitmusOptions(Random rng, string file)
    {
        var options = new List<string> { "litmus", "--model", new[] { "sc", "arm", "promising", "all" }[rng.Next(4)] };
        if (rng.Next(8) == 0)
        {
            options.AddRange(["--max-states", (1 + rng.Next(1000)).ToString(CultureInfo.InvariantCulture)]);
        }
        if (rng.Next(8) == 0)
        {
            options.Add("--json");
        }
        if (rng.Next(10) == 0)
        {
            options.AddRange(["--unroll", rng.Next(5).ToString(CultureInfo.InvariantCulture)]);
        }
        if (file.Contains("vmsa", StringComparison.OrdinalIgnoreCase) || rng.Next(20) == 0)
        {
            options.AddRange(["--variant", "vmsa"]);
        }
        return [.. options];
    }

    private static string[] CheckOptions(Random rng)
    {
        var options = new List<string> { "check", "--model", new[] { "sc", "sc", "arm", "promising" }[rng.Next(4)] };
        if (rng.Next(6) == 0)
        {
            options.Add("--json");
        }
        if (rng.Next(8) == 0)
        {
            options.AddRange(["--max-executions", (1 + rng.Next(100)).ToString(CultureInfo.InvariantCulture)]);
        }
        return [.. options];
    }

    private static Outcome RunOne(FuzzOptions o, string work, Mutant m)
    {
        var path = Path.Combine(work, $"m{m.Index}{(m.Kind == "c" ? ".c" : ".litmus")}");
        File.WriteAllText(path, m.Text);
        var start = new ProcessStartInfo(o.Vrm) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // One worker per run: the fuzzer runs several at once.
        string[] jobs = m.Kind == "c" ? [] : ["--jobs", "1"];
        foreach (var a in (string[])[.. m.Options, "--timeout", o.Timeout.ToString(CultureInfo.InvariantCulture), .. jobs, path])
        {
            start.ArgumentList.Add(a);
        }
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A hang is an overrun too: give up well after the margin, and say so.
        bool ended = p.WaitForExit(TimeSpan.FromSeconds(Allowed(o, m) + 30));
        if (!ended)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        double seconds = clock.Elapsed.TotalSeconds;
        string output = stdout.Result + stderr.Result;
        File.Delete(path);
        string problem = !ended ? "hangs"
            : p.ExitCode == 3 ? "internal error (exit code 3)"
            : p.ExitCode >= 128 ? $"killed by signal {p.ExitCode - 128}"
            : p.ExitCode is not (0 or 1 or 2 or 4) ? $"exit code {p.ExitCode}"
            : StackTrace().IsMatch(output) ? "a stack trace in the output"
            : seconds > Allowed(o, m) ? $"ran {seconds:0.00} s with --timeout {o.Timeout}"
            : "";
        if (problem.Length > 0 && o.Keep is not null)
        {
            Directory.CreateDirectory(o.Keep);
            File.WriteAllText(Path.Combine(o.Keep, Path.GetFileName(path)), m.Text);
            File.WriteAllText(Path.Combine(o.Keep, Path.GetFileName(path) + ".out"), $"vrm {string.Join(' ', start.ArgumentList)}\n{problem}\n{output}");
        }
        return new Outcome(m, ended ? p.ExitCode : -1, seconds, problem);
    }

    /// <summary>--timeout is per test and model: --model all runs three models one after the other.</summary>
    private static double Allowed(FuzzOptions o, Mutant m) => (m.Options.Contains("all") ? 3 : 1) * o.Timeout + o.Margin;

    private static void Report(FuzzOptions o, IReadOnlyCollection<Outcome> outcomes, List<Outcome> failures, double seconds)
    {
        Console.WriteLine($"fuzz: seed {o.Seed}, {o.Litmus} litmus and {o.C} C mutants of examples/litmus, examples/vmsa and examples/c, --timeout {o.Timeout} s, margin {o.Margin} s, {o.Jobs} jobs: {seconds:0.0} s");
        foreach (var kind in new[] { "litmus", "c" })
        {
            var mine = outcomes.Where(x => x.Mutant.Kind == kind).ToList();
            if (mine.Count == 0)
            {
                continue;
            }
            var codes = mine.GroupBy(x => x.Code).OrderBy(g => g.Key).Select(g => $"exit {g.Key}: {g.Count()}");
            Console.WriteLine($"  {kind}: {mine.Count} runs, {string.Join(", ", codes)}; slowest {mine.Max(x => x.Seconds):0.00} s");
        }
        foreach (var f in failures)
        {
            Console.WriteLine($"FAIL mutant {f.Mutant.Index} of {f.Mutant.Source} (vrm {string.Join(' ', f.Mutant.Options)}): {f.Problem}");
        }
        Console.WriteLine(failures.Count == 0 ? "fuzz: no crash, no overrun" : $"fuzz: {failures.Count} failures" + (o.Keep is null ? " (--keep DIR saves the mutants)" : $" (mutants in {o.Keep})"));
    }

    /// <summary>A .NET stack trace ("   at Namespace.Type.Method(...)") or an unhandled exception report.</summary>
    [GeneratedRegex(@"(^\s+at [\w.`<>+]+\.[\w<>`]+\(|Unhandled exception)", RegexOptions.Multiline)]
    private static partial Regex StackTrace();
}
