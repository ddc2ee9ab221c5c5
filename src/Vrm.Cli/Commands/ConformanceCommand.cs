using System.CommandLine;
using Vrm.Explore;

namespace Vrm.Cli.Commands;

/// <summary>
/// <c>vrm conformance DIR</c>: runs every folder below DIR that has a herd7.out against it and prints, per
/// folder, how many tests agree, disagree or are unsupported (and why). Fails when any test disagrees.
/// </summary>
public static class ConformanceCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dir = CliOptions.RejectingOptions(new Argument<string>("dir") { Description = "A corpus folder; every folder below it with a herd7.out is compared" });
        var timeout = CliOptions.Timeout("Time allowed per test");
        var jobs = CliOptions.Jobs();
        var verbose = new Option<bool>("--verbose") { Description = "List every test, not only disagreements" };
        var model = new Option<string>("--model") { Description = "The model to compare with herd7's Arm results: arm or promising", DefaultValueFactory = _ => "arm" };
        model.AcceptOnlyFromAmong("arm", "promising");
        var skip = new Option<string[]>("--skip") { Description = "Folder names to leave out (matched against the path relative to DIR)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("conformance", "Compare a model (Arm or Promising) with herd7's outputs across a corpus") { dir, timeout, jobs, verbose, skip, model };
        cmd.SetAction((parse, cancel) => Task.FromResult(Execute(parse.GetValue(dir)!, parse.GetValue(timeout) ?? 60, parse.GetValue(jobs), parse.GetValue(verbose), parse.GetValue(skip) ?? [], parse.GetValue(model)!, output, error, cancel)));
        return cmd;
    }

    public static int Execute(string dir, double timeout, int jobs, bool verbose, string[] skip, string model, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (!Directory.Exists(dir))
        {
            error.WriteLine($"{dir}: error: no such folder");
            return ExitCode.InputError;
        }
        var folders = Conformance.Folders(dir, skip);
        var options = new ExploreOptions { Timeout = CliOptions.ToTimeSpan(timeout) };
        var all = new List<(string Folder, Comparison Result)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var folder in folders)
        {
            var outcomes = Conformance.Run(dir, folder, model, options, jobs, cancel);
            if (cancel.IsCancellationRequested)
            {
                error.WriteLine("vrm: interrupted: the folders finished so far are shown");
                WriteTable(output, all);
                return ExitCode.Interrupted;
            }
            Comparison result;
            try
            {
                result = Conformance.Compare(folder, outcomes);
            }
            catch (InputFileException e)
            {
                error.WriteLine(e.Message);
                return ExitCode.InputError;
            }
            catch (Syntax.DiagnosticException e)
            {
                error.WriteLine(e.Diagnostic.ToString());
                return ExitCode.InputError;
            }
            all.Add((Conformance.Relative(dir, folder), result));
            foreach (var t in result.Tests.Where(t => verbose || t.Agreement is Agreement.Disagree or Agreement.Error or Agreement.Incomplete))
            {
                output.WriteLine($"{t.Agreement.ToString().ToLowerInvariant()} {Path.GetRelativePath(dir, t.Outcome.File)}: {t.Detail}");
            }
        }
        WriteTable(output, all);
        WriteReasons(output, all);
        int tests = all.Sum(a => a.Result.Tests.Count);
        int disagree = all.Sum(a => a.Result.Disagree);
        output.WriteLine($"conformance: {tests} tests in {clock.Elapsed.TotalSeconds:0.0} s; {all.Sum(a => a.Result.Count(Agreement.Agree))} agree, {disagree} disagree");
        return disagree > 0 || all.Any(a => a.Result.Count(Agreement.Error) > 0) ? ExitCode.Violated : ExitCode.Ok;
    }

    private static void WriteTable(TextWriter output, List<(string Folder, Comparison Result)> all)
    {
        output.WriteLine();
        output.WriteLine("| folder | tests | supported | agree | disagree | unsupported | incomplete | no herd7 result |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (folder, r) in all)
        {
            Row(output, folder, r.Tests);
        }
        Row(output, "**total**", all.SelectMany(a => a.Result.Tests).ToList());
        output.WriteLine();
    }

    private static void Row(TextWriter output, string name, IReadOnlyCollection<ComparedTest> tests)
    {
        int Count(Agreement a) => tests.Count(t => t.Agreement == a);
        int unsupported = Count(Agreement.Unsupported);
        output.WriteLine($"| {name} | {tests.Count} | {tests.Count - unsupported - Count(Agreement.Error)} | {Count(Agreement.Agree)} | {Count(Agreement.Disagree)} | {unsupported} | {Count(Agreement.Incomplete)} | {Count(Agreement.NoReference)} |");
    }

    private static void WriteReasons(TextWriter output, List<(string Folder, Comparison Result)> all)
    {
        var reasons = all.SelectMany(a => a.Result.Tests).Where(t => t.Agreement == Agreement.Unsupported)
            .GroupBy(t => t.Detail).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var g in reasons)
        {
            output.WriteLine($"unsupported ({g.Count()}): {g.Key}");
        }
    }
}
