using System.CommandLine;
using Vrm.Cli.Commands;

namespace Vrm.Cli;

/// <summary>Builds the command line; tests call <see cref="Run"/> in-process with their own writers.</summary>
public static class Cli
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("vrm: checks concurrent AArch64 code against SC, the Arm axiomatic model and Promising-Arm.");
        root.Subcommands.Add(LitmusCommand.Create(output, error));
        root.Subcommands.Add(ConformanceCommand.Create(output, error));
        root.Subcommands.Add(CheckCommand.Create(output, error));
        try
        {
            var parse = root.Parse(args);
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("vrm: interrupted");
            return ExitCode.Internal;
        }
        catch (Exception e)
        {
            error.WriteLine($"vrm: internal error: {e.GetType().Name}: {e.Message}");
            return ExitCode.Internal;
        }
    }
}
