using System.CommandLine;
using Vrm.Cli.Commands;
using Vrm.Cli.Output;

namespace Vrm.Cli;

/// <summary>Builds the command line; tests call <see cref="Run"/> in-process with their own writers.</summary>
public static class Cli
{
    /// <param name="cancel">Fires on Ctrl-C (see <see cref="EntryPoint"/>): commands print what finished and exit 130.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel = default)
    {
        var root = new RootCommand("vrm: checks concurrent AArch64 code against SC, the Arm axiomatic model and Promising-Arm.");
        root.Subcommands.Add(LitmusCommand.Create(output, error));
        root.Subcommands.Add(ConformanceCommand.Create(output, error));
        root.Subcommands.Add(CheckCommand.Create(output, error));
        root.Subcommands.Add(WdrfCommand.Create(output, error));
        bool json = args.Contains("--json");
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0 && parse.CommandResult.Command != root)
            {
                return UsageError(parse, json, output, error);
            }
            // vrm handles Ctrl-C itself (the token above), so that what finished is printed before it exits.
            var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return parse.InvokeAsync(config, cancel).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            error.WriteLine("vrm: interrupted");
            return ExitCode.Interrupted;
        }
        catch (Exception e)
        {
            if (json)
            {
                WriteJsonError(output, args, "internal error", $"vrm: internal error: {e.GetType().Name}: {e.Message}");
            }
            error.WriteLine($"vrm: internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("VRM_STACK") == "1")
            {
                // For a bug report: where it happened.
                error.WriteLine(e.ToString());
            }
            return ExitCode.Internal;
        }
    }

    /// <summary>An unknown option, a value out of range: one line per error and where to look, exit code 1.</summary>
    private static int UsageError(ParseResult parse, bool json, TextWriter output, TextWriter error)
    {
        var name = parse.CommandResult.Command.Name;
        foreach (var e in parse.Errors)
        {
            error.WriteLine($"vrm {name}: error: {e.Message}");
        }
        error.WriteLine($"('vrm {name} --help' lists the options)");
        if (json)
        {
            WriteJsonError(output, [name], "error", string.Join("; ", parse.Errors.Select(e => e.Message)));
        }
        return ExitCode.InputError;
    }

    /// <summary>A failure before any report, in each command's JSON shape: <c>vrm litmus</c> an array of tests, <c>vrm check</c> one object.</summary>
    private static void WriteJsonError(TextWriter output, string[] args, string status, string message)
    {
        using var stream = new MemoryStream();
        bool litmus = args.FirstOrDefault() != "check";
        using (var w = new System.Text.Json.Utf8JsonWriter(stream, JsonFormat.Options))
        {
            if (litmus)
            {
                w.WriteStartArray();
            }
            w.WriteStartObject();
            w.WriteString(litmus ? "status" : "verdict", status);
            w.WriteString("message", message);
            w.WriteEndObject();
            if (litmus)
            {
                w.WriteEndArray();
            }
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
