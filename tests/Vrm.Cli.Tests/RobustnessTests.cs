using System.Diagnostics;
using Xunit;
using VrmCli = Vrm.Cli.Cli;

namespace Vrm.Cli.Tests;

/// <summary>
/// Hostile input (issue 13): each reproducer of a crash, a limit that did not limit, a wrong exit code or a
/// silent pass, run through the command line in-process (and, for Ctrl-C, as a real process).
/// </summary>
public sealed partial class RobustnessTests : IDisposable
{
    private const string Mp = """
        AArch64 MP
        {
         0:X1=x; 0:X3=y;
         1:X1=y; 1:X3=x;
        }
         P0          | P1          ;
         MOV W0,#1   | LDR W0,[X1] ;
         STR W0,[X1] | LDR W2,[X3] ;
         MOV W2,#1   |             ;
         STR W2,[X3] |             ;
        exists (1:X0=1 /\ 1:X2=0)

        """;

    private readonly string dir = Directory.CreateTempSubdirectory("vrm-robust-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A one-thread test whose thread runs <paramref name="code"/> (cells separated by newlines).</summary>
    private static string OneThread(string code, string init = "0:X1=x;", string condition = "exists (0:X0=1)") =>
        $"AArch64 T\n{{ {init} }}\n P0 ;\n{string.Concat(code.Split('\n').Select(l => $" {l} ;\n"))}{condition}\n";

    private sealed record Result(int Code, string Out, string Err)
    {
        public override string ToString() => $"exit {Code}\n--- stdout\n{Out}--- stderr\n{Err}";
    }

    private static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = VrmCli.Run(args, output, error);
        return new Result(code, output.ToString().Replace("\r\n", "\n"), error.ToString().Replace("\r\n", "\n"));
    }

    /// <summary>
    /// Runs vrm with a generous bound on the wall clock, so that a search that ignores its limits fails the test
    /// instead of hanging the suite. The bound is many times what the run needs: it is no performance assertion.
    /// </summary>
    private static Result RunBounded(int seconds, params string[] args)
    {
        var run = Task.Run(() => Run(args));
        Assert.True(run.Wait(TimeSpan.FromSeconds(seconds)), $"vrm {string.Join(' ', args)} ran past {seconds} s: a limit did not limit");
        return run.Result;
    }

    /// <summary>An input error: exit code 1 and a <c>file(line,col): error:</c> line, never an internal error or a trace.</summary>
    private static void AssertInputError(Result r, string message)
    {
        Assert.True(r.Code == 1, r.ToString());
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
        AssertNoCrash(r);
    }

    private static void AssertNoCrash(Result r)
    {
        Assert.DoesNotContain("internal error", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.Out + r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Out + r.Err, StringComparison.Ordinal);
    }


    /// <summary>The native vrm beside the tests (the apphost of the Vrm.Cli project they reference).</summary>
    private static string VrmExecutable => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "vrm.exe" : "vrm");

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(VrmExecutable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        return Process.Start(start)!;
    }
}
