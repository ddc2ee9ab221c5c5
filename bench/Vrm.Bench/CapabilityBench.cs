using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Vrm.Checks;
using Vrm.Checks.Progress;
using Vrm.Checks.Races;
using Vrm.Checks.Security;
using Vrm.Checks.Wdrf;
using Vrm.Cli.Commands;
using Vrm.Cli.Frontend;
using Vrm.Cli.Output;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Syntax;
using IrProgram = Vrm.Programs.Program;

namespace Vrm.Bench;

/// <summary>
/// The searches behind <c>vrm wdrf</c> and behind <c>vrm check</c>'s execution checks (noninterference,
/// refinement, invariants), timed in this process, each program compiled once:
/// <list type="bullet">
/// <item><c>vrm-bench wdrf FILE|FOLDER...</c>: the wDRF search exactly as <c>vrm wdrf --no-confirm</c> runs it
/// (<see cref="WdrfRunner"/> as the observer of source-DPOR, races checked), against direct relaxed exploration of
/// the same program on Promising-Arm as <c>vrm check --model promising</c> runs it, with the memories its
/// promise-first search explored (<see cref="ModelResult.Candidates"/>), or why Promising cannot run it.</item>
/// <item><c>vrm-bench checks FILE|FOLDER...</c>: <c>vrm check</c>'s search with the checks its annotations ask for
/// (<see cref="ExecutionCheck"/>) against the plain search of a copy with those annotations removed
/// (<see cref="StripAnnotations"/>).</item>
/// </list>
/// </summary>
public static class CapabilityBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>vrm check's and vrm wdrf's defaults: --unroll 3, --max-executions 10M, races checked.</summary>
    private static DporOptions Defaults => new() { Unroll = CBench.Unroll, MaxExecutions = CBench.MaxExecutions, Checks = StandardChecks.For() };

    /// <summary>Every *.c of the folders given, and the files given, in the order given (a folder's files sorted).</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs) =>
        [.. inputs.SelectMany(i => Directory.Exists(i) ? CBench.Files(i) : [i])];

    // ---------------------------------------------------------------- wdrf

    /// <summary>vrm wdrf's default confirmation allowance (<c>--confirm-steps</c>), the bench's default step bound for Promising.</summary>
    public const long DefaultSteps = WdrfCommand.DefaultConfirmSteps;

    /// <summary>The managed memory a Promising run may hold before it stops incomplete (the machine is shared).</summary>
    public const double DefaultMaxMemoryGb = 6;

    /// <summary>What stops a Promising run that would run away: seconds, thread steps (as <c>vrm wdrf --confirm-steps</c>), bytes.</summary>
    public sealed record PromisingBounds(double Timeout, long Steps, long MaxMemory);

    /// <summary>Warm runs of a wDRF search whose cold run took longer than this are made once, whatever --runs says.</summary>
    private const double LongSearch = 5;

    public static int RunWdrf(IReadOnlyList<string> files, string[] flags, PromisingBounds bounds, int runs)
    {
        Console.WriteLine($"# vrm-bench wdrf: {files.Count} programs{Flags(flags)}, --unroll {CBench.Unroll}; wDRF search (as vrm wdrf --no-confirm, clang excluded) " +
            $"run once cold, then timed {runs} times warm (once when the cold run took over {LongSearch:0} s); Promising-Arm (as vrm check --model promising, and vrm wdrf's confirmation) " +
            $"bounded by {bounds.Steps:N0} thread steps, {bounds.Timeout:0.#} s and {bounds.MaxMemory / (double)(1L << 30):0.#} GB, timed {runs} times when a run takes under 2 s; " +
            $"CPU: the process's user + system seconds over the same interval (median of the runs)");
        Console.WriteLine();
        Console.WriteLine("| program | clang+lower s | SC complete / blocked | SC sleep-blocked | SC events | verdict | wDRF search s: cold; warm min, median | wDRF search CPU s (cold) | Promising | Promising final states | Promising memories | Promising thread steps | Promising s: min, median | Promising CPU s | memories ÷ SC executions | Promising steps ÷ SC events |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var file in files)
        {
            var program = Load(file, flags, out double compile);
            string name = Name(file);
            if (program is null)
            {
                Console.WriteLine($"| {name} | does not compile | | | | | | | | | | | | | | |");
                continue;
            }
            var times = new List<double>();
            double coldCpu = 0;
            CheckResult? r = null;
            string verdict = "";
            for (int i = 0; i <= runs && (i < 2 || times[0] <= LongSearch); i++)
            {
                var cpu = Environment.CpuUsage.TotalTime;
                var clock = Stopwatch.StartNew();
                try
                {
                    var runner = new WdrfRunner(program);
                    r = SourceDpor.Explore(program, Defaults with { Checks = [runner, .. StandardChecks.For(exempt: runner.ProtectedLocations)] },
                        new Budget(CancellationToken.None, TimeSpan.FromSeconds(600)));
                    times.Add(clock.Elapsed.TotalSeconds);
                    if (i == 0)
                    {
                        coldCpu = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
                    }
                    verdict = WdrfReport.From(r, runner.Results(), Confirmation.NotRun("bench")).Verdict;
                }
                catch (AnnotationException e)
                {
                    verdict = "annotation error: " + e.Message;
                    break;
                }
            }
            if (r is null)
            {
                Console.WriteLine($"| {name} | {S(compile)} | | | | {verdict} | | | | | | | | | | |");
                continue;
            }
            long sc = r.Complete + r.Blocked;
            var warm = times.Skip(1).ToList();
            string search = warm.Count == 0 ? S(times[0]) : $"{S(times[0])}; {S(warm.Min())}, {S(Median(warm))}";
            string relaxed = Promising(program, bounds, runs, sc, r.Events);
            Console.WriteLine($"| {name} | {S(compile)} | {r.Complete} / {r.Blocked} | {r.SleepBlocked} | {r.Events.ToString("N0", Inv)} | {verdict} | {search} | {S(coldCpu)} | {relaxed} |");
        }
        return 0;
    }

    /// <summary>
    /// Promising-Arm on the threads main starts, as vrm check --model promising (and vrm wdrf's confirmation) runs it:
    /// verdict, final states, memories, seconds, CPU seconds, ratio. A run stopped by a bound gives lower bounds (≥).
    /// </summary>
    private static string Promising(IrProgram program, PromisingBounds bounds, int runs, long scExecutions, long scEvents)
    {
        StaticThreads st;
        try
        {
            st = StaticThreads.From(program);
        }
        catch (DiagnosticException e)
        {
            return $"**not runnable**: {Escape(e.Diagnostic.Message)} | | | | | | | ";
        }
        var options = new ExploreOptions
        {
            Unroll = CBench.Unroll,
            Timeout = TimeSpan.FromSeconds(bounds.Timeout),
            MaxStates = CBench.MaxExecutions,
            MaxCandidates = CBench.MaxExecutions,
            MaxSteps = bounds.Steps,
            MaxMemory = bounds.MaxMemory,
        };
        var times = new List<double>();
        var cpus = new List<double>();
        ModelResult r;
        try
        {
            do
            {
                var cpu = Environment.CpuUsage.TotalTime;
                var clock = Stopwatch.StartNew();
                r = MemoryModels.Get("promising").Run(st.Program, options, CancellationToken.None);
                times.Add(clock.Elapsed.TotalSeconds);
                cpus.Add((Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
            }
            while (times.Count < runs && times[0] < 2 && r.Completion == Completion.Complete);
        }
        catch (NotSupportedException e)
        {
            return $"**not runnable**: {Escape(e.Message)} | | | | | | | ";
        }
        catch (DiagnosticException e) when (e.Unsupported)
        {
            return $"**not runnable**: {Escape(e.Diagnostic.Message)} | | | | | | | ";
        }
        bool complete = r.Completion == Completion.Complete;
        string verdict = CBench.Verdict(program, st, r) + (r.Cut ? " (cut)" : "") + (complete ? "" : $" ({r.IncompleteReason})");
        string least = complete ? "" : "≥";
        string ratio = Ratio(r.Candidates, scExecutions, least);
        string stepRatio = Ratio(r.Steps, scEvents, least);
        string seconds = times.Count == 1 ? S(times[0]) : $"{S(times.Min())}, {S(Median(times))}";
        return $"{Escape(verdict)} | {least}{r.States.Count} | {least}{r.Candidates.ToString("N0", Inv)} | {least}{r.Steps.ToString("N0", Inv)} | {seconds} | {S(Median(cpus))} | {ratio} | {stepRatio}";
    }

    private static string Ratio(long relaxed, long sc, string least) =>
        sc == 0 ? "-" : least + (relaxed / (double)sc).ToString(relaxed >= 10 * sc ? "#,0" : "0.0", Inv);

    // ---------------------------------------------------------------- checks

    /// <summary>The declarations that ask vrm check for execution checks; each such line is blanked in the plain copy (line numbers kept).</summary>
    public static readonly Regex Annotation = new(@"^\s*VRM_(SPEC|PRINCIPAL|SECRET|OBSERVABLE|INVARIANT)\s*\(.*$", RegexOptions.Multiline);

    /// <summary>
    /// A copy of <paramref name="file"/>'s folder (its *.c and *.h files: the variants #include the base program) in a
    /// fresh temporary folder, every line that declares VRM_SPEC, VRM_PRINCIPAL, VRM_SECRET, VRM_OBSERVABLE or
    /// VRM_INVARIANT made empty; returns the copy of <paramref name="file"/>.
    /// </summary>
    public static string StripAnnotations(string file, string into)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        Directory.CreateDirectory(into);
        foreach (var f in Directory.GetFiles(folder).Where(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".h", StringComparison.Ordinal)))
        {
            File.WriteAllText(Path.Combine(into, Path.GetFileName(f)), Annotation.Replace(File.ReadAllText(f), ""));
        }
        return Path.Combine(into, Path.GetFileName(file));
    }

    public static int RunChecks(IReadOnlyList<string> files, string[] flags, int runs)
    {
        Console.WriteLine($"# vrm-bench checks: {files.Count} programs{Flags(flags)}, --unroll {CBench.Unroll}, races checked (vrm check's defaults), clang excluded; " +
            $"the search with its checks and the plain search of a copy without VRM_SPEC/PRINCIPAL/SECRET/OBSERVABLE/INVARIANT lines, alternately, once cold, then {runs} times each warm");
        Console.WriteLine();
        Console.WriteLine("| program | verdict | executions complete / blocked (plain copy) | what the check ran | check s: cold; warm min, median | plain s: cold; warm min, median | check ÷ plain: warm minima, medians |");
        Console.WriteLine("|---|---|---:|---|---:|---:|---:|");
        string temp = Path.Combine(Path.GetTempPath(), $"vrm-bench-checks-{Environment.ProcessId}");
        try
        {
            foreach (var file in files)
            {
                string name = Name(file);
                var program = Load(file, flags, out _);
                string copy = StripAnnotations(file, Path.Combine(temp, Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)))!));
                var plainProgram = Load(copy, flags, out _);
                if (program is null || plainProgram is null)
                {
                    Console.WriteLine($"| {name} | does not compile | | | | | |");
                    continue;
                }
                var checkTimes = new List<double>();
                var plainTimes = new List<double>();
                CheckResult? checkResult = null, plainResult = null;
                double coldCheck = 0, coldPlain = 0;
                for (int i = 0; i <= runs; i++)
                {
                    var clock = Stopwatch.StartNew();
                    checkResult = ExecutionCheck.Applies(program)
                        ? ExecutionCheck.Run(program, Defaults, new Budget(CancellationToken.None, TimeSpan.FromSeconds(600)))
                        : SourceDpor.Explore(program, Defaults, new Budget(CancellationToken.None, TimeSpan.FromSeconds(600)));
                    double check = clock.Elapsed.TotalSeconds;
                    clock.Restart();
                    plainResult = SourceDpor.Explore(plainProgram, Defaults, new Budget(CancellationToken.None, TimeSpan.FromSeconds(600)));
                    double plain = clock.Elapsed.TotalSeconds;
                    if (i == 0)
                    {
                        (coldCheck, coldPlain) = (check, plain);
                    }
                    else
                    {
                        checkTimes.Add(check);
                        plainTimes.Add(plain);
                    }
                }
                var c = checkResult!;
                var p = plainResult!;
                string verdict = c.Violation is { } v ? v.Property ?? Kind(v.Kind) : c.Completion == Completion.Complete ? "ok" : "incomplete";
                string ran = c.Notes.Count > 0 ? string.Join("; ", c.Notes.Select(NoteCounts))
                    : program.Invariants.Count > 0 ? $"{program.Invariants.Count} invariant(s) after every lock-free step" : "-";
                string executions = $"{c.Complete} / {c.Blocked} ({p.Complete} / {p.Blocked})";
                string ratio = $"{(checkTimes.Min() / plainTimes.Min()).ToString("0.00", Inv)}, {(Median(checkTimes) / Median(plainTimes)).ToString("0.00", Inv)}";
                Console.WriteLine($"| {name} | {verdict} | {executions} | {ran} | {S(coldCheck)}; {S(checkTimes.Min())}, {S(Median(checkTimes))} | {S(coldPlain)}; {S(plainTimes.Min())}, {S(Median(plainTimes))} | {ratio} |");
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
        return 0;
    }

    private static string Kind(ViolationKind k) => k switch
    {
        ViolationKind.AssertionFailed => "assertion fails",
        ViolationKind.DataRace => "data race",
        ViolationKind.CannotFinish => "deadlock",
        _ => k.ToString(),
    };

    /// <summary>The counts in parentheses of a Noninterference:/Refinement: note, with the note's first word.</summary>
    private static string NoteCounts(string note)
    {
        int colon = note.IndexOf(':', StringComparison.Ordinal);
        int open = note.LastIndexOf('(');
        return open > 0 && note.EndsWith(')') ? $"{note[..colon]}: {note[(open + 1)..^1]}" : note;
    }

    // ---------------------------------------------------------------- shared

    private static IrProgram? Load(string file, string[] flags, out double seconds)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var loaded = CFrontend.Load(file, flags);
            seconds = clock.Elapsed.TotalSeconds;
            return loaded.Program;
        }
        catch (DiagnosticException e)
        {
            seconds = 0;
            Console.Error.WriteLine(e.Diagnostic.ToString());
            return null;
        }
    }

    /// <summary>The file with its folder (examples/wdrf/x.c → wdrf/x.c).</summary>
    private static string Name(string file) =>
        Path.Combine(Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? "", Path.GetFileName(file));

    private static string Flags(string[] flags) => flags.Length == 0 ? "" : $" (clang flags {string.Join(' ', flags)})";

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

    private static double Median(List<double> xs)
    {
        var sorted = xs.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string S(double seconds) => seconds.ToString(seconds < 0.1 ? "0.0000" : "0.000", Inv);
}
