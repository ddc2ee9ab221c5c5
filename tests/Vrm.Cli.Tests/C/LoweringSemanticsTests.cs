using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// The integer semantics of the LLVM lowering, checked by C programs that assert their own results
/// (tests/Vrm.Cli.Tests/C/programs): their inputs are external globals or written by a thread, so clang -O1
/// cannot fold the computations and vrm must do them. Each must check ok with every execution complete;
/// compiled with -DWRONG, each adds one false assertion that must fail.
/// </summary>
public class LoweringSemanticsTests
{
    /// <summary>Enough for the programs' longest loop (10 iterations), so no execution is cut.</summary>
    private const string Unroll = "12";

    [Theory]
    [InlineData("arith.c")]
    [InlineData("casts.c")]
    [InlineData("control.c")]
    [InlineData("memory.c")]
    [InlineData("atomics.c")]
    [InlineData("threads.c")]
    [InlineData("minmax.ll")]
    public void ProgramChecksOk(string file)
    {
        var r = CheckRun.Run(CheckRun.Program(file), "--unroll", Unroll);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        Assert.DoesNotContain("Loop bound hit", r.Out, StringComparison.Ordinal);
        Assert.Matches(@"Executions: [1-9]\d* complete, 0 blocked", r.Out);
    }

    /// <summary>The line of each program's -DWRONG assertion and its text, as the report prints them.</summary>
    [Theory]
    [InlineData("arith.c", 80, "i32m / i32p == -4")]
    [InlineData("casts.c", 51, "(uint8_t)a8 < (uint8_t)b8")]
    [InlineData("control.c", 94, "fib(n) == 56")]
    [InlineData("memory.c", 46, "items[i1].small == 4000")]
    [InlineData("atomics.c", 39, "atomic_fetch_add(&a, 1) == 2")]
    [InlineData("threads.c", 64, "atomic_load(&maximum) == -20")]
    public void WrongAssertionFails(string file, int line, string text)
    {
        var r = CheckRun.Run(CheckRun.Program(file), "--unroll", Unroll, "--", "-DWRONG");
        Assert.True(r.Code == 2 && r.Verdict == "assertion fails", r.ToString());
        Assert.Contains($"{file}:{line}: error: assertion failed: {text}\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>A changed expectation in the hand-written IR (smax of -100 and 20 is not -100) must fail too.</summary>
    [Fact]
    public void WrongMinMaxFails()
    {
        var dir = Directory.CreateTempSubdirectory("vrm-minmax-");
        try
        {
            var path = Path.Combine(dir.FullName, "minmax.ll");
            File.WriteAllText(path, File.ReadAllText(CheckRun.Program("minmax.ll")).Replace("%smax8, 20", "%smax8, -100", StringComparison.Ordinal));
            var r = CheckRun.Run(path);
            Assert.True(r.Code == 2 && r.Verdict == "assertion fails", r.ToString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
