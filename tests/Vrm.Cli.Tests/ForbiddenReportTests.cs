using System.Text.Json;
using Xunit;
using VrmCli = Vrm.Cli.Cli;

namespace Vrm.Cli.Tests;

/// <summary>
/// What <c>vrm litmus</c> says about a condition that is never satisfied: the axioms that forbid it in
/// <c>--json</c>, a picture of each forbidden candidate's cycle with <c>--graph</c>, and the herd text unchanged.
/// </summary>
public sealed class ForbiddenReportTests : IDisposable
{
    private const string MpDmbs = """
        AArch64 MP+dmbs
        {
         0:X1=x; 0:X3=y;
         1:X1=y; 1:X3=x;
        }
         P0          | P1          ;
         MOV W0,#1   | LDR W0,[X1] ;
         STR W0,[X1] | DMB SY      ;
         MOV W2,#1   | LDR W2,[X3] ;
         DMB SY      |             ;
         STR W2,[X3] |             ;
        exists (1:X0=1 /\ 1:X2=0)

        """;

    private readonly string dir = Directory.CreateTempSubdirectory("vrm-forbidden-tests-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
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

    [Fact]
    public void JsonNamesTheAxiomAndItsCycle()
    {
        var (code, output, _) = Run("litmus", Write("MP+dmbs.litmus", MpDmbs), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var arm = doc.RootElement[0].GetProperty("arm");
        Assert.Equal("Never", arm.GetProperty("observation").GetString());
        Assert.Equal("""{"external":1}""", JsonSerializer.Serialize(arm.GetProperty("forbiddenBy")));
        Assert.True(arm.GetProperty("forbiddenComplete").GetBoolean());
        var forbidden = Assert.Single(arm.GetProperty("forbidden").EnumerateArray().ToList());
        Assert.Equal("external", forbidden.GetProperty("axiom").GetString());
        Assert.Equal("1", forbidden.GetProperty("state").GetProperty("1:X0").GetString());
        Assert.Equal("0", forbidden.GetProperty("state").GetProperty("1:X2").GetString());
        var steps = forbidden.GetProperty("witness").EnumerateArray()
            .Select(e => $"{e.GetProperty("from").GetString()}-{e.GetProperty("relation").GetString()}->{e.GetProperty("to").GetString()}");
        Assert.Equal("c-bob->d d-rfe->e e-bob->f f-fre->c", string.Join(" ", steps));
        var c = forbidden.GetProperty("events").GetProperty("c");
        Assert.Equal("P0", c.GetProperty("thread").GetString());
        Assert.Equal("Wx=1", c.GetProperty("event").GetString());
        Assert.Equal("STR W0,[X1]", c.GetProperty("instruction").GetString());
    }

    [Fact]
    public void JsonOfASatisfiableConditionHasNoForbiddenReport()
    {
        var (_, output, _) = Run("litmus", Write("MP.litmus", MpDmbs.Replace("DMB SY      |", "NOP         |").Replace("| DMB SY      ;", "| NOP         ;").Replace("MP+dmbs", "MP")), "--json");
        using var doc = JsonDocument.Parse(output);
        var arm = doc.RootElement[0].GetProperty("arm");
        Assert.Equal("Sometimes", arm.GetProperty("observation").GetString());
        Assert.False(arm.TryGetProperty("forbiddenBy", out _));
    }

    [Fact]
    public void GraphDrawsEachForbiddenCandidateWithItsCycle()
    {
        var graphs = Path.Combine(dir, "graphs");
        var (code, _, _) = Run("litmus", Write("MP+dmbs.litmus", MpDmbs), "--graph", graphs);
        Assert.Equal(0, code);
        Assert.Equal(["MP+dmbs-arm-forbidden-0.dot"], Directory.GetFiles(graphs, "*.dot").Select(Path.GetFileName));
        var dot = File.ReadAllText(Path.Combine(graphs, "MP+dmbs-arm-forbidden-0.dot"));
        Assert.StartsWith("digraph \"MP+dmbs-forbidden-0\" {\n  label=\"MP+dmbs: arm forbidden 0, by external (a cycle in ob)\";", dot, StringComparison.Ordinal);
        Assert.Contains("e3 -> e4 [label=\"rfe\", color=crimson, fontcolor=crimson, penwidth=2.5, constraint=false];", dot, StringComparison.Ordinal);
        Assert.Contains("e5 -> e2 [label=\"fre\", color=crimson", dot, StringComparison.Ordinal);
        Assert.Equal(2, dot.Split("label=\"bob\"").Length - 1);
        // Event labels break the line with Graphviz's \n, not an escaped backslash.
        Assert.Contains("e2 [label=\"c: Wx=1\\nSTR W0,[X1]\"];", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void TextOutputIsHerdsWhateverIsAsked()
    {
        var path = Write("MP+dmbs.litmus", MpDmbs);
        var (_, plain, _) = Run("litmus", path);
        var (_, withGraph, _) = Run("litmus", path, "--graph", Path.Combine(dir, "graphs"));
        Assert.Equal(plain, withGraph);
        Assert.Equal(
            "Test MP+dmbs Allowed\nStates 3\n1:X0=0; 1:X2=0;\n1:X0=0; 1:X2=1;\n1:X0=1; 1:X2=1;\nNo\nWitnesses\n" +
            "Positive: 0 Negative: 3\nCondition exists (1:X0=1 /\\ 1:X2=0)\nObservation MP+dmbs Never 0 3\n\n",
            plain);
    }
}
