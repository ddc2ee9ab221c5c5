using VrmCli = Vrm.Cli.Cli;

namespace Vrm.Cli.Tests.C;

/// <summary>Runs <c>vrm check</c> in-process; paths under the repository are shown relative to its root, as a user in it would type them.</summary>
internal static class CheckRun
{
    public sealed record Result(int Code, string Out, string Err)
    {
        /// <summary>The word after <c>Verdict:</c> on the report's last line.</summary>
        public string Verdict => Out.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith("Verdict: ", StringComparison.Ordinal))?["Verdict: ".Length..] ?? "";

        public override string ToString() => $"exit {Code}\n--- stdout\n{Out}--- stderr\n{Err}";
    }

    public static Result Run(params string[] args) => RunCommand("check", args);

    /// <summary>Runs another command (<c>wdrf</c>) the same way.</summary>
    public static Result RunCommand(string command, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = VrmCli.Run([command, .. args], output, error);
        return new Result(code, Relative(output.ToString()), Relative(error.ToString()));
    }

    public static string Relative(string text) => text.Replace(Repo.Root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    /// <summary>A C program of tests/Vrm.Cli.Tests/C/programs.</summary>
    public static string Program(string name) => Path.Combine(Repo.Root, "tests", "Vrm.Cli.Tests", "C", "programs", name);

    public static bool IsViolation(string verdict) => verdict is "assertion fails" or "data race" or "deadlock" or "invalid access" or "invalid free" or "library misuse";
}
