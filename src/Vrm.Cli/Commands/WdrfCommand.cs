using System.CommandLine;
using Vrm.Checks;
using Vrm.Checks.Wdrf;
using Vrm.Cli.Frontend;
using Vrm.Cli.Output;
using Vrm.Explore;
using Vrm.Explore.Dpor;

namespace Vrm.Cli.Commands;

/// <summary>
/// <c>vrm wdrf FILE.c|DIR [-- clang flags]</c>: VRM's five wDRF conditions on every SC execution of annotated
/// kernel C, and the same program on Promising-Arm to confirm that it has no behaviour SC lacks.
/// </summary>
public static class WdrfCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = CliOptions.RejectingOptions(new Argument<string>("file") { Description = "A C file annotated with vrm.h's kernel annotations, or a folder of them" });
        var clangFlags = new Argument<string[]>("clang-flags") { Description = "Extra clang flags after --, such as -DN=3", Arity = ArgumentArity.ZeroOrMore };
        var unroll = CliOptions.Unroll("Iterations allowed per loop back edge (await loops excepted); the report says when the bound cut an execution", 3);
        var json = new Option<bool>("--json") { Description = "Print a JSON report" };
        var graph = new Option<string?>("--graph") { Description = "Write each violated condition's execution as a Graphviz file into this folder (and SVG when dot is installed)" };
        var timeout = CliOptions.Timeout("Time allowed (clang and the confirmation included); past it the verdict is incomplete");
        var maxExecutions = CliOptions.Count("--max-executions", "Executions to explore before reporting the run incomplete", 10_000_000);
        var maxMemory = CliOptions.MaxMemory();
        var noConfirm = new Option<bool>("--no-confirm") { Description = "Do not run the program on Promising-Arm to confirm that every Arm behaviour is an SC one (for programs too big for it)" };
        var confirmSteps = CliOptions.Count("--confirm-steps", "Thread steps the Promising-Arm confirmation may take before it stops incomplete (it then confirms nothing; the verdict is the conditions')", DefaultConfirmSteps);
        var cmd = new Command("wdrf", "Check VRM's five wDRF conditions on kernel C: when they hold, every Arm behaviour is an SC behaviour")
        {
            file, clangFlags, unroll, json, graph, timeout, maxExecutions, maxMemory, noConfirm, confirmSteps,
        };
        cmd.SetAction((parse, cancel) =>
        {
            long? confirm = parse.GetValue(noConfirm) ? null : parse.GetValue(confirmSteps);
            var req = new CheckCommand.CheckRequest(
                parse.GetValue(file)!,
                parse.GetValue(clangFlags) ?? [],
                "sc",
                parse.GetValue(json),
                parse.GetValue(graph),
                new DporOptions { Unroll = parse.GetValue(unroll), MaxExecutions = parse.GetValue(maxExecutions) },
                CliOptions.ToTimeSpan(parse.GetValue(timeout)))
            {
                MaxMemory = CliOptions.Bytes(parse.GetValue(maxMemory)),
                Verb = "wdrf",
            };
            return Task.FromResult(CheckCommand.Execute(req, output, error, cancel, (loaded, r, o, e, c) => Run(loaded, r, confirm, o, e, c)));
        });
        return cmd;
    }

    /// <summary>
    /// Enough for every shipped example (examples/security/host-iso-bug.c needs between 200,000 and 2,000,000,
    /// about a second), and about 10 s on a program too big for Promising, such as a SeKVM harness whose boot
    /// loops fill whole tables (without a bound that one ran for hours and held 13 GB).
    /// </summary>
    public const long DefaultConfirmSteps = 2_000_000;

    /// <param name="confirm">The confirmation's step allowance; null: not run (--no-confirm).</param>
    private static int Run(CFrontend.Loaded loaded, CheckCommand.CheckRequest req, long? confirm, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var program = loaded.Program;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        WdrfRunner runner;
        CheckResult result;
        try
        {
            runner = new WdrfRunner(program);
            result = SourceDpor.Explore(program, req.Options with { Checks = [runner, .. StandardChecks.For(exempt: runner.ProtectedLocations)] }, new Budget(cancel, req.Timeout, req.MaxMemory));
        }
        catch (AnnotationException e)
        {
            error.WriteLine($"{e.Where ?? program.File}: error: {e.Message}");
            return ExitCode.InputError;
        }
        var left = req.Timeout is { } t && t != TimeSpan.MaxValue ? t - clock.Elapsed : req.Timeout;
        var confirmation = confirm is not { } steps ? Confirmation.NotRun("--no-confirm")
            : left is { } l && l <= TimeSpan.Zero ? Confirmation.NotRun("the SC search used the whole --timeout")
            : ArmConfirmation.Run(program, new ExploreOptions { Unroll = req.Options.Unroll, Timeout = left, MaxStates = req.Options.MaxExecutions, MaxCandidates = req.Options.MaxExecutions, MaxMemory = req.MaxMemory, MaxSteps = steps }, cancel);
        var report = WdrfReport.From(result, runner.Results(), confirmation);
        if (req.Json)
        {
            WdrfReport.WriteJson(output, report);
        }
        else
        {
            WdrfReport.Write(output, report);
        }
        if (report.VrmBug)
        {
            error.WriteLine($"{program.File}: vrm: internal error: every wDRF condition holds, yet Promising-Arm reaches final states SC does not (a bug in vrm, or a hole in the theorem): {string.Join(" | ", confirmation.ArmOnly)}");
        }
        int code = report.Exit;
        if (req.Graph is not null)
        {
            code = ExitCode.Worst(code, WriteGraphs(req.Graph, report, error));
        }
        return code;
    }

    private static int WriteGraphs(string folder, WdrfReport report, TextWriter error)
    {
        foreach (var (name, violation) in report.Counterexamples)
        {
            try
            {
                var shown = new CheckResult { Program = report.Result.Program, Violation = violation };
                TraceGraph.Write(Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(report.Result.Program.File)}-{name}.dot"), shown, error);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{folder}: error: cannot write the picture: {e.Message}");
                return ExitCode.InputError;
            }
        }
        return ExitCode.Ok;
    }
}
