using System.CommandLine;
using Vrm.Checks;
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
        var file = CliOptions.RejectingOptions(new Argument<string>("file") { Description = "A C file (compiled with clang-14 -O0 -g for AArch64, with vrm's own headers) or an LLVM IR .ll file, or a folder of them" });
        var clangFlags = new Argument<string[]>("clang-flags") { Description = "Extra clang flags after --, such as -DN=3 or -Iinclude", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model") { Description = "sc (exhaustive DPOR with race, assertion and deadlock checks), arm or promising (relaxed final states of small programs)", DefaultValueFactory = _ => "sc" };
        model.AcceptOnlyFromAmong("sc", "arm", "promising");
        var unroll = CliOptions.Unroll("Iterations allowed per loop back edge (await loops excepted); the report says when the bound cut an execution", 3);
        var noRaces = new Option<bool>("--no-races") { Description = "Do not report data races" };
        var json = new Option<bool>("--json") { Description = "Print a JSON report" };
        var graph = new Option<string?>("--graph") { Description = "Write the violation's trace as a Graphviz file FILE.dot, or into a folder (and SVG when dot is installed)" };
        var timeout = CliOptions.Timeout("Time allowed (clang included); past it the verdict is incomplete");
        var replay = new Option<string?>("--replay") { Description = "Run one interleaving instead of all: the comma-separated thread ids a violation's 'Replay:' line gives" };
        var maxExecutions = CliOptions.Count("--max-executions", "Executions (arm, promising: states) to explore before reporting the run incomplete", 10_000_000);
        var maxMemory = CliOptions.MaxMemory();
        var cmd = new Command("check", "Explore every behaviour of a C program: assertion failures, data races, deadlocks, with a replayable trace")
        {
            file, clangFlags, model, unroll, noRaces, json, graph, timeout, maxExecutions, maxMemory, replay,
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
                    Checks = StandardChecks.For(races: !parse.GetValue(noRaces)),
                    MaxExecutions = parse.GetValue(maxExecutions),
                },
                CliOptions.ToTimeSpan(parse.GetValue(timeout)))
            {
                Replay = parse.GetValue(replay),
                MaxMemory = CliOptions.Bytes(parse.GetValue(maxMemory)),
            },
            output, error, cancel)));
        return cmd;
    }

    public sealed record CheckRequest(string File, string[] ClangFlags, string Model, bool Json, string? Graph, DporOptions Options, TimeSpan? Timeout)
    {
        /// <summary>A schedule to replay (thread ids, comma-separated) instead of exploring.</summary>
        public string? Replay { get; init; }

        /// <summary>Bytes the process may hold before the search stops incomplete (null: the default ceiling).</summary>
        public long? MaxMemory { get; init; }

        /// <summary>The command the report names (<c>check</c>, <c>wdrf</c>).</summary>
        public string Verb { get; init; } = "check";
    }

    /// <summary>What a command does with a loaded C program (the request's timeout is what clang left); returns the exit code.</summary>
    public delegate int LoadedRun(CFrontend.Loaded loaded, CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel);

    public static int Execute(CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel) =>
        Execute(req, output, error, cancel, Check);

    /// <summary>Loads the file (or each .c file of a folder) and runs <paramref name="run"/> on it, with the shared handling of input errors, timeouts, interrupts and re-lowering.</summary>
    public static int Execute(CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel, LoadedRun run)
    {
        if (req.Graph is not null && GraphTargetError(req.Graph) is { } refused)
        {
            return Fail(req, output, error, $"{req.Graph}: error: {refused}");
        }
        if (req.Graph is not null && req.Model != "sc")
        {
            // A relaxed model's answer is a set of final states, not one interleaving: writing nothing let the user look for a picture.
            return Fail(req, output, error, $"{req.Graph}: error: --graph draws the SC search's violation trace; --model {req.Model} has no trace to draw (run without --model for one)");
        }
        if (Directory.Exists(req.File))
        {
            return ExecuteFolder(req, output, error, cancel, run);
        }
        try
        {
            return ExecuteFile(req, output, error, cancel, run);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            if (req.Json)
            {
                WriteStatus(output, req.File, "interrupted", "vrm: interrupted");
            }
            error.WriteLine($"{req.File}: vrm: interrupted");
            return ExitCode.Interrupted;
        }
    }

    /// <summary>
    /// Why vrm will not write the picture where --graph says, or null. It writes FILE.dot (and FILE.svg beside
    /// it) or into a folder; an existing file that is not a .dot one vrm could have written is left alone.
    /// </summary>
    private static string? GraphTargetError(string target)
    {
        if (Directory.Exists(target) || target.EndsWith('/'))
        {
            return null;
        }
        if (!target.EndsWith(".dot", StringComparison.Ordinal))
        {
            return File.Exists(target) ? "--graph would overwrite this file: it writes a FILE.dot or into a folder, and this is neither" : null;
        }
        var info = new FileInfo(target);
        return info.Exists && (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReadOnly))
            ? "--graph will not overwrite a link or a read-only file"
            : null;
    }

    /// <summary>An input error: the message on stderr, and with --json a JSON report of it on stdout.</summary>
    private static int Fail(CheckRequest req, TextWriter output, TextWriter error, string message)
    {
        if (req.Json)
        {
            WriteStatus(output, req.File, "error", message);
        }
        error.WriteLine(message);
        return ExitCode.InputError;
    }

    private static void WriteStatus(TextWriter output, string file, string verdict, string message)
    {
        using var stream = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream, JsonFormat.Options))
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            w.WriteString("verdict", verdict);
            w.WriteString("message", message);
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static int ExecuteFile(CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel, LoadedRun run)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CFrontend.Loaded loaded;
        if (!File.Exists(req.File) && new FileInfo(req.File).LinkTarget is null)
        {
            return Fail(req, output, error, $"{req.File}: error: no such file");
        }
        try
        {
            InputFiles.OpenRegular(req.File).Dispose();
            loaded = CFrontend.Load(req.File, req.ClangFlags, req.Timeout, cancel);
        }
        catch (InputFileException e)
        {
            return Fail(req, output, error, e.Message);
        }
        catch (DiagnosticException e)
        {
            return Fail(req, output, error, e.Diagnostic.ToString());
        }
        catch (TimeoutException)
        {
            return Incomplete(req, output, error, $"clang did not finish within --timeout {req.Timeout?.TotalSeconds:0.######} s");
        }
        foreach (var note in loaded.Notes)
        {
            error.WriteLine(note);
        }
        // clang's time counts against the timeout: the search gets what is left.
        var left = req.Timeout is { } t && t != TimeSpan.MaxValue ? t - clock.Elapsed : req.Timeout;
        if (left is { } l && l <= TimeSpan.Zero)
        {
            return Incomplete(req, output, error, $"clang used the whole --timeout {req.Timeout?.TotalSeconds:0.######} s");
        }
        while (true)
        {
            try
            {
                return run(loaded, req with { Timeout = left }, output, error, cancel);
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
                // Input vrm cannot take, some of which only running it shows (a choice of too many values, a block too large).
                return Fail(req, output, error, e.Diagnostic.ToString());
            }
        }
    }

    private static int Check(CFrontend.Loaded loaded, CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel) =>
        req.Model != "sc"
            ? RelaxedCheck.Execute(loaded.Program, req, output, error, cancel)
            : CheckSc(loaded, req, output, error, cancel);

    /// <summary>A run stopped before its search began (clang took the time): a verdict, as incomplete as the others.</summary>
    private static int Incomplete(CheckRequest req, TextWriter output, TextWriter error, string reason)
    {
        if (req.Json)
        {
            WriteStatus(output, req.File, "incomplete", reason);
        }
        else
        {
            output.WriteLine($"vrm {req.Verb} {req.File} (model {req.Model})");
            output.WriteLine($"Incomplete: {reason}");
            output.WriteLine("Verdict: incomplete");
        }
        return ExitCode.Incomplete;
    }

    private static int CheckSc(CFrontend.Loaded loaded, CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel)
    {
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
                        return Fail(req, output, error, $"--replay: error: '{part}' is not a thread id and a value");
                    }
                    choice = v;
                }
                if (!int.TryParse(pieces[0].TrimStart('T'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id))
                {
                    return Fail(req, output, error, $"--replay: error: '{part}' is not a thread id");
                }
                ids.Add(new ReplayStep(id, choice));
            }
            try
            {
                result = Replay.Run(loaded.Program, ids, req.Options);
            }
            catch (ArgumentException e)
            {
                return Fail(req, output, error, $"--replay: error: {e.Message}");
            }
        }
        else
        {
            result = ExecutionCheck.Applies(loaded.Program)
                ? ExecutionCheck.Run(loaded.Program, req.Options, new Budget(cancel, req.Timeout, req.MaxMemory))
                : SourceDpor.Explore(loaded.Program, req.Options, new Budget(cancel, req.Timeout, req.MaxMemory));
        }
        if (req.Json)
        {
            CheckReport.WriteJson(output, result);
        }
        else
        {
            CheckReport.Write(output, result, req.Options);
        }
        int code = CheckReport.Exit(result);
        if (req.Graph is not null && result.Violation is not null)
        {
            try
            {
                TraceGraph.Write(req.Graph, result, error);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{req.Graph}: error: cannot write the picture: {e.Message}");
                code = ExitCode.Worst(code, ExitCode.InputError);
            }
        }
        return code;
    }

    /// <summary>
    /// Every .c file of a folder, each report in turn; the exit code is the worst of them. With --json the
    /// reports form one JSON array.
    /// </summary>
    private static int ExecuteFolder(CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel, LoadedRun run)
    {
        var input = InputFiles.Expand([req.File], ".c");
        if (input.Fatal.Count > 0)
        {
            input.Fatal.ForEach(m => Fail(req, output, error, m));
            return ExitCode.InputError;
        }
        int worst = input.Unreadable.Count > 0 ? ExitCode.InputError : ExitCode.Ok;
        input.Unreadable.ForEach(error.WriteLine);
        var reports = new List<string>();
        foreach (var f in input.Files)
        {
            if (cancel.IsCancellationRequested)
            {
                break;
            }
            var one = new StringWriter();
            int code = Execute(req with { File = f, Graph = req.Graph is null ? null : Path.Combine(req.Graph, Path.GetFileNameWithoutExtension(f) + "-trace.dot") }, req.Json ? one : output, error, cancel, run);
            worst = ExitCode.Worst(worst, code);
            if (req.Json)
            {
                reports.Add(one.ToString().TrimEnd());
            }
            else
            {
                output.WriteLine();
            }
        }
        if (req.Json)
        {
            output.WriteLine("[" + string.Join(",\n", reports) + "]");
        }
        if (cancel.IsCancellationRequested && worst != ExitCode.Interrupted)
        {
            error.WriteLine("vrm: interrupted");
            worst = ExitCode.Interrupted;
        }
        return worst;
    }
}
