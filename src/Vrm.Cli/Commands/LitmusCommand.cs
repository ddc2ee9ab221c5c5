using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Vrm.Cli.Output;
using Vrm.Explore;

namespace Vrm.Cli.Commands;

/// <summary><c>vrm litmus FILE|DIR...</c>: herd-compatible results for litmus tests under a chosen model.</summary>
public static class LitmusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths") { Description = "Litmus files or folders (searched recursively for *.litmus)", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string>("--model") { Description = "Memory model: sc, arm (herd7's aarch64.cat), promising (Promising-Arm), or all (a table of verdicts side by side)", DefaultValueFactory = _ => "arm" };
        model.AcceptOnlyFromAmong("sc", "arm", "promising", "all");
        var unroll = new Option<int>("--unroll") { Description = "Backward jumps allowed per loop target on a path (herd's -unroll)", DefaultValueFactory = _ => 2 };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of herd's text" };
        var graph = new Option<string?>("--graph") { Description = "Write one Graphviz file per witness execution into this folder (SVG too when dot is installed); for a condition never satisfied, one per forbidden candidate that would satisfy it, with the failed axiom's cycle" };
        var compare = new Option<string?>("--compare") { Description = "A herd7 log to compare with: prints agree/disagree/unsupported per test and totals" };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds allowed per test and model; past it the verdict is incomplete" };
        // One value per --variant (repeat it for several), so that the paths after it stay paths.
        var variant = new Option<string[]>("--variant") { Description = "herd -variant options of the tests, one per --variant: vmsa (page tables, TLBs and faults), mixed (accepted; mixed sizes are recognised in the tests themselves), ifetch, memtag (reported unsupported)" };
        variant.AcceptOnlyFromAmong(["vmsa", "mixed", .. TestRunner.UnsupportedVariants.Keys]);
        var maxStates = new Option<long>("--max-states") { Description = "States (Promising: memories; axiomatic: candidate executions) to explore per test before reporting it incomplete", DefaultValueFactory = _ => 10_000_000 };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Worker threads (results are identical for any number)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var cmd = new Command("litmus", "Run AArch64 litmus tests and print herd7-compatible results")
        {
            paths, model, unroll, json, graph, compare, timeout, jobs, variant, maxStates,
        };
        cmd.SetAction((parse, cancel) => Task.FromResult(Execute(
            new LitmusRequest(
                parse.GetValue(paths)!,
                parse.GetValue(model)!,
                parse.GetValue(json),
                parse.GetValue(graph),
                parse.GetValue(compare),
                parse.GetValue(jobs),
                parse.GetValue(variant) ?? [],
                new ExploreOptions
                {
                    Unroll = parse.GetValue(unroll),
                    Timeout = parse.GetValue(timeout) is double s ? TimeSpan.FromSeconds(s) : null,
                    KeepWitnesses = parse.GetValue(graph) is not null,
                    ExplainForbidden = parse.GetValue(graph) is not null || parse.GetValue(json),
                    MaxStates = parse.GetValue(maxStates),
                    MaxCandidates = parse.GetValue(maxStates),
                }),
            output, error, cancel)));
        return cmd;
    }

    public sealed record LitmusRequest(string[] Paths, string Model, bool Json, string? Graph, string? Compare, int Jobs, string[] Variants, ExploreOptions Options);

    public static int Execute(LitmusRequest req, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var files = TestRunner.Expand(req.Paths, out var missing);
        foreach (var m in missing)
        {
            error.WriteLine($"{m}: error: no such file or folder");
        }
        if (missing.Count > 0)
        {
            return ExitCode.InputError;
        }
        HerdLog? herd = null;
        if (req.Compare is not null)
        {
            if (!File.Exists(req.Compare))
            {
                error.WriteLine($"{req.Compare}: error: no such herd log");
                return ExitCode.InputError;
            }
            herd = HerdLog.Parse(File.ReadAllText(req.Compare));
        }
        var models = TestRunner.ModelNames(req.Model);
        var outcomes = RunWithProgress(files, models, req, cancel);
        if (req.Json)
        {
            WriteJson(output, outcomes);
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
        foreach (var o in outcomes.Where(o => o.Error is not null))
        {
            error.WriteLine(o.Error);
        }
        // Page-table diagnostics (break-before-make, stale translations) go to stderr, so stdout stays herd's format.
        if (!req.Json)
        {
            foreach (var (o, d) in outcomes.Where(o => o.Error is null).SelectMany(o => o.Results.SelectMany(r => r.Diagnoses).Distinct().Select(d => (o, d))))
            {
                error.WriteLine($"{o.File}({d.Pos.Line},{d.Pos.Col}): warning: {d.Message}");
            }
        }
        if (req.Graph is not null)
        {
            DotFormat.WriteAll(req.Graph, outcomes, error);
        }
        int code = outcomes.Any(o => o.Internal) ? ExitCode.Internal
            : outcomes.Any(o => o.Error is not null && !o.Unsupported) ? ExitCode.InputError
            : ExitCode.Ok;
        if (herd is not null)
        {
            var summary = Comparison.Compare(outcomes, herd);
            summary.Write(req.Json ? error : output);
            if (summary.Disagree > 0)
            {
                code = ExitCode.Violated;
            }
        }
        return code;
    }

    private static TestOutcome[] RunWithProgress(List<string> files, IReadOnlyList<string> models, LitmusRequest req, CancellationToken cancel)
    {
        bool interactive = files.Count > 1 && !Console.IsErrorRedirected && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return TestRunner.RunAll(files, models, req.Options, req.Jobs, null, cancel, req.Variants);
        }
        TestOutcome[] result = [];
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("litmus tests", maxValue: files.Count);
            result = TestRunner.RunAll(files, models, req.Options, req.Jobs, _ => task.Increment(1), cancel, req.Variants);
        });
        return result;
    }

    private static void WriteJson(TextWriter output, TestOutcome[] outcomes)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var o in outcomes)
            {
                JsonFormat.Write(w, o);
            }
            w.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
