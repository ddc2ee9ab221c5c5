using System.CommandLine;
using Vrm.Cli.Frontend;
using Vrm.Cli.Output;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Cli.Commands;

/// <summary><c>vrm check FILE.c|FILE.ll [-- clang flags]</c>: every SC interleaving of a C program, by DPOR, with its assertions, races and deadlocks.</summary>
public static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A C file (compiled with clang-14 -O0 -g for AArch64, with vrm's own headers) or an LLVM IR .ll file" };
        var clangFlags = new Argument<string[]>("clang-flags") { Description = "Extra clang flags after --, such as -DN=3 or -Iinclude", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model") { Description = "sc (exhaustive DPOR with race, assertion and deadlock checks), arm or promising (relaxed final states of small programs)", DefaultValueFactory = _ => "sc" };
        model.AcceptOnlyFromAmong("sc", "arm", "promising");
        var unroll = new Option<int>("--unroll") { Description = "Iterations allowed per loop back edge (await loops excepted); the report says when the bound cut an execution", DefaultValueFactory = _ => 3 };
        var noRaces = new Option<bool>("--no-races") { Description = "Do not report data races" };
        var json = new Option<bool>("--json") { Description = "Print a JSON report" };
        var graph = new Option<string?>("--graph") { Description = "Write the violation's trace as a Graphviz file (and SVG when dot is installed)" };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds allowed; past it the verdict is incomplete" };
        var replay = new Option<string?>("--replay") { Description = "Run one interleaving instead of all: the comma-separated thread ids a violation's 'Replay:' line gives" };
        var maxExecutions = new Option<long>("--max-executions") { Description = "Executions to explore before reporting the run incomplete", DefaultValueFactory = _ => 10_000_000 };
        var cmd = new Command("check", "Explore every behaviour of a C program: assertion failures, data races, deadlocks, with a replayable trace")
        {
            file, clangFlags, model, unroll, noRaces, json, graph, timeout, maxExecutions, replay,
        };
        cmd.SetAction((parse, cancel) => Task.FromResult(Execute(
            new CheckRequest(
                parse.GetValue(file)!,
                parse.GetValue(clangFlags) ?? [],
                parse.GetValue(model)!,
                parse.GetValue(json),
                parse.GetValue(graph),
                new DporOptions
                {
                    Unroll = parse.GetValue(unroll),
                    Races = !parse.GetValue(noRaces),
                    MaxExecutions = parse.GetValue(maxExecutions),
                },
                parse.GetValue(timeout) is double s ? TimeSpan.FromSeconds(s) : null)
            {
                Replay = parse.GetValue(replay),
            },
            output, error, cancel)));
        return cmd;
    }

    public sealed record CheckRequest(string File, string[] ClangFlags, string Model, bool Json, string? Graph, DporOptions Options, TimeSpan? Timeout)
    {
        /// <summary>A schedule to replay (thread ids, comma-separated) instead of exploring.</summary>
        public string? Replay { get; init; }
    }

    public static int Execute(CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (Directory.Exists(req.File))
        {
            return ExecuteFolder(req, output, error, cancel);
        }
        if (!File.Exists(req.File))
        {
            error.WriteLine($"{req.File}: error: no such file");
            return ExitCode.InputError;
        }
        CFrontend.Loaded loaded;
        try
        {
            loaded = CFrontend.Load(req.File, req.ClangFlags);
        }
        catch (DiagnosticException e)
        {
            error.WriteLine(e.Diagnostic.ToString());
            return ExitCode.InputError;
        }
        foreach (var note in loaded.Notes)
        {
            error.WriteLine(note);
        }
        while (true)
        {
            try
            {
                return Run(loaded, req, output, error, cancel);
            }
            catch (FrameCapacityException e)
            {
                // More threads started than the lowering made frames for (a pthread_create in a loop): again, with more.
                loaded = loaded.WithFrames(e.Needed);
            }
            catch (HeapCapacityException e)
            {
                // A malloc call site handed out more (or larger) blocks than were made for it: again, with more.
                loaded = loaded.WithHeap(new Vrm.Programs.Lowering.Llvm.HeapLimits(e.Blocks, e.Elements));
            }
            catch (DiagnosticException e)
            {
                // Input vrm cannot take that only running it shows (a choice of too many values, a block too large).
                error.WriteLine(e.Diagnostic.ToString());
                return ExitCode.InputError;
            }
        }
    }

    private static int Run(CFrontend.Loaded loaded, CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (req.Model != "sc")
        {
            return RelaxedCheck.Execute(loaded.Program, req, output, error, cancel);
        }
        CheckResult result;
        if (req.Replay is { } schedule)
        {
            var ids = new List<ReplayStep>();
            foreach (var part in schedule.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // T=V: thread T takes value V at a nondeterministic choice.
                var pieces = part.Split('=', 2);
                long? choice = null;
                if (pieces.Length == 2)
                {
                    if (!long.TryParse(pieces[1], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long v))
                    {
                        error.WriteLine($"--replay: error: '{part}' is not a thread id and a value");
                        return ExitCode.InputError;
                    }
                    choice = v;
                }
                if (!int.TryParse(pieces[0].TrimStart('T'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id))
                {
                    error.WriteLine($"--replay: error: '{part}' is not a thread id");
                    return ExitCode.InputError;
                }
                ids.Add(new ReplayStep(id, choice));
            }
            try
            {
                result = Replay.Run(loaded.Program, ids, req.Options);
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"--replay: error: {e.Message}");
                return ExitCode.InputError;
            }
        }
        else
        {
            result = SourceDpor.Explore(loaded.Program, req.Options, new Budget(cancel, req.Timeout));
        }
        if (req.Json)
        {
            CheckReport.WriteJson(output, result);
        }
        else
        {
            CheckReport.Write(output, result, req.Options);
        }
        if (req.Graph is not null && result.Violation is not null)
        {
            TraceGraph.Write(req.Graph, result, error);
        }
        return CheckReport.Exit(result);
    }

    /// <summary>Every .c file of a folder, each report in turn; the exit code is the worst of them.</summary>
    private static int ExecuteFolder(CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var files = Directory.GetFiles(req.File, "*.c", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            error.WriteLine($"{req.File}: error: no .c files in this folder");
            return ExitCode.InputError;
        }
        int worst = ExitCode.Ok;
        foreach (var f in files)
        {
            int code = Execute(req with { File = f, Graph = req.Graph is null ? null : Path.Combine(req.Graph, Path.GetFileNameWithoutExtension(f) + "-trace.dot") }, output, error, cancel);
            worst = ExitCode.Worst(worst, code);
            output.WriteLine();
        }
        return worst;
    }
}
