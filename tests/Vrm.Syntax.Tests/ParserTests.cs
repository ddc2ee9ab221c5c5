using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Syntax.Tests;

/// <summary>The litmus reader on inline sources: header, init block, thread table, conditions and operands.</summary>
public class ParserTests
{
    private static LitmusTest Parse(string text) => LitmusParser.Parse("t.litmus", text);

    /// <summary>A one-thread test whose thread has X1 = &amp;x and X3 = &amp;y, one cell per row.</summary>
    private static string OneThread(params string[] cells) =>
        "AArch64 T\n{ 0:X1=x; 0:X3=y; }\n P0 ;\n" + string.Concat(cells.Select(c => $" {c} ;\n")) + "exists (x=0)\n";

    private static InstructionSyntax ParseOne(string cell) => Parse(OneThread(cell)).Threads[0].Lines.Single().Instruction!;

    private static Prop ConditionOf(string condition) =>
        Parse("AArch64 T\n{ x=0; }\n P0 ;\n NOP ;\n" + condition + "\n").Condition.Prop;

    /// <summary>A prefix rendering of the syntax tree, so a whole proposition fits in one assertion.</summary>
    private static string Show(Prop p) => p switch
    {
        TrueProp => "true",
        FalseProp => "false",
        AtomProp a => $"{a.Location}{(a.Equal ? "=" : "!=")}{Show(a.Value)}",
        NotProp n => $"(not {Show(n.Operand)})",
        AndProp a => $"(and {Show(a.Left)} {Show(a.Right)})",
        OrProp o => $"(or {Show(o.Left)} {Show(o.Right)})",
        ImpliesProp i => $"(=> {Show(i.Left)} {Show(i.Right)})",
        _ => "?",
    };

    private static string Show(ValueSyntax? v) => v switch
    {
        null => "none",
        IntValue i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        SymbolValue s => "&" + s.Name,
        LabelValue l => $"label:{l.Thread}:{l.Label}",
        _ => "?",
    };

    private static string Show(Operand o) => o switch
    {
        RegOperand r => r.Name,
        ImmOperand i => "#" + i.Value,
        NameOperand n => "name " + n.Name,
        ModifierOperand m => $"{m.Kind} {m.Amount}",
        MemOperand m => $"mem {m.Base}" + (m.Offset is null ? "" : " off " + Show(m.Offset)) +
            (m.Modifier is null ? "" : " mod " + Show(m.Modifier)) + (m.PreIndex ? " pre" : ""),
        _ => "?",
    };

    // ---- header, doc string, metadata ----

    [Fact]
    public void HeaderGivesArchNameAndDocFromTheNextLine()
    {
        var t = Parse("AArch64 MP+dmb.sy+addr\n\"Message passing, full barrier\"\n{ x=0; }\n P0 ;\n NOP ;\nexists (x=0)\n");
        Assert.Equal("AArch64", t.Arch);
        Assert.Equal("MP+dmb.sy+addr", t.Name);
        Assert.Equal("Message passing, full barrier", t.Doc);
        Assert.Equal("t.litmus", t.File);
    }

    [Fact]
    public void DocStringMayFollowTheNameOnTheHeaderLine()
    {
        var t = Parse("\n\nARM64 SB \"store buffering\"\n{ x=0; }\n P0 ;\n NOP ;\nexists (x=0)\n");
        Assert.Equal("AArch64", t.Arch);
        Assert.Equal("SB", t.Name);
        Assert.Equal("store buffering", t.Doc);
    }

    [Fact]
    public void MetadataKeepsEverythingAfterTheFirstEquals()
    {
        var t = Parse("AArch64 T\nHash=abc123\nCycle=Rfe PodRR Fre PodWW\nPrefetch=0:x=F,1:y=T\nVariant=precise\n{ x=0; }\n P0 ;\n NOP ;\nexists (x=0)\n");
        Assert.Equal(
            new KeyValuePair<string, string>[] { new("Hash", "abc123"), new("Cycle", "Rfe PodRR Fre PodWW"), new("Prefetch", "0:x=F,1:y=T"), new("Variant", "precise") },
            t.Metadata);
        Assert.Null(t.Doc);
    }

    // ---- init block ----

    [Theory]
    [InlineData("0:X1=x", "0:X1", "&x", null)]
    [InlineData("0: X0 = x", "0:X0", "&x", null)]
    [InlineData("1:x5=&y", "1:X5", "&y", null)]
    [InlineData("x=1", "[x]", "1", null)]
    [InlineData("int x=0", "[x]", "0", "int")]
    [InlineData("uint64_t x", "[x]", "none", "uint64_t")]
    [InlineData("unsigned long z=2", "[z]", "2", "unsigned long")]
    [InlineData("int *p=x", "[p]", "&x", "int*")]
    [InlineData("x=0x10", "[x]", "16", null)]
    [InlineData("0:X2=0xFFFFFFFFFFFFFFFF", "0:X2", "-1", null)]
    [InlineData("0:X0=-5", "0:X0", "-5", null)]
    [InlineData("x=y", "[x]", "&y", null)]
    public void InitEntryForms(string entry, string target, string value, string? type)
    {
        var e = Parse("AArch64 T\n{ " + entry + "; }\n P0 | P1 ;\n NOP | NOP ;\nexists (x=0)\n").Init.Single();
        Assert.Equal(target, e.Target.ToString());
        Assert.Equal(value, Show(e.Value));
        Assert.Equal(type, e.TypeName);
    }

    [Fact]
    public void InitEntriesMaySpanLinesWithoutTrailingSemicolon()
    {
        var t = Parse("AArch64 T\n{\n 0:X1=x; 0:X3=y;\n 1:X1=y\n}\n P0 | P1 ;\n NOP | NOP ;\nexists (x=0)\n");
        Assert.Equal(["0:X1", "0:X3", "1:X1"], t.Init.Select(e => e.Target.ToString()));
        Assert.Equal(new SourcePos(3, 2), t.Init[0].Pos);
        Assert.Equal(new SourcePos(4, 2), t.Init[2].Pos);
    }

    // ---- thread table ----

    [Fact]
    public void EmptyCellsAddNoLines()
    {
        var t = Parse("AArch64 T\n{ x=0; }\n P0        | P1        ;\n MOV X0,#1 |           ;\n           | MOV X1,#2 ;\n           |           ;\nexists (x=0)\n");
        Assert.Equal(["P0", "P1"], t.Threads.Select(th => th.Name));
        Assert.Equal([0, 1], t.Threads.Select(th => th.Index));
        var p0 = Assert.Single(t.Threads[0].Lines);
        var p1 = Assert.Single(t.Threads[1].Lines);
        Assert.Equal(new SourcePos(4, 2), p0.Pos);
        Assert.Equal(new SourcePos(5, 14), p1.Pos);
        Assert.Equal("MOV", p1.Instruction!.Mnemonic);
    }

    [Fact]
    public void LabelsAloneAndBeforeAnInstruction()
    {
        var t = Parse(OneThread("L0:", "L1: mov x0,#1", "_end.2:"));
        Assert.Equal(["L0", "L1", "_end.2"], t.Threads[0].Lines.Select(l => l.Label));
        Assert.Null(t.Threads[0].Lines[0].Instruction);
        var mov = t.Threads[0].Lines[1].Instruction!;
        Assert.Equal("MOV", mov.Mnemonic);
        Assert.Equal(["X0", "#1"], mov.Operands.Select(Show));
        // The position moves past the label so errors point at the instruction itself.
        Assert.Equal(new SourcePos(5, 6), mov.Pos);
    }

    [Fact]
    public void CommentsAreBlankedIncludingNestedOnesAndPositionsStay()
    {
        var text = """
            (* a leading comment *)
            AArch64 T
            "doc (* not a comment inside a string *)"
            { x=0; (* (* nested *) still a comment; y=1; *) }
             P0                       ;
             (* c *) MOV X0,#1        ;
             STR X0,[X1] (* a
               comment over two lines *) ;
            exists (x=1) (* trailing *)
            """;
        var t = Parse(text);
        Assert.Equal("doc (* not a comment inside a string *)", t.Doc);
        Assert.Equal("[x]", Assert.Single(t.Init).Target.ToString());
        var lines = t.Threads[0].Lines;
        Assert.Equal(["MOV", "STR"], lines.Select(l => l.Instruction!.Mnemonic));
        Assert.Equal(new SourcePos(6, 10), lines[0].Pos);
        Assert.Equal("[x]=1", Show(t.Condition.Prop));
    }

    // ---- locations, filter, conditions ----

    [Fact]
    public void LocationsAndFilterPrecedeTheCondition()
    {
        var t = Parse("AArch64 T\n{ x=0; }\n P0 ;\n NOP ;\nlocations [x; 0:X0; [y];]\nfilter (0:X0=1)\nexists (0:X2=0)\n");
        Assert.Equal(["[x]", "0:X0", "[y]"], t.Locations.Select(l => l.ToString()));
        Assert.Equal("0:X0=1", Show(t.Filter!));
        Assert.Equal(Quantifier.Exists, t.Condition.Quantifier);
        Assert.Equal(new SourcePos(7, 1), t.Condition.Pos);
    }

    [Theory]
    [InlineData("exists (0:X0=1)", "0:X0=1")]
    [InlineData("exists (x=2)", "[x]=2")]
    [InlineData("exists ([x]=2)", "[x]=2")]
    [InlineData("exists (x==2)", "[x]=2")]
    [InlineData("exists (1:X2!=0x10)", "1:X2!=16")]
    [InlineData("exists (0:X0=-1)", "0:X0=-1")]
    [InlineData("exists (0:X5=x)", "0:X5=&x")]
    [InlineData("exists 0:X0=1 /\\ x=2", "(and 0:X0=1 [x]=2)")]
    [InlineData("exists (true)", "true")]
    [InlineData("exists (false \\/ true)", "(or false true)")]
    [InlineData("exists (~x=1)", "(not [x]=1)")]
    [InlineData("exists (not x=1)", "(not [x]=1)")]
    [InlineData("exists (a=1 \\/ b=2 /\\ c=3)", "(or [a]=1 (and [b]=2 [c]=3))")]
    [InlineData("exists ((a=1 \\/ b=2) /\\ c=3)", "(and (or [a]=1 [b]=2) [c]=3)")]
    [InlineData("exists (a=1 /\\ b=2 /\\ c=3)", "(and (and [a]=1 [b]=2) [c]=3)")]
    [InlineData("exists (~a=1 /\\ ~(b=2 \\/ c=3))", "(and (not [a]=1) (not (or [b]=2 [c]=3)))")]
    [InlineData("forall (a=1 => b=2 => c=3)", "(=> [a]=1 (=> [b]=2 [c]=3))")]
    [InlineData("forall (a=1 \\/ b=2 => c=3)", "(=> (or [a]=1 [b]=2) [c]=3)")]
    [InlineData("exists (x=1);", "[x]=1")]
    public void ConditionGrammar(string condition, string expected) =>
        Assert.Equal(expected, Show(ConditionOf(condition)));

    // ---- operands and addresses ----

    [Theory]
    [InlineData("LDR X0,[X1]", "mem X1")]
    [InlineData("LDR X0,[X1,#4]", "mem X1 off #4")]
    [InlineData("LDR X0,[ x1 , #-8 ]", "mem X1 off #-8")]
    [InlineData("LDR X0,[X1,X2]", "mem X1 off X2")]
    [InlineData("LDR X0,[X1,W2,SXTW]", "mem X1 off W2 mod SXTW 0")]
    [InlineData("LDR X0,[X1,X2,LSL #3]", "mem X1 off X2 mod LSL 3")]
    [InlineData("LDR X0,[X1,#4]!", "mem X1 off #4 pre")]
    public void MemoryOperands(string cell, string expected)
    {
        var ins = ParseOne(cell);
        Assert.Equal(2, ins.Operands.Count);
        Assert.Equal(expected, Show(ins.Operands[1]));
    }

    [Fact]
    public void PostIndexIsAnAddressThenAnImmediate()
    {
        var ins = ParseOne("ldr x0, [x1], #0x10");
        Assert.Equal("LDR", ins.Mnemonic);
        Assert.Equal(["X0", "mem X1", "#16"], ins.Operands.Select(Show));
        Assert.Equal([new SourcePos(4, 6), new SourcePos(4, 10), new SourcePos(4, 16)], ins.Operands.Select(o => o.Pos));
    }

    [Fact]
    public void OtherOperandKinds()
    {
        Assert.Equal(["X0", "X1", "X2", "name EQ"], ParseOne("CSEL X0,X1,X2,EQ").Operands.Select(Show));
        Assert.Equal(["X0", "#1", "LSL 16"], ParseOne("MOVK X0,#1,LSL #16").Operands.Select(Show));
        Assert.Equal(["name ISHLD"], ParseOne("DMB ISHLD").Operands.Select(Show));
        Assert.Equal(["WZR", "XZR"], ParseOne("MOV WZR,XZR").Operands.Select(Show));
        Assert.Empty(ParseOne("NOP").Operands);
    }
}
