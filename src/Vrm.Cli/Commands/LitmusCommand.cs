using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Vrm.Cli.Output;
using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Syntax.Litmus;

namespace Vrm.Cli.Commands;

/// <summary><c>vrm litmus FILE|DIR...</c>: herd-compatible results for litmus tests under a chosen model.</summary>
public static class LitmusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = CliOptions.RejectingOptions(new Argument<string[]>("paths") { Description = "Litmus files or folders (searched recursively for *.litmus)", Arity = ArgumentArity.OneOrMore });
        var model = new Option<string>("--model") { Description = "Memory model: sc, arm (herd7's aarch64.cat), promising (Promising-Arm), or all (a table of verdicts side by side)", DefaultValueFactory = _ => "arm" };
        model.AcceptOnlyFromAmong("sc", "arm", "promising", "all");
        var unroll = CliOptions.Unroll("Backward jumps allowed per loop target on a path (herd's -unroll)", 2);
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of herd's text" };
        var graph = new Option<string?>("--graph") { Description = "Write one Graphviz file per witness execution into this folder (SVG too when dot is installed); for a condition never satisfied, one per forbidden candidate that would satisfy it, with the failed axiom's cycle" };
        var compare = new Option<string?>("--compare") { Description = "A herd7 log to compare with: prints agree/disagree/unsupported per test and totals" };
        var timeout = CliOptions.Timeout("Time allowed per test and model; past it the verdict is incomplete");
        // One value per --variant (repeat it for several), so that the paths after it stay paths.
        var variant = new Option<string[]>("--variant") { Description = "herd -variant options of the tests, added to their own Variant= line, one per --variant: vmsa (page tables, TLBs and faults), mixed (accepted; mixed sizes are recognised in the tests themselves), ifetch, memtag (reported unsupported), fatal, precise, imprecise, handled (how faults are taken), ets2" };
        variant.AcceptOnlyFromAmong([.. Variants.Names]);
        var maxStates = CliOptions.Count("--max-states", "States (Promising: memories; axiomatic: candidate executions) to explore per test before reporting it incomplete", 10_000_000);
        var maxMemory = CliOptions.MaxMemory();
        var jobs = CliOptions.Jobs();
        var cmd = new Command("litmus", "Run AArch64 litmus tests and print herd7-compatible results")
        {
            paths, model, unroll, json, graph, compare, timeout, jobs, variant, maxStates, maxMemory,
        };
        cmd.SetAction((parse, cancel) => Task.FromResult(Execute(
            new LitmusRequest(
                parse.GetValue(paths)!,
                parse.GetValue(model)!,
                parse.GetValue(json),
                parse.GetValue(graph),
                parse.GetValue(compare),
                parse.GetValue(jobs),
                Variants.Parse(parse.GetValue(variant) ?? []),
                new ExploreOptions
                {
                    Unroll = parse.GetValue(unroll),
                    Timeout = CliOptions.ToTimeSpan(parse.GetValue(timeout)),
                    KeepWitnesses = parse.GetValue(graph) is not null,
                    ExplainForbidden = parse.GetValue(graph) is not null || parse.GetValue(json),
                    MaxStates = parse.GetValue(maxStates),
                    MaxCandidates = parse.GetValue(maxStates),
                    MaxMemory = CliOptions.Bytes(parse.GetValue(maxMemory)),
                }),
            output, error, cancel)));
        return cmd;
    }

    public sealed record LitmusRequest(string[] Paths, string Model, bool Json, string? Graph, string? Compare, int Jobs, Variant Variants, ExploreOptions Options);

    public static int Execute(LitmusRequest req, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var input = TestRunner.Expand(req.Paths);
        var fatal = new List<string>(input.Fatal);
        if (req.Graph is not null && File.Exists(req.Graph))
        {
            fatal.Add($"{req.Graph}: error: --graph names a folder to write pictures into, and this is a file");
        }
        HerdLog? herd = null;
        if (req.Compare is not null && !File.Exists(req.Compare))
        {
            fatal.Add($"{req.Compare}: error: no such herd log");
        }
        else if (req.Compare is not null && fatal.Count == 0)
        {
            try
            {
                herd = HerdLog.Parse(InputFiles.ReadText(req.Compare), req.Compare);
            }
            catch (InputFileException e)
            {
                fatal.Add(e.Message);
            }
            catch (Syntax.DiagnosticException e)
            {
                fatal.Add(e.Diagnostic.ToString());
            }
        }
        if (fatal.Count > 0)
        {
            if (req.Json)
            {
                WriteJson(output, [], fatal);
            }
            fatal.ForEach(error.WriteLine);
            return ExitCode.InputError;
        }
        var files = input.Files;
        var models = TestRunner.ModelNames(req.Model);
        var run = RunWithProgress(files, models, req, cancel);
        var outcomes = run.OfType<TestOutcome>().ToArray();
        bool interrupted = outcomes.Length < files.Count;
        var problems = input.Unreadable.Concat(outcomes.Where(o => o.Error is not null).Select(o => o.Error!)).ToList();
        if (interrupted)
        {
            problems.Add($"vrm: interrupted: {outcomes.Length} of {files.Count} tests finished and are shown");
        }
        if (req.Json)
        {
            WriteJson(output, run.Select((o, i) => (files[i], o)), input.Unreadable);
        }
        else if (req.Model == "all")
        {
            VerdictTable.Write(output, outcomes, models);
        }
        else
        {
            foreach (var o in outcomes)
            {
                if (o.Error is null)
                {
                    output.Write(HerdFormat.Render(o.Results[0]));
                    output.WriteLine();
                }
            }
        }
        problems.ForEach(error.WriteLine);
        // Page-table diagnostics (break-before-make, stale translations) go to stderr, so stdout stays herd's format.
        if (!req.Json)
        {
            foreach (var (o, d) in outcomes.Where(o => o.Error is null).SelectMany(o => o.Results.SelectMany(r => r.Diagnoses).Distinct().Select(d => (o, d))))
            {
                error.WriteLine($"{o.File}({d.Pos.Line},{d.Pos.Col}): warning: {d.Message}");
            }
        }
        int code = ExitCode.Ok;
        if (req.Graph is not null)
        {
            try
            {
                DotFormat.WriteAll(req.Graph, outcomes, error);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{req.Graph}: error: cannot write the pictures: {e.Message}");
                code = ExitCode.InputError;
            }
        }
        foreach (var o in outcomes)
        {
            code = ExitCode.Worst(code, o.Internal ? ExitCode.Internal
                : o.Error is not null && !o.Unsupported ? ExitCode.InputError
                : o.Results.Any(r => r.Completion != Completion.Complete) ? ExitCode.Incomplete
                : ExitCode.Ok);
        }
        if (input.Unreadable.Count > 0)
        {
            code = ExitCode.Worst(code, ExitCode.InputError);
        }
        if (herd is not null)
        {
            var summary = Comparison.Compare(outcomes, herd);
            ComparisonFormat.Write(req.Json ? error : output, summary);
            if (summary.Disagree > 0)
            {
                code = ExitCode.Worst(code, ExitCode.Violated);
            }
        }
        return interrupted ? ExitCode.Interrupted : code;
    }

    private static TestOutcome?[] RunWithProgress(List<string> files, IReadOnlyList<string> models, LitmusRequest req, CancellationToken cancel)
    {
        bool interactive = files.Count > 1 && !Console.IsErrorRedirected && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return TestRunner.RunAll(files, models, req.Options, req.Jobs, null, cancel, req.Variants);
        }
        TestOutcome?[] result = [];
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("litmus tests", maxValue: files.Count);
            result = TestRunner.RunAll(files, models, req.Options, req.Jobs, _ => task.Increment(1), cancel, req.Variants);
        });
        return result;
    }

    /// <summary>One JSON array in every outcome: a test's report, its error, or that it was interrupted; then errors about inputs.</summary>
    private static void WriteJson(TextWriter output, IEnumerable<(string File, TestOutcome? Outcome)> tests, IEnumerable<string> errors)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonFormat.Options))
        {
            w.WriteStartArray();
            foreach (var (file, o) in tests)
            {
                if (o is null)
                {
                    w.WriteStartObject();
                    w.WriteString("file", file);
                    w.WriteString("status", "interrupted");
                    w.WriteEndObject();
                    continue;
                }
                JsonFormat.Write(w, o);
            }
            foreach (var message in errors)
            {
                w.WriteStartObject();
                w.WriteString("status", "error");
                w.WriteString("message", message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
