using System.Diagnostics;
using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Report;
using Vrm.Syntax.Litmus;

namespace Vrm.Bench;

/// <summary>How one test went: its folder relative to DIR, the time spent in RunFile, its status, and whether herd7 has a reference output for its folder.</summary>
public sealed record TimedTest(string File, string Folder, double Seconds, string Status, long Candidates, bool HerdReferenced);

/// <summary>Runs every litmus file below a folder in this process, timing each test inside its worker.</summary>
public static class CorpusBench
{
    /// <summary>herd7's average per test on the 2-core CI machine, from the corpus README (single-threaded).</summary>
    public const double HerdSecondsPerTest = 0.2;

    /// <summary>
    /// Times every test below <paramref name="dir"/>. With <paramref name="warmup"/>, the whole list runs once untimed
    /// first, so that the timed pass measures jitted, tiered-up code rather than the first test's start-up costs.
    /// Folders whose path relative to <paramref name="dir"/> starts with one of <paramref name="skip"/> are left out,
    /// as <c>vrm conformance --skip</c> does.
    /// </summary>
    public static CorpusReport Run(string dir, IReadOnlyList<string> skip, string model, int jobs, double timeout, bool warmup, CancellationToken cancel)
    {
        dir = Path.GetFullPath(dir);
        var files = TestRunner.Expand([dir]).Files
            .Where(f => !skip.Any(s => Rel(dir, Path.GetDirectoryName(f)!).StartsWith(s, StringComparison.Ordinal)))
            .ToList();
        // Variants are decided on the path relative to the corpus root, as vrm conformance does; when DIR is a
        // folder inside the default corpus, the root is still the corpus, so that vmsa/... keeps its variant.
        var root = IsUnder(dir, Paths.DefaultCorpus) ? Paths.DefaultCorpus : dir;
        var models = TestRunner.ModelNames(model);
        var options = new ExploreOptions { Timeout = TimeSpan.FromSeconds(timeout) };
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancel };
        if (warmup)
        {
            Parallel.For(0, files.Count, parallel, i => TestRunner.RunFile(files[i], models, options, cancel, Variants.OfFolder(root, Path.GetDirectoryName(files[i])!)));
        }
        var referenced = files.Select(f => HerdReferenced(root, f)).ToArray();
        var timed = new TimedTest[files.Count];
        int done = 0;
        var load = LoadAverage();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        int gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        var wall = Stopwatch.StartNew();
        Parallel.For(0, files.Count, parallel, i =>
        {
            var file = files[i];
            var variants = Variants.OfFolder(root, Path.GetDirectoryName(file)!);
            var clock = Stopwatch.StartNew();
            var outcome = TestRunner.RunFile(file, models, options, cancel, variants);
            double seconds = clock.Elapsed.TotalSeconds;
            timed[i] = new TimedTest(file, Rel(dir, Path.GetDirectoryName(file)!), seconds, Status(outcome), outcome.Results.Sum(r => r.Candidates), referenced[i]);
            int n = Interlocked.Increment(ref done);
            if (n % 500 == 0)
            {
                Console.Error.WriteLine($"  ... {n}/{files.Count} tests, {wall.Elapsed.TotalSeconds:0.0} s");
            }
        });
        wall.Stop();
        process.Refresh();
        return new CorpusReport
        {
            Dir = dir,
            Model = model,
            Jobs = jobs,
            Skip = skip,
            Warmup = warmup,
            Timeout = timeout,
            Tests = timed,
            WallSeconds = wall.Elapsed.TotalSeconds,
            CpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds,
            PeakWorkingSetMb = process.PeakWorkingSet64 / (1024.0 * 1024.0),
            Collections = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore,
            LoadBefore = load,
            LoadAfter = LoadAverage(),
        };
    }

    /// <summary>The 1-minute load average (Linux), to tell whether other processes shared the CPUs during the run.</summary>
    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether a herd7.out in the test's folder or a folder above it (up to the corpus root) covers it.</summary>
    private static bool HerdReferenced(string root, string file)
    {
        for (var d = Path.GetDirectoryName(file); d is not null && IsUnder(d, root); d = Path.GetDirectoryName(d))
        {
            if (File.Exists(Path.Combine(d, "herd7.out")))
            {
                return true;
            }
        }
        return false;
    }

    private static string Status(TestOutcome outcome)
    {
        if (outcome.Unsupported)
        {
            return "unsupported";
        }
        if (outcome.Error is not null)
        {
            return "error";
        }
        var incomplete = outcome.Results.FirstOrDefault(r => r.Completion != Completion.Complete);
        return incomplete is null ? "ok" : $"incomplete ({incomplete.IncompleteReason})";
    }

    private static bool IsUnder(string path, string root)
    {
        var rel = Path.GetRelativePath(root, path);
        return rel == "." || (!rel.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(rel));
    }

    private static string Rel(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}

/// <summary>The figures of one corpus run, and their printing.</summary>
public sealed class CorpusReport
{
    public required string Dir { get; init; }

    public required string Model { get; init; }

    public required int Jobs { get; init; }

    public bool Warmup { get; init; }

    public IReadOnlyList<string> Skip { get; init; } = [];

    public required double Timeout { get; init; }

    public required IReadOnlyList<TimedTest> Tests { get; init; }

    public required double WallSeconds { get; init; }

    public required double CpuSeconds { get; init; }

    public required double PeakWorkingSetMb { get; init; }

    public required int Collections { get; init; }

    public string? LoadBefore { get; init; }

    public string? LoadAfter { get; init; }

    /// <summary>Tests that were read, lowered and explored (complete or not): neither unsupported nor a reading error.</summary>
    public IEnumerable<TimedTest> Supported => Tests.Where(t => t.Status is not ("unsupported" or "error"));

    public void Print(TextWriter o)
    {
        int supported = Supported.Count();
        int unsupported = Tests.Count(t => t.Status == "unsupported");
        int errors = Tests.Count(t => t.Status == "error");
        int incomplete = Tests.Count(t => t.Status.StartsWith("incomplete", StringComparison.Ordinal));
        double sum = Tests.Sum(t => t.Seconds);
        o.WriteLine($"corpus: {Dir}{(Skip.Count > 0 ? $" (skipping {string.Join(", ", Skip)})" : "")}");
        o.WriteLine($"model {Model}, jobs {Jobs}, timeout {Timeout} s per test, {(Warmup ? "after an untimed warm-up pass" : "cold (the first tests include JIT compilation)")}, {Environment.ProcessorCount} processors, .NET {Environment.Version}");
        o.WriteLine($"tests: {Tests.Count} total, {supported} supported (explored; {incomplete} of them incomplete), {unsupported} unsupported, {errors} errors");
        o.WriteLine($"wall-clock: {WallSeconds:0.00} s");
        o.WriteLine($"tests/second: {supported / WallSeconds:0.0} (supported tests / wall-clock seconds)");
        o.WriteLine($"sum of per-test times: {sum:0.00} s (of which supported tests {Supported.Sum(t => t.Seconds):0.00} s; mean {(supported == 0 ? 0 : Supported.Average(t => t.Seconds)) * 1000:0.0} ms, median {Median(Supported.Select(t => t.Seconds)) * 1000:0.0} ms per supported test)");
        o.WriteLine($"process CPU time: {CpuSeconds:0.00} s ({CpuSeconds / (WallSeconds * Math.Min(Jobs, Environment.ProcessorCount)):0%} of {Math.Min(Jobs, Environment.ProcessorCount)} core(s) over the wall-clock time); peak working set {PeakWorkingSetMb:0} MB; {Collections} GCs");
        if (LoadBefore is not null)
        {
            o.WriteLine($"load average (1 min) before {LoadBefore}, after {LoadAfter}: well above 0 means other processes shared the CPUs and the times are inflated");
        }
        o.WriteLine();
        o.WriteLine("| folder | tests | supported | seconds (sum) | max s |");
        o.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var g in Tests.GroupBy(t => t.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"| {g.Key} | {g.Count()} | {g.Count(t => t.Status is not ("unsupported" or "error"))} | {g.Sum(t => t.Seconds):0.00} | {g.Max(t => t.Seconds):0.000} |");
        }
        o.WriteLine();
        o.WriteLine("slowest ten:");
        foreach (var t in Tests.OrderByDescending(t => t.Seconds).Take(10))
        {
            o.WriteLine($"  {t.Seconds,8:0.000} s  {Path.GetRelativePath(Dir, t.File).Replace('\\', '/')}  [{t.Status}, {t.Candidates} candidates]");
        }
        o.WriteLine();
        var atom = Tests.Where(t => Path.GetDirectoryName(t.File)!.Replace('\\', '/').EndsWith("dat3m/ATOM", StringComparison.Ordinal)).ToList();
        if (atom.Count > 0)
        {
            var ran = atom.Where(t => t.Status is not ("unsupported" or "error")).ToList();
            o.WriteLine($"dat3m/ATOM (exclusives): {atom.Count} tests, {ran.Count} supported, {atom.Count(t => t.Status != "ok")} not ok; max {atom.Max(t => t.Seconds):0.000} s, mean {atom.Average(t => t.Seconds):0.000} s, sum {atom.Sum(t => t.Seconds):0.00} s (herd7: 8-20 s per test)");
            foreach (var t in atom.OrderByDescending(t => t.Seconds))
            {
                o.WriteLine($"  {t.Seconds,8:0.000} s  {Path.GetFileName(t.File)}  [{t.Status}]");
            }
            o.WriteLine();
        }
        foreach (var t in Tests.Where(t => t.Status == "error").Take(5))
        {
            o.WriteLine($"error: {t.File}");
        }
        // The 0.2 s average holds for the folders with herd7 outputs; kernel-bench has none (herd7 times out on most of it).
        var compared = Supported.Where(t => t.HerdReferenced).ToList();
        if (compared.Count == supported && supported > 0)
        {
            double herd = supported * CorpusBench.HerdSecondsPerTest;
            o.WriteLine($"herd7 estimate ({CorpusBench.HerdSecondsPerTest} s per test, single-threaded): {herd:0} s for {supported} tests; vrm wall-clock {WallSeconds:0.0} s, speed-up x{herd / WallSeconds:0.0} (x{herd / Math.Max(1e-9, compared.Sum(t => t.Seconds)):0.0} against the per-test sum)");
        }
        else if (compared.Count > 0)
        {
            double herd = compared.Count * CorpusBench.HerdSecondsPerTest;
            o.WriteLine($"herd7 estimate ({CorpusBench.HerdSecondsPerTest} s per test, single-threaded) for the {compared.Count} supported tests in folders with herd7 outputs: {herd:0} s; vrm spent {compared.Sum(t => t.Seconds):0.0} s on them (per-test sum), x{herd / Math.Max(1e-9, compared.Sum(t => t.Seconds)):0.0}; the other {supported - compared.Count} supported tests have no herd7 figure");
        }
        else
        {
            o.WriteLine("herd7 estimate: none of these tests is in a folder with herd7 outputs, so the 0.2 s per test average does not apply");
        }
    }

    public void WriteCsv(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        using var w = new StreamWriter(path);
        w.WriteLine("file,folder,seconds,status,candidates");
        foreach (var t in Tests)
        {
            w.WriteLine($"{Csv(Path.GetRelativePath(Dir, t.File).Replace('\\', '/'))},{Csv(t.Folder)},{t.Seconds:0.000000},{Csv(t.Status)},{t.Candidates}");
        }
    }

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count == 0 ? 0 : v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
