using System.Diagnostics;
using System.Globalization;
using Vrm.Checks;
using Vrm.Checks.Progress;
using Vrm.Cli.Frontend;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;
using Vrm.Syntax;
using IrProgram = Vrm.Programs.Program;

namespace Vrm.Bench;

/// <summary>
/// <c>vrm-bench c [FOLDER]</c>: each C program compiled once, then timed in this process under SC (source-DPOR,
/// as <c>vrm check</c> runs it) and under the Arm and Promising models on the threads main starts (as
/// <c>vrm check --model arm|promising</c>). <c>vrm-bench traces [FOLDER]</c>: DPOR's complete executions
/// against a brute-force count of Mazurkiewicz traces.
/// </summary>
public static class CBench
{
    /// <summary>The CLI's defaults for <c>vrm check</c>: --unroll 3, --max-executions 10M.</summary>
    public const int Unroll = 3;

    public const long MaxExecutions = 10_000_000;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string DefaultFolder => Path.Combine(Paths.RepoRoot, "examples", "c");

    public static IReadOnlyList<string> Files(string folder) =>
        [.. Directory.GetFiles(folder, "*.c").Order(StringComparer.Ordinal)];

    private static IrProgram? Load(string file, out string seconds)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var loaded = CFrontend.Load(file, []);
            seconds = S(clock.Elapsed.TotalSeconds);
            return loaded.Program;
        }
        catch (DiagnosticException e)
        {
            seconds = "-";
            Console.Error.WriteLine(e.Diagnostic.ToString());
            return null;
        }
    }

    public static int RunTimes(string folder, double timeout, int runs)
    {
        var files = Files(folder);
        Console.WriteLine($"# vrm-bench c {folder}: {files.Count} programs, --unroll {Unroll}, timeout {timeout:0.#} s per model run, " +
            $"SC median of {runs} after a warm-up, Arm/Promising median of {runs} when a run takes under 2 s (else one run)");
        Console.WriteLine();
        Console.WriteLine("| program | threads | clang+lower s | SC complete | SC blocked | SC sleep-blocked | SC events | SC s | SC verdict | Arm verdict | Arm final states | Arm candidates | Arm s | Promising verdict | Promising final states | Promising memories | Promising s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---|---:|---:|---:|");
        foreach (var file in files)
        {
            var program = Load(file, out string compile);
            string name = Path.GetFileName(file);
            if (program is null)
            {
                Console.WriteLine($"| {name} | | | | | | | | does not compile | | | | | | | | |");
                continue;
            }
            var sc = TimeSc(program, timeout, runs);
            string threads = "-";
            string arm, promising;
            try
            {
                var st = StaticThreads.From(program);
                threads = st.Program.Threads.Count.ToString(Inv);
                arm = TimeRelaxed(program, st, "arm", timeout, runs);
                promising = TimeRelaxed(program, st, "promising", timeout, runs);
            }
            catch (DiagnosticException e)
            {
                arm = $"unsupported: {e.Diagnostic.Message} | | | ";
                promising = "unsupported | | | ";
            }
            Console.WriteLine($"| {name} | {threads} | {compile} | {sc} | {arm} | {promising} |");
        }
        return 0;
    }

    private static string TimeSc(IrProgram program, double timeout, int runs)
    {
        var options = new DporOptions { Unroll = Unroll, MaxExecutions = MaxExecutions, Checks = StandardChecks.For() };
        CheckResult Run() => SourceDpor.Explore(program, options, new Budget(CancellationToken.None, TimeSpan.FromSeconds(timeout)));
        var first = Run();
        var times = new List<double>();
        var r = first;
        for (int i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            r = Run();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        string verdict = r.Violation is { } v ? Kind(v.Kind) : r.Completion == Completion.Complete ? "ok" : "incomplete: " + r.IncompleteReason;
        if (r.BoundHits > 0)
        {
            verdict += $" ({r.BoundHits} cut at --unroll {Unroll})";
        }
        return $"{r.Complete} | {r.Blocked} | {r.SleepBlocked} | {r.Events} | {S(Median(times))} | {verdict}";
    }

    private static string Kind(ViolationKind k) => k switch
    {
        ViolationKind.AssertionFailed => "assertion fails",
        ViolationKind.DataRace => "data race",
        ViolationKind.CannotFinish => "deadlock / cannot finish",
        ViolationKind.Misuse => "library misuse",
        ViolationKind.InvalidFree => "invalid free",
        _ => "invalid access",
    };

    private static string TimeRelaxed(Vrm.Programs.Program c, StaticThreads st, string model, double timeout, int runs)
    {
        // As vrm check --model runs it (RelaxedCheck): with the standard checks, looking for executions that never finish.
        var options = new ExploreOptions { Checks = StandardChecks.For(), FindBlocked = true, Unroll = Unroll, Timeout = TimeSpan.FromSeconds(timeout), MaxStates = MaxExecutions, MaxCandidates = MaxExecutions };
        var m = MemoryModels.Get(model);
        var times = new List<double>();
        ModelResult r;
        do
        {
            var clock = Stopwatch.StartNew();
            r = m.Run(st.Program, options, CancellationToken.None);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        while (times.Count < runs && times[0] < 2 && r.Completion == Completion.Complete);
        string verdict = Verdict(c, st, r);
        string seconds = r.Completion == Completion.Complete ? S(Median(times)) : $"{S(times[0])} ({r.IncompleteReason})";
        if (r.Cut)
        {
            verdict += " (cut)";
        }
        return $"{verdict} | {(r.Completion == Completion.Complete ? "" : "≥")}{r.States.Count} | {r.Candidates} | {seconds}";
    }

    /// <summary>The verdict <c>vrm check --model</c> prints (RelaxedCheck), from the same outcome checks.</summary>
    public static string Verdict(Vrm.Programs.Program c, StaticThreads st, ModelResult r)
    {
        var findings = StandardChecks.Outcomes(StandardChecks.For(), c, st, r);
        return StandardChecks.Verdict(findings) ?? (r.Completion == Completion.Complete && findings.Count == 0 && r.States.Count > 0 ? "ok" : "incomplete");
    }

    public static int RunTraces(string folder, long maxInterleavings, double timeout)
    {
        var files = Files(folder);
        Console.WriteLine($"# vrm-bench traces {folder}: SC, --unroll {Unroll}, races not checked (DPOR would stop at the first race); " +
            $"brute force capped at {maxInterleavings:N0} interleavings or {timeout:0} s");
        Console.WriteLine();
        Console.WriteLine("| program | DPOR complete | DPOR blocked | DPOR sleep-blocked | DPOR s | interleavings | complete interleavings | traces (brute force) | traces (memo) | blocked traces | brute force s | DPOR vs traces |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var file in files)
        {
            var program = Load(file, out _);
            string name = Path.GetFileName(file);
            if (program is null)
            {
                Console.WriteLine($"| {name} | does not compile | | | | | | | | | | |");
                continue;
            }
            if (program.Vmsa is not null)
            {
                // The brute-force interpreter is an independent oracle for plain memory; it has no translation.
                Console.WriteLine($"| {name} | page tables: not counted | | | | | | | | | | |");
                continue;
            }
            var clock = Stopwatch.StartNew();
            var d = SourceDpor.Explore(program, new DporOptions { Unroll = Unroll, MaxExecutions = MaxExecutions, Checks = StandardChecks.For(races: false) },
                new Budget(CancellationToken.None, TimeSpan.FromSeconds(timeout)));
            double dporSeconds = clock.Elapsed.TotalSeconds;
            var plain = TraceCounter.Count(program, Unroll, maxInterleavings, timeout, memo: false);
            var memo = TraceCounter.Count(program, Unroll, maxInterleavings, timeout, memo: true);
            long? traces = plain.Finished ? plain.CompleteTraces : memo.Finished ? memo.CompleteTraces : null;
            string compare = d.Completion != Completion.Complete || d.Violation is not null ? "DPOR incomplete"
                : traces is null ? "not computable"
                : d.Complete == traces ? "equal (optimal)"
                : d.Complete > traces ? $"DPOR explores {d.Complete - traces} more (not optimal)"
                : $"DPOR misses {traces - d.Complete} (bug)";
            if (plain.Finished && memo.Finished && plain.CompleteTraces != memo.CompleteTraces)
            {
                compare += $"; brute force {plain.CompleteTraces} ≠ memo {memo.CompleteTraces}";
            }
            if (plain.FailedInterleavings + memo.FailedInterleavings > 0)
            {
                compare += $"; brute force saw failures ({plain.FirstFailure ?? memo.FirstFailure})";
            }
            string plainTraces = plain.Finished ? plain.CompleteTraces.ToString(Inv) : $"too many ({plain.StopReason})";
            string interleavings = plain.Finished ? plain.Interleavings.ToString(Inv) : $">{plain.Interleavings - 1}";
            string completeRuns = plain.Finished ? plain.CompleteInterleavings.ToString(Inv) : "-";
            string memoTraces = memo.Finished ? memo.CompleteTraces.ToString(Inv) : $"incomplete ({memo.StopReason})";
            string blockedTraces = (plain.Finished ? plain : memo).BlockedTraces.ToString(Inv);
            string bfSeconds = plain.Finished ? S(plain.Seconds) : $"{S(plain.Seconds)} (memo {S(memo.Seconds)})";
            Console.WriteLine($"| {name} | {d.Complete} | {d.Blocked} | {d.SleepBlocked} | {S(dporSeconds)} | {interleavings} | {completeRuns} | {plainTraces} | {memoTraces} | {blockedTraces} | {bfSeconds} | {compare} |");
        }
        return 0;
    }

    private static double Median(List<double> xs)
    {
        var sorted = xs.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string S(double seconds) => seconds.ToString(seconds < 0.1 ? "0.0000" : "0.000", Inv);
}
