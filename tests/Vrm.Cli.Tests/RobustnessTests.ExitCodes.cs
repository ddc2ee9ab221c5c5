using Xunit;

namespace Vrm.Cli.Tests;

/// <summary>
/// Input that is no valid test is an error (exit 1), also inside a folder; valid herd input vrm does not model
/// is "unsupported" (exit 0, named); usage mistakes are usage errors.
/// </summary>
public sealed partial class RobustnessTests
{
    [Theory]
    [InlineData("LDRX X0,[X1]", "(4,2): error: unknown instruction 'LDRX': no A64 instruction has this name")]
    [InlineData("LDR X0,[X2]", "(4,2): error: 'LDR X0,[X2]' accesses 0, which is not a location of the test (out-of-bounds access; is its address register initialised?)")]
    public void InvalidTestsAreErrors(string instruction, string message)
    {
        var path = Write("bad.litmus", OneThread(instruction));
        AssertInputError(Run("litmus", path), path + message + "\n");
    }

    [Fact]
    public void WrongArchitectureIsAnError()
    {
        var path = Write("arch.litmus", OneThread("LDR X0,[X1]").Replace("AArch64", "AArch46", StringComparison.Ordinal));
        AssertInputError(Run("litmus", path), $"{path}(1,1): error: unknown architecture 'AArch46': expected a header such as 'AArch64 NAME'\n");
    }

    [Fact]
    public void AnotherHerdArchitectureIsUnsupported()
    {
        var path = Write("x86.litmus", "X86 SB\n{ x=0; }\n P0 ;\n MOV [x],$1 ;\nexists (x=1)\n");
        var r = Run("litmus", path);
        Assert.Equal(0, r.Code);
        Assert.Equal($"{path}(1,1): error: unsupported architecture 'X86': vrm reads AArch64 litmus tests\n", r.Err);
    }

    [Fact]
    public void BinaryFileIsAnError()
    {
        var path = Path.Combine(dir, "binary.litmus");
        File.WriteAllBytes(path, [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0]);
        AssertInputError(Run("litmus", path), $"{path}(1,8): error: not a text file: a litmus test has no NUL bytes\n");
    }

    [Fact]
    public void AnUnsupportedInstructionIsStillOnlyUnsupported()
    {
        var path = Write("ldp.litmus", OneThread("LDP X0,X2,[X1]"));
        var r = Run("litmus", path);
        Assert.Equal(0, r.Code);
        Assert.Equal($"{path}(4,2): error: unsupported instruction 'LDP'\n", r.Err);
    }

    [Fact]
    public void AnErrorInsideAFolderRunFailsTheRun()
    {
        Write("suite/MP.litmus", Mp);
        var bad = Write("suite/typo.litmus", OneThread("LDRX X0,[X1]"));
        Write("suite/ldp.litmus", OneThread("LDP X0,X2,[X1]"));
        var r = Run("litmus", Path.Combine(dir, "suite"));
        Assert.Equal(1, r.Code);
        Assert.Contains("Observation MP Sometimes 1 3\n", r.Out, StringComparison.Ordinal);
        Assert.Contains($"{bad}(4,2): error: unknown instruction 'LDRX'", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderWithoutLitmusFilesIsAnError()
    {
        var empty = Path.Combine(dir, "empty");
        Directory.CreateDirectory(empty);
        Write("empty/notes.txt", "not a test");
        var r = Run("litmus", empty);
        Assert.Equal(1, r.Code);
        Assert.Equal($"{empty}: error: no .litmus files in this folder\n", r.Err);
    }

    [Fact]
    public void FolderNamedLikeATestIsAnError()
    {
        var folder = Path.Combine(dir, "x.litmus");
        Directory.CreateDirectory(folder);
        var r = Run("litmus", folder);
        Assert.Equal(1, r.Code);
        Assert.Equal($"{folder}: error: no .litmus files in this folder\n", r.Err);
    }

    [Theory]
    [InlineData("litmus")]
    [InlineData("check")]
    public void UnknownOptionIsNamed(string command)
    {
        var r = Run(command, "--frobnicate", Path.Combine(dir, "whatever"));
        Assert.Equal(1, r.Code);
        Assert.StartsWith($"vrm {command}: error: unknown option '--frobnicate'\n", r.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("litmus", "--jobs", "0", "--jobs must be at least 1, not 0")]
    [InlineData("litmus", "--jobs", "-1", "--jobs must be at least 1, not -1")]
    [InlineData("litmus", "--unroll", "-1", "--unroll must be at least 0, not -1")]
    [InlineData("litmus", "--timeout", "-5", "--timeout must be a number of seconds greater than 0, not -5")]
    [InlineData("litmus", "--timeout", "0", "--timeout must be a number of seconds greater than 0, not 0")]
    [InlineData("litmus", "--timeout", "NaN", "--timeout must be a number of seconds greater than 0, not NaN")]
    [InlineData("litmus", "--max-states", "0", "--max-states must be at least 1, not 0")]
    [InlineData("litmus", "--max-states", "-1", "--max-states must be at least 1, not -1")]
    [InlineData("litmus", "--max-memory", "0", "--max-memory must be a number of megabytes from 1, not 0")]
    [InlineData("check", "--max-executions", "0", "--max-executions must be at least 1, not 0")]
    [InlineData("check", "--max-executions", "-5", "--max-executions must be at least 1, not -5")]
    [InlineData("check", "--unroll", "-1", "--unroll must be at least 0, not -1")]
    [InlineData("check", "--timeout", "-5", "--timeout must be a number of seconds greater than 0, not -5")]
    [InlineData("conformance", "--jobs", "0", "--jobs must be at least 1, not 0")]
    public void NonsenseValuesAreUsageErrors(string command, string option, string value, string message)
    {
        var r = Run(command, option, value, Write("MP.litmus", Mp));
        Assert.Equal(1, r.Code);
        Assert.Equal("", r.Out);
        Assert.StartsWith($"vrm {command}: error: {message}\n", r.Err, StringComparison.Ordinal);
    }
}
