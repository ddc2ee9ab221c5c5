using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Programs.Lowering;
using Vrm.Syntax;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Explore.Tests;

/// <summary>
/// Mixed sizes without the byte-level model: a read narrower than the writes, starting at the location, is
/// exact (it reads one write and overlaps every access); every other mix is refused, by every model, with the
/// instruction named, whichever of the two accesses the search meets first.
/// </summary>
public class NarrowReadTests
{
    public static TheoryData<string> Models => ["sc", "arm", "promising"];

    private static ModelResult Run(string model, string text) =>
        MemoryModels.Get(model).Run(LitmusLowering.Lower(LitmusParser.Parse("t.litmus", text)), new ExploreOptions(), CancellationToken.None);

    /// <summary>P0 writes the 32-bit word x with <paramref name="write"/>; P1 reads it with <paramref name="first"/> then <paramref name="second"/>.</summary>
    private static string Test(string write, string first, string second) => $$"""
        AArch64 T
        { uint32_t x = 0; 0:X1=x; 1:X1=x; }
         P0                | P1             ;
         MOV X0,#0x30001   | {{first,-14}} ;
         {{write,-17}} | {{second,-14}} ;
        exists (1:X0=1 /\ 1:X2=0)
        """;

    [Theory]
    [MemberData(nameof(Models))]
    public void HalfwordReadOfAWordKeepsItsLowBytes(string model)
    {
        var r = Run(model, Test("STR W0,[X1]", "LDRH W0,[X1]", "LDRB W2,[X1]"));
        // 0x30001 in the word: the halfword is 1, the byte 1; a later read of byte 0 cannot go back to 0.
        Assert.Equal(3, r.States.Count);
        Assert.False(r.Ok);
        Assert.DoesNotContain(r.States, s => s.Values.SequenceEqual(new long[] { 1, 0 }));
        Assert.Contains(r.States, s => s.Values.SequenceEqual(new long[] { 1, 1 }));
    }

    [Theory]
    [InlineData("STRH W0,[X1]", "LDR W0,[X1]", "a read wider than the writes")]
    [InlineData("STR W0,[X1]", "LDR X0,[X1]", "a read wider than the writes")]
    [InlineData("STR W0,[X1]", "LDRH W0,[X1,#2]", "reads x+2, inside the location")]
    [InlineData("STRH W0,[X1,#2]", "LDR W5,[X1]", "writes x+2, inside the location")]
    public void OtherMixesAreRefusedByEveryModel(string write, string read, string message)
    {
        foreach (var model in new[] { "sc", "arm", "promising" })
        {
            var e = Assert.Throws<DiagnosticException>(() => Run(model, Test(write, read, "NOP")));
            Assert.True(e.Unsupported);
            Assert.Contains("mixed-size", e.Message, StringComparison.Ordinal);
            Assert.Contains(message, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WritesOfTwoSizesAreRefusedWhicheverComesFirst()
    {
        const string text = """
            AArch64 T
            { uint32_t x = 0; 0:X1=x; 1:X1=x; }
             P0            | P1            ;
             STRH W0,[X1]  | STR W0,[X1]   ;
            exists (x=0)
            """;
        foreach (var model in new[] { "sc", "arm", "promising" })
        {
            var e = Assert.Throws<DiagnosticException>(() => Run(model, text));
            Assert.Contains("another write uses", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ExclusivePairOfTwoSizesNeverSucceeds()
    {
        const string text = """
            AArch64 T
            { uint32_t x = 0; 0:X1=x; }
             P0              ;
             LDAXRH W0,[X1]  ;
             MOV W2,#1       ;
             STXR W3,W2,[X1] ;
            exists (0:X3=0)
            """;
        foreach (var model in new[] { "sc", "arm", "promising" })
        {
            var r = Run(model, text);
            Assert.False(r.Ok);
            Assert.Single(r.States);
        }
    }
}
