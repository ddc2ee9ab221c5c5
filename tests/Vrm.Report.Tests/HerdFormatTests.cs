using Vrm.Programs;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>Lowered litmus conditions as herd7 prints them.</summary>
public class HerdFormatTests
{
    private static LitmusTest Parse(string text) => LitmusParser.Parse("t.litmus", text);

    private static Program Lower(string text) => LitmusLowering.Lower(Parse(text));

    [Fact]
    public void MissingConditionMeansForallTrue()
    {
        var text = "AArch64 T\n{ x=0; }\n P0 ;\n MOV X0,#1 ;\n";
        var t = Parse(text);
        Assert.Equal(Quantifier.Forall, t.Condition.Quantifier);
        Assert.IsType<TrueProp>(t.Condition.Prop);
        var p = Lower(text);
        Assert.Equal(CondKind.Forall, p.ConditionKind);
        Assert.Equal(new ConstCond(true), p.Condition);
        Assert.Equal("forall (true)", HerdFormat.Condition(p));
    }

    [Fact]
    public void ConditionsLowerToTheirHerdRendering()
    {
        var p = Lower("AArch64 T\n{ 0:X1=x; }\n P0 ;\n NOP ;\nexists (0:X0=1 => ~(x=2 \\/ 0:X1!=x) /\\ y=0xff)\n");
        Assert.Equal(CondKind.Exists, p.ConditionKind);
        Assert.Equal("exists (not (0:X0=1) \\/ not ([x]=2 \\/ 0:X1!=x) /\\ [y]=255)", HerdFormat.Condition(p));
        Assert.Equal(["0:X0", "[x]", "0:X1", "[y]"], p.Observed.Select(p.FormatObservable));
    }
}
