using System.Text.Json;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Cli.Tests;

/// <summary>Inputs that crashed vrm (exit 3 or a signal): each is now an input error or a proper result.</summary>
public sealed partial class RobustnessTests
{
    [Theory]
    [InlineData(15_000, "(", ")")]
    [InlineData(30_000, "~", "")]
    [InlineData(20_000, "not ", "")]
    public void DeepNestingIsAnErrorNotAStackOverflow(int depth, string open, string close)
    {
        var condition = "exists (" + string.Concat(Enumerable.Repeat(open, depth)) + "0:X0=1" + string.Concat(Enumerable.Repeat(close, depth)) + ")";
        var path = Write("deep.litmus", OneThread("LDR X0,[X1]", condition: condition));
        var r = Run("litmus", path);
        AssertInputError(r, $"error: the condition nests more than {StateParser.MaxNesting} levels deep");
    }

    [Fact]
    public void NestingUpToTheLimitIsRead()
    {
        int depth = StateParser.MaxNesting - 1;
        var condition = "exists (" + new string('(', depth) + "0:X0=0" + new string(')', depth) + ")";
        var r = Run("litmus", Write("nested.litmus", OneThread("LDR X0,[X1]", condition: condition)));
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("Condition exists (0:X0=0)\n", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DeeplyNestedBracketsInALocationAreAnError()
    {
        var condition = "exists (" + new string('[', 10_000) + "x" + new string(']', 10_000) + "=1)";
        AssertInputError(Run("litmus", Write("brackets.litmus", OneThread("LDR X0,[X1]", condition: condition))), "nests more than");
    }

    [Theory]
    [InlineData("LDR X0,[X1,]", 13, "empty operand in address '[X1,]'")]
    [InlineData("LDR X0,[X1, ]", 13, "empty operand in address '[X1, ]'")]
    [InlineData("LDR X0,[X1,,X2]", 13, "empty operand in address '[X1,,X2]'")]
    [InlineData("LDR X0,[X1,X2,]", 16, "empty operand in address '[X1,X2,]'")]
    [InlineData("LDR X0,[]", 10, "expected a base register in '[]'")]
    public void EmptyOperandInBracketsIsAnError(string instruction, int col, string message)
    {
        var path = Write("empty.litmus", OneThread(instruction));
        var r = Run("litmus", path);
        Assert.Equal(1, r.Code);
        Assert.Equal($"{path}(4,{col}): error: {message}\n", r.Err);
    }

    [Theory]
    [InlineData("Test \nStates 1\n", 1, "expected a test name after 'Test'")]
    [InlineData("Test MP Allowed\nStates 4x\n", 2, "expected a number of states after 'States' but found '4x'")]
    [InlineData("Test MP Allowed\nStates 99999999999\n", 2, "expected a number of states after 'States' but found '99999999999'")]
    [InlineData("Test MP Allowed\nStates -1\n", 2, "expected a number of states after 'States' but found '-1'")]
    public void MalformedHerdLogIsAnInputError(string log, int line, string message)
    {
        var herd = Write("herd.log", log);
        var r = Run("litmus", Write("MP.litmus", Mp), "--compare", herd);
        Assert.Equal(1, r.Code);
        Assert.Equal("", r.Out);
        Assert.Equal($"{herd}({line},1): error: {message} (is this a herd7 log?)\n", r.Err);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("Infinity")]
    public void HugeTimeoutMeansNoLimit(string seconds)
    {
        var r = Run("litmus", Write("MP.litmus", Mp), "--timeout", seconds);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("Observation MP Sometimes 1 3\n", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DanglingLinkInAFolderIsAnInputErrorAndTheRunGoesOn()
    {
        Write("suite/MP.litmus", Mp);
        var link = Path.Combine(dir, "suite", "gone.litmus");
        File.CreateSymbolicLink(link, Path.Combine(dir, "nowhere.litmus"));
        var r = Run("litmus", Path.Combine(dir, "suite"));
        Assert.Equal(1, r.Code);
        Assert.Contains("Observation MP Sometimes 1 3\n", r.Out, StringComparison.Ordinal);
        Assert.Equal($"{link}: error: cannot read it: no such file (or a link to nothing)\n", r.Err);
    }

    [Fact]
    public void UnreadableFileInAFolderIsAnInputErrorAndTheRunGoesOn()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Write("suite/MP.litmus", Mp);
        var locked = Write("suite/locked.litmus", Mp);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var r = Run("litmus", Path.Combine(dir, "suite"));
        Assert.Contains("Observation MP Sometimes 1 3\n", r.Out, StringComparison.Ordinal);
        AssertNoCrash(r);
        // The superuser reads any file: then both tests run.
        if (Environment.UserName != "root")
        {
            Assert.Equal(1, r.Code);
            Assert.Equal($"{locked}: error: cannot read it: permission denied\n", r.Err);
        }
    }

    [Fact]
    public void LitmusGraphNamingAFileIsRefusedBeforeTheRun()
    {
        var file = Write("taken.txt", "keep me");
        var r = Run("litmus", Write("MP.litmus", Mp), "--graph", file);
        Assert.Equal(1, r.Code);
        Assert.Equal("", r.Out);
        Assert.Equal($"{file}: error: --graph names a folder to write pictures into, and this is a file\n", r.Err);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void JsonLitmusReportIsJsonForAMissingFile()
    {
        var missing = Path.Combine(dir, "nope.litmus");
        var r = Run("litmus", missing, "--json");
        Assert.Equal(1, r.Code);
        using var doc = JsonDocument.Parse(r.Out);
        var entry = doc.RootElement[0];
        Assert.Equal("error", entry.GetProperty("status").GetString());
        Assert.Equal($"{missing}: error: no such file or folder", entry.GetProperty("message").GetString());
    }

    [Fact]
    public void JsonLitmusReportIsJsonForAUsageError()
    {
        var r = Run("litmus", Write("MP.litmus", Mp), "--json", "--jobs", "0");
        Assert.Equal(1, r.Code);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("error", doc.RootElement[0].GetProperty("status").GetString());
        Assert.Contains("--jobs must be at least 1", doc.RootElement[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
