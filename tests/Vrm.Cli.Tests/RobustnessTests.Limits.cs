using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Models;
using Vrm.Models.Executions;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Cli.Tests;

/// <summary>Limits that did not limit: each search loop now counts against --max-states and checks the budget.</summary>
public sealed partial class RobustnessTests
{
    /// <summary>A model that rejects every reads-from choice: the search examines them all and keeps none.</summary>
    private sealed class RejectingModel : IAxiomaticModel
    {
        public string Name => "rejecting";

        public bool AcceptsReadsFrom(CandidateExecution x) => false;

        public string? Violation(CandidateExecution x) => "never";
    }

    /// <summary>
    /// Choices of reads-from the model rejects cost as much as accepted ones: they count against the limit, so
    /// a search whose every choice is rejected still stops at --max-states instead of running on unbudgeted.
    /// </summary>
    [Fact]
    public void RejectedReadsFromChoicesCountAgainstTheLimit()
    {
        int n = 5;
        var text = $"AArch64 CAS{n}\n{{ {string.Concat(Enumerable.Range(0, n).Select(t => $"{t}:X1=x; {t}:X0=0; {t}:X2=1; "))}}}\n"
            + string.Join(" | ", Enumerable.Range(0, n).Select(t => $"P{t}")) + " ;\n"
            + string.Join(" | ", Enumerable.Range(0, n).Select(_ => "CAS X0,X2,[X1]")) + " ;\n"
            + string.Join(" | ", Enumerable.Range(0, n).Select(_ => "LDR X3,[X1]")) + " ;\n"
            + "exists (x=1)\n";
        var program = LitmusLowering.Lower(LitmusParser.Parse("cas.litmus", text));
        var r = Explorer.Run(program, new RejectingModel(), new ExploreOptions { MaxCandidates = 100 });
        Assert.Equal(Completion.LimitReached, r.Completion);
        Assert.Equal("more than 100 candidate executions", r.IncompleteReason);
    }

    /// <summary>Thirty readers of one location and a writer: 2^30 combinations of the threads' final states at one memory.</summary>
    private static string Readers(int n, string condition) =>
        "AArch64 READERS\n{ " + string.Concat(Enumerable.Range(0, n + 1).Select(t => $"{t}:X1=x; ")) + "}\n"
        + string.Join(" | ", Enumerable.Range(0, n + 1).Select(t => $"P{t}")) + " ;\n"
        + string.Join(" | ", Enumerable.Range(0, n).Select(_ => "LDR X0,[X1]")) + " | MOV X0,#1 ;\n"
        + string.Join(" | ", Enumerable.Range(0, n).Select(_ => "")) + " | STR X0,[X1] ;\n"
        + condition + "\n";

    /// <summary>When every reader's register is named, the 2^30 states are all distinct: the combination stops at --max-states.</summary>
    [Fact]
    public void PromisingCombinationOfThreadOutcomesIsBounded()
    {
        var condition = "exists (" + string.Join(" /\\ ", Enumerable.Range(0, 30).Select(t => $"{t}:X0=1")) + ")";
        var r = RunBounded(120, "litmus", "--model", "promising", "--max-states", "100000", Write("readers.litmus", Readers(30, condition)));
        Assert.True(r.Code == 4, r.ToString());
        Assert.Contains("Incomplete: more than 100000 combinations of the threads' final states (--max-states)\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>When only one reader is named, the others' final states combine as one each, counted with their number.</summary>
    [Fact]
    public void PromisingCombinesOnlyWhatTheConditionTellsApart()
    {
        var r = RunBounded(120, "litmus", "--model", "promising", Write("readers.litmus", Readers(30, "exists (0:X0=1)")));
        Assert.True(r.Code == 0, r.ToString());
        Assert.EndsWith("Observation READERS Sometimes 536870912 536870912\n\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>65,536 conjuncts: read, printed and evaluated in one pass each (nested left to right, they overflowed the stack).</summary>
    [Fact]
    public void HugeConditionsAreReadAndPrinted()
    {
        int n = 1 << 16;
        var condition = "exists (" + string.Join(" /\\ ", Enumerable.Repeat("0:X0=0", n)) + ")";
        var r = RunBounded(120, "litmus", Write("conjuncts.litmus", OneThread("LDR X0,[X1]", condition: condition)));
        Assert.True(r.Code == 0, r.ToString()[..Math.Min(2000, r.ToString().Length)]);
        var line = r.Out.Split('\n').Single(l => l.StartsWith("Condition ", StringComparison.Ordinal));
        Assert.Equal("Condition " + condition, line);
        Assert.Contains("Observation T Always 1 0\n", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sc")]
    [InlineData("arm")]
    [InlineData("promising")]
    public void MemoryCeilingEndsTheRunIncomplete(string model)
    {
        // The test process holds more than a megabyte, so the first check of the budget stops the search.
        var r = Run("litmus", "--model", model, "--max-memory", "1", Write("MP.litmus", Mp));
        Assert.True(r.Code == 4, r.ToString());
        Assert.Contains("Incomplete: memory: the process held more than 1 MB (--max-memory)\n", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void MemoryCeilingEndsACheckIncomplete()
    {
        var ll = Path.Combine(Repo.Root, "tests", "Vrm.Cli.Tests", "C", "programs");
        var file = Directory.GetFiles(ll, "*.ll").Order(StringComparer.Ordinal).FirstOrDefault();
        if (file is null)
        {
            return;
        }
        var r = Run("check", "--max-memory", "1", file);
        Assert.True(r.Code is 4 or 2, r.ToString());
        AssertNoCrash(r);
    }

    /// <summary>Size bounds of the engines end in an explicit incomplete verdict, not in "unsupported".</summary>
    [Fact]
    public void EventCapIsIncompleteNotUnsupported()
    {
        var path = Write("events.litmus", OneThread(string.Join("\n", Enumerable.Repeat("STR X0,[X1]", 70)), condition: "exists (x=0)"));
        var r = Run("litmus", path);
        Assert.True(r.Code == 4, r.ToString());
        Assert.Contains("Incomplete: thread P0 has more than 64 events on one path\n", r.Out, StringComparison.Ordinal);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public void FifoAndLinkLoopInAFolderAreNotFollowed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Write("suite/MP.litmus", Mp);
        MakeFifo(Path.Combine(dir, "suite", "pipe.litmus"));
        Directory.CreateDirectory(Path.Combine(dir, "suite", "sub"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "suite", "sub", "loop"), Path.Combine(dir, "suite"));
        File.CreateSymbolicLink(Path.Combine(dir, "suite", "again.litmus"), Path.Combine(dir, "suite", "MP.litmus"));
        var r = RunBounded(60, "litmus", Path.Combine(dir, "suite"));
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal(1, r.Out.Split('\n').Count(l => l.StartsWith("Test MP", StringComparison.Ordinal)));
    }

    [Fact]
    public void NamedFifoIsAnInputErrorNotAHang()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var fifo = Path.Combine(dir, "pipe.litmus");
        MakeFifo(fifo);
        var r = RunBounded(30, "litmus", fifo);
        Assert.Equal(1, r.Code);
        Assert.Equal($"{fifo}: error: not a regular file\n", r.Err);
    }
}
