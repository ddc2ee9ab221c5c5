using System.Text.Json;
using Xunit;

namespace Vrm.Cli.Tests;

/// <summary><c>vrm check</c> on hostile C input: joins POSIX forbids, a clang that does not end, pictures over other files.</summary>
public sealed partial class RobustnessTests
{
    private const string JoinTwice = """
        #include <pthread.h>
        int x;
        void *w(void *a) { x = 1; return 0; }
        int main(void)
        {
            pthread_t t;
            pthread_create(&t, 0, w, 0);
            pthread_join(t, 0);
            pthread_join(t, 0);
            return 0;
        }

        """;

    private const string JoinZero = """
        #include <pthread.h>
        int x;
        void *w(void *a) { x = 1; return 0; }
        int main(void)
        {
            pthread_t t, never = 0;
            pthread_create(&t, 0, w, 0);
            pthread_join(never, 0);
            pthread_join(t, 0);
            return 0;
        }

        """;

    /// <summary>Every model says what POSIX says: joining a thread twice, or joining thread 0, is an error of the program.</summary>
    [Theory]
    [InlineData("sc", "twice", "(9,5): error: pthread_join of T1, which was already joined (POSIX: undefined behaviour)")]
    [InlineData("arm", "twice", "(9,5): error: pthread_join after every thread was joined: it joins one twice or one no pthread_create returned")]
    [InlineData("promising", "twice", "(9,5): error: pthread_join after every thread was joined: it joins one twice or one no pthread_create returned")]
    [InlineData("sc", "zero", "(8,5): error: pthread_join of thread id 0, which no pthread_create returned (an unset pthread_t, or main)")]
    [InlineData("arm", "zero", "(8,5): error: pthread_join of thread id 0, which no pthread_create returned (an unset pthread_t, or main)")]
    [InlineData("promising", "zero", "(8,5): error: pthread_join of thread id 0, which no pthread_create returned (an unset pthread_t, or main)")]
    public void BadJoinsAreInputErrorsUnderEveryModel(string model, string which, string message)
    {
        var path = Write($"join-{which}.c", which == "twice" ? JoinTwice : JoinZero);
        var r = Run("check", "--model", model, path);
        Assert.True(r.Code == 1, r.ToString());
        Assert.Equal("", r.Out);
        Assert.Contains(path + message + "\n", r.Err, StringComparison.Ordinal);
        AssertNoCrash(r);
    }

    /// <summary>clang on a megabyte-long identifier takes minutes: --timeout bounds clang too.</summary>
    [Fact]
    public void ClangCountsAgainstTheTimeout()
    {
        var name = "v" + new string('x', 1 << 20);
        var path = Write("long.c", $"int {name};\nint main(void)\n{{\n    {name} = 1;\n    return {name} == 1 ? 0 : 1;\n}}\n");
        var r = RunBounded(60, "check", "--timeout", "1", path);
        Assert.True(r.Code is 4 or 0, r.ToString());
        if (r.Code == 4)
        {
            Assert.Contains("Verdict: incomplete\n", r.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckGraphDoesNotOverwriteAFileVrmDidNotWrite()
    {
        var precious = Write("notes.txt", "keep me");
        var r = Run("check", "--graph", precious, Path.Combine(dir, "any.c"));
        Assert.Equal(1, r.Code);
        Assert.Contains($"{precious}: error: --graph would overwrite this file", r.Err, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(precious));
    }

    [Fact]
    public void CheckGraphWithoutDotExtensionIsAFolder()
    {
        var target = Path.Combine(dir, "pictures");
        var r = Run("check", "--graph", target, Repo.Examples("c", "mp-race.c"));
        Assert.True(r.Code == 2, r.ToString());
        Assert.True(File.Exists(Path.Combine(target, "mp-race-trace.dot")), r.ToString());
    }

    [Fact]
    public void JsonCheckReportIsJsonForAnInputError()
    {
        var missing = Path.Combine(dir, "missing.c");
        var r = Run("check", "--json", missing);
        Assert.Equal(1, r.Code);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("error", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal($"{missing}: error: no such file", doc.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void JsonCheckReportIsJsonForAUsageError()
    {
        var r = Run("check", "--json", "--max-executions", "0", Path.Combine(dir, "any.c"));
        Assert.Equal(1, r.Code);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("error", doc.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public void CheckFolderWithoutCFilesIsAnError()
    {
        Directory.CreateDirectory(Path.Combine(dir, "none"));
        var r = Run("check", Path.Combine(dir, "none"));
        Assert.Equal(1, r.Code);
        Assert.Equal($"{Path.Combine(dir, "none")}: error: no .c files in this folder\n", r.Err);
    }

    [Fact]
    public void CheckOfAFifoIsAnInputErrorNotAHang()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var fifo = Path.Combine(dir, "pipe.c");
        MakeFifo(fifo);
        var r = RunBounded(30, "check", fifo);
        Assert.Equal(1, r.Code);
        Assert.Equal($"{fifo}: error: not a regular file\n", r.Err);
    }

    private static void MakeFifo(string path)
    {
        using var p = System.Diagnostics.Process.Start("mkfifo", [path]);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }
}
