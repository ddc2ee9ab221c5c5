using System.Text.Json;
using Xunit;
using VrmCli = Vrm.Cli.Cli;

namespace Vrm.Cli.Tests;

/// <summary>
/// The command line run in-process on inputs written to a fresh temporary folder per test, checking exit
/// codes and what reaches stdout and stderr.
/// </summary>
public sealed class CliTests : IDisposable
{
    private const string Mp = """
        AArch64 MP
        "Message passing with no ordering on either thread"
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

    /// <summary>Two writers and two readers of x and y: thousands of executions, so a tiny timeout always cuts it short.</summary>
    private const string Big = """
        AArch64 BIG
        {
         0:X1=x; 0:X3=y;
         1:X1=y; 1:X3=x;
         2:X1=x; 2:X3=y;
         3:X1=y; 3:X3=x;
        }
         P0          | P1          | P2          | P3          ;
         MOV X0,#1   | MOV X0,#1   | LDR X0,[X1] | LDR X0,[X1] ;
         STR X0,[X1] | STR X0,[X1] | LDR X2,[X3] | LDR X2,[X3] ;
         MOV X2,#2   | MOV X2,#2   | LDR X4,[X1] | LDR X4,[X1] ;
         STR X2,[X3] | STR X2,[X3] | LDR X5,[X3] | LDR X5,[X3] ;
        exists (2:X0=1 /\ 3:X0=1)

        """;

    private const string UsesLdp = "AArch64 U\n{ 0:X1=x; }\n P0 ;\n LDP X0,X2,[X1] ;\nexists (0:X0=1)\n";

    private const string WrongArity = "AArch64 E\n{ 0:X1=x; }\n P0 ;\n MOV X0 ;\nexists (0:X0=1)\n";

    /// <summary>herd7's own output for MP under the Arm model.</summary>
    private const string HerdMp = """
        Test MP Allowed
        States 4
        1:X0=0; 1:X2=0;
        1:X0=0; 1:X2=1;
        1:X0=1; 1:X2=0;
        1:X0=1; 1:X2=1;
        Ok
        Witnesses
        Positive: 1 Negative: 3
        Condition exists (1:X0=1 /\ 1:X2=0)
        Observation MP Sometimes 1 3

        """;

    /// <summary>A log that claims MP is forbidden, as SC would have it, so vrm's Arm result must disagree.</summary>
    private const string HerdMpNever = """
        Test MP Allowed
        States 3
        1:X0=0; 1:X2=0;
        1:X0=0; 1:X2=1;
        1:X0=1; 1:X2=1;
        No
        Witnesses
        Positive: 0 Negative: 3
        Condition exists (1:X0=1 /\ 1:X2=0)
        Observation MP Never 0 3

        """;

    private readonly string dir = Directory.CreateTempSubdirectory("vrm-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = VrmCli.Run(args, output, error);
        return (code, output.ToString().Replace("\r\n", "\n"), error.ToString().Replace("\r\n", "\n"));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void GoodFilePrintsHerdOutputAndExitsZero()
    {
        var (code, output, error) = Run("litmus", Write("MP.litmus", Mp));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(
            "Test MP Allowed\nStates 4\n1:X0=0; 1:X2=0;\n1:X0=0; 1:X2=1;\n1:X0=1; 1:X2=0;\n1:X0=1; 1:X2=1;\nOk\nWitnesses\n" +
            "Positive: 1 Negative: 3\nCondition exists (1:X0=1 /\\ 1:X2=0)\nObservation MP Sometimes 1 3\n\n",
            output);
    }

    [Fact]
    public void BadFileGivesOneDiagnosticLineAndExitCodeOne()
    {
        var path = Write("E.litmus", WrongArity);
        var (code, output, error) = Run("litmus", path);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"{path}(4,2): error: 'MOV' takes 2 or 3 operands but has 1\n", error);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedFileIsReportedButIsNotAFailure()
    {
        var path = Write("U.litmus", UsesLdp);
        var (code, output, error) = Run("litmus", path);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Equal($"{path}(4,2): error: unsupported instruction 'LDP'\n", error);
    }

    [Fact]
    public void MissingPathExitsOneWithoutRunningAnything()
    {
        var missing = Path.Combine(dir, "nope.litmus");
        var (code, output, error) = Run("litmus", Write("MP.litmus", Mp), missing);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"{missing}: error: no such file or folder\n", error);
    }

    [Fact]
    public void FolderRunContinuesPastAnUnsupportedTest()
    {
        Write("suite/MP.litmus", Mp);
        var ldp = Write("suite/sub/U.litmus", UsesLdp);
        var (code, output, error) = Run("litmus", Path.Combine(dir, "suite"), "-j", "1");
        Assert.Equal(0, code);
        Assert.StartsWith("Test MP Allowed\n", output, StringComparison.Ordinal);
        Assert.Contains("Observation MP Sometimes 1 3\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Test U", output, StringComparison.Ordinal);
        Assert.Equal($"{ldp}(4,2): error: unsupported instruction 'LDP'\n", error);
    }

    [Fact]
    public void FolderRunWithABadTestStillPrintsTheGoodOneButFails()
    {
        Write("suite/MP.litmus", Mp);
        var bad = Write("suite/E.litmus", WrongArity);
        var (code, output, error) = Run("litmus", Path.Combine(dir, "suite"));
        Assert.Equal(1, code);
        Assert.Contains("Observation MP Sometimes 1 3\n", output, StringComparison.Ordinal);
        Assert.Equal($"{bad}(4,2): error: 'MOV' takes 2 or 3 operands but has 1\n", error);
    }

    [Fact]
    public void JsonReportParsesAndListsStates()
    {
        var path = Write("MP.litmus", Mp);
        Write("U.litmus", UsesLdp);
        var (code, output, _) = Run("litmus", dir, "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var tests = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, tests.Count);

        var mp = tests[0];
        Assert.Equal(path, mp.GetProperty("file").GetString());
        Assert.Equal("MP", mp.GetProperty("name").GetString());
        var arm = mp.GetProperty("arm");
        Assert.Equal("exists (1:X0=1 /\\ 1:X2=0)", arm.GetProperty("condition").GetString());
        Assert.Equal("Ok", arm.GetProperty("verdict").GetString());
        Assert.Equal("Sometimes", arm.GetProperty("observation").GetString());
        Assert.Equal(1, arm.GetProperty("positive").GetInt64());
        Assert.Equal(3, arm.GetProperty("negative").GetInt64());
        Assert.True(arm.GetProperty("complete").GetBoolean());
        var states = arm.GetProperty("states").EnumerateArray()
            .Select(s => $"{s.GetProperty("1:X0").GetString()},{s.GetProperty("1:X2").GetString()},{s.GetProperty("satisfies").GetBoolean()}")
            .ToList();
        Assert.Equal(["0,0,False", "0,1,False", "1,0,True", "1,1,False"], states);
        Assert.False(mp.TryGetProperty("sc", out _));

        Assert.Equal("U", tests[1].GetProperty("name").GetString());
        Assert.Equal("unsupported", tests[1].GetProperty("status").GetString());
        Assert.EndsWith("(4,2): error: unsupported instruction 'LDP'", tests[1].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sc", "No", "Observation MP Never 0 3", 3)]
    [InlineData("arm", "Ok", "Observation MP Sometimes 1 3", 4)]
    public void ScForbidsMessagePassingAndArmAllowsIt(string model, string verdict, string observation, int states)
    {
        var (code, output, _) = Run("litmus", Write("MP.litmus", Mp), "--model", model);
        Assert.Equal(0, code);
        var lines = Lines(output);
        Assert.Equal($"States {states}", lines[1]);
        Assert.Contains(verdict, lines);
        Assert.Equal(observation, lines[^1]);
        Assert.Equal(model == "sc", !output.Contains("1:X0=1; 1:X2=0;", StringComparison.Ordinal));
    }

    [Fact]
    public void ModelAllPrintsOneRowPerTestWithBothVerdicts()
    {
        Write("MP.litmus", Mp);
        Write("U.litmus", UsesLdp);
        var (code, output, _) = Run("litmus", dir, "--model", "all");
        Assert.Equal(0, code);
        // Spacing follows the widest cell, and models added later get further columns; compare words.
        var rows = Lines(output).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.StartsWith("test sc arm", rows[0], StringComparison.Ordinal);
        Assert.Matches("^─+$", rows[1]);
        Assert.StartsWith("MP No Never (3 states) Ok Sometimes (4 states)", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("U unsupported unsupported", rows[3], StringComparison.Ordinal);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void UnknownModelIsRejected()
    {
        var (code, _, error) = Run("litmus", Write("MP.litmus", Mp), "--model", "tso");
        Assert.Equal(1, code);
        Assert.Contains("Argument 'tso' not recognized", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphWritesOneDotFilePerWitness()
    {
        var graphs = Path.Combine(dir, "graphs");
        var (code, _, error) = Run("litmus", Write("MP.litmus", Mp), "--graph", graphs);
        Assert.Equal(0, code);
        var dots = Directory.GetFiles(graphs, "*.dot").Select(Path.GetFileName).ToList();
        Assert.Equal(["MP-arm-0.dot"], dots);
        var dot = File.ReadAllText(Path.Combine(graphs, "MP-arm-0.dot"));
        Assert.StartsWith("digraph \"MP-0\" {\n  label=\"MP: arm witness 0\";", dot, StringComparison.Ordinal);
        Assert.Contains("init: Wx=0", dot, StringComparison.Ordinal);
        Assert.Contains("[label=\"rf\", color=red, fontcolor=red]", dot, StringComparison.Ordinal);
        Assert.EndsWith("}\n", dot, StringComparison.Ordinal);

        bool hasDot = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "dot")));
        if (hasDot)
        {
            Assert.True(File.Exists(Path.Combine(graphs, "MP-arm-0.svg")));
        }
        else
        {
            Assert.Equal("vrm: note: Graphviz 'dot' is not installed; wrote .dot files only\n", error);
        }
    }

    [Fact]
    public void GraphUnderScDrawsNothingForAForbiddenOutcome()
    {
        var graphs = Path.Combine(dir, "graphs");
        var (code, _, _) = Run("litmus", Write("MP.litmus", Mp), "--model", "sc", "--graph", graphs);
        Assert.Equal(0, code);
        // The folder is still created, so scripts can rely on it.
        Assert.True(Directory.Exists(graphs));
        Assert.Empty(Directory.GetFiles(graphs));
    }

    [Fact]
    public void CompareAgreesWithAMatchingHerdLog()
    {
        var log = Write("herd.log", HerdMp);
        var (code, output, error) = Run("litmus", Write("MP.litmus", Mp), "--compare", log);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = Lines(output);
        Assert.Equal("agree MP", lines[^2]);
        Assert.Equal("Total: 1 tests, 1 agree, 0 disagree, 0 unsupported, 0 incomplete, 0 without herd7 result, 0 errors", lines[^1]);
    }

    [Fact]
    public void CompareDisagreesWithAMismatchingHerdLogAndExitsTwo()
    {
        var log = Write("herd.log", HerdMpNever);
        var (code, output, _) = Run("litmus", Write("MP.litmus", Mp), "--compare", log);
        Assert.Equal(2, code);
        var lines = Lines(output);
        Assert.Equal("DISAGREE MP: herd7 Never, vrm Sometimes; only vrm: 1:X0=1; 1:X2=0", lines[^2]);
        Assert.Equal("Total: 1 tests, 0 agree, 1 disagree, 0 unsupported, 0 incomplete, 0 without herd7 result, 0 errors", lines[^1]);
    }

    [Fact]
    public void CompareCountsUnsupportedAndMissingReferences()
    {
        Write("suite/MP.litmus", Mp);
        Write("suite/U.litmus", UsesLdp);
        Write("suite/SB.litmus", Mp.Replace("AArch64 MP", "AArch64 SB", StringComparison.Ordinal));
        var log = Write("herd.log", HerdMp);
        var (code, output, error) = Run("litmus", Path.Combine(dir, "suite"), "--compare", log, "--json");
        Assert.Equal(0, code);
        using var _ = JsonDocument.Parse(output);
        // With --json the summary goes to stderr so that stdout stays one JSON document.
        var lines = Lines(error);
        Assert.Equal(
            ["agree MP", "no-reference SB: herd7 has no result for it", "unsupported U: instruction 'LDP'",
             "Total: 3 tests, 1 agree, 0 disagree, 1 unsupported, 0 incomplete, 1 without herd7 result, 0 errors"],
            lines[^4..]);
    }

    [Fact]
    public void CompareWithAMissingLogExitsOne()
    {
        var log = Path.Combine(dir, "none.log");
        var (code, output, error) = Run("litmus", Write("MP.litmus", Mp), "--compare", log);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"{log}: error: no such herd log\n", error);
    }

    /// <summary>
    /// The timeout fires from a thread-pool timer. The test host runs tests on pool threads with a minimum of
    /// one per core, so a blocked pool can hold the callback back until the exploration has finished.
    /// </summary>
    private static void LeavePoolThreadsForTimers()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
    }

    [Fact]
    public void TinyTimeoutMarksTheResultIncomplete()
    {
        LeavePoolThreadsForTimers();
        var (code, output, _) = Run("litmus", Write("BIG.litmus", Big), "--timeout", "0.000001");
        // Incomplete has its own exit code: a script must not take a cut run for a pass.
        Assert.Equal(4, code);
        Assert.Equal("Incomplete: timeout after 0.000001 s", Lines(output)[^1]);
    }

    [Fact]
    public void TimeoutShowsInTheJsonReport()
    {
        LeavePoolThreadsForTimers();
        var (_, output, _) = Run("litmus", Write("BIG.litmus", Big), "--timeout", "0.000001", "--json");
        using var doc = JsonDocument.Parse(output);
        var arm = doc.RootElement[0].GetProperty("arm");
        Assert.False(arm.GetProperty("complete").GetBoolean());
        Assert.StartsWith("timeout after ", arm.GetProperty("incomplete").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConformanceAgreesOnAFolderWithHerdOutput()
    {
        Write("corpus/basic/MP.litmus", Mp);
        Write("corpus/basic/herd7.out", HerdMp);
        Write("corpus/nolog/BIG.litmus", Big);
        var (code, output, error) = Run("conformance", Path.Combine(dir, "corpus"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = Lines(output);
        // Only folders with a herd7.out take part.
        Assert.Equal(
            ["| folder | tests | supported | agree | disagree | unsupported | incomplete | no herd7 result |",
             "|---|---:|---:|---:|---:|---:|---:|---:|",
             "| basic | 1 | 1 | 1 | 0 | 0 | 0 | 0 |",
             "| **total** | 1 | 1 | 1 | 0 | 0 | 0 | 0 |"],
            lines[..4]);
        Assert.Matches(@"^conformance: 1 tests in \d+\.\d s; 1 agree, 0 disagree$", lines[^1]);
    }

    [Fact]
    public void ConformanceListsDisagreementsAndExitsTwo()
    {
        Write("corpus/basic/MP.litmus", Mp);
        Write("corpus/basic/U.litmus", UsesLdp);
        Write("corpus/basic/herd7.out", HerdMpNever);
        var (code, output, _) = Run("conformance", Path.Combine(dir, "corpus"));
        Assert.Equal(2, code);
        var lines = Lines(output);
        Assert.Equal("disagree basic/MP.litmus: herd7 Never, vrm Sometimes; only vrm: 1:X0=1; 1:X2=0", lines[0]);
        Assert.Contains("| basic | 2 | 1 | 0 | 1 | 1 | 0 | 0 |", lines);
        Assert.Contains("unsupported (1): instruction 'LDP'", lines);
        Assert.Matches(@"^conformance: 2 tests in \d+\.\d s; 0 agree, 1 disagree$", lines[^1]);
    }

    [Fact]
    public void ConformanceOnAMissingFolderExitsOne()
    {
        var missing = Path.Combine(dir, "nowhere");
        var (code, _, error) = Run("conformance", missing);
        Assert.Equal(1, code);
        Assert.Equal($"{missing}: error: no such folder\n", error);
    }
}
