using Vrm.Programs;
using Vrm.Programs.Lowering;
using Vrm.Syntax;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Programs.Tests;

/// <summary>
/// vrm's extensions of the page-table tests: four-level walks (the <c>Levels=</c> header, the table entries on a
/// walk <c>PGD(x)</c>, <c>PUD(x)</c>, <c>PMD(x)</c>, table descriptors <c>oa:TABLE(n)</c>, laid out as a real
/// AArch64 4 KiB-granule walk) and stage 2 (<c>VM=</c>, <c>S2PTE(x,v)</c>, stage-2 descriptors), with the errors
/// for each misuse.
/// </summary>
public class VmsaExtensionTests
{
    private static string Src(params string[] lines) => string.Join("\n", lines) + "\n";

    private static Program Lower(string text) => LitmusLowering.Lower(LitmusParser.Parse("t.litmus", text));

    private static string Error(string text) =>
        Assert.Throws<DiagnosticException>(() => Lower(text)).Diagnostic.ToString();

    [Fact]
    public void FourLevelsLayOutOneTableEntryPerLevelSharedBetweenVariables()
    {
        var p = Lower(Src("AArch64 T", "Levels=4", "{ x=1; y=2; }", " P0 ;", " NOP ;", "exists (x=1)"));
        Assert.Equal(["x", "y", "PGD(x)", "PUD(x)", "PMD(x)", "PTE(x)", "PTE(y)"], p.Locations);
        var vmsa = p.Vmsa!;
        Assert.Equal(4, vmsa.Levels);
        var x = vmsa.Variables[0];
        // Each level's entry is where a real walk reads it: the table's base plus 9 bits of the address.
        for (int level = 0; level < 4; level++)
        {
            Assert.Equal(VmsaInfo.TableBase(level) + (VmsaInfo.Index(x.VirtualAddress, level) * 8), p.AddressOf(x.EntryLocs[level]));
        }
        Assert.Equal(x.EntryLocs.Take(3), vmsa.Variables[1].EntryLocs.Take(3));
        Assert.Equal("(oa:TABLE(3))", p.FormatValue(p.InitMemory[x.EntryLocs[2]]));
        Assert.Equal("(oa:PA(x))", p.FormatValue(p.InitMemory[x.PteLoc]));
    }

    [Fact]
    public void TableEntriesTakeDescriptorsAndAddresses()
    {
        var p = Lower(Src("AArch64 T", "Levels=4", "{ x=1; [PMD(x)]=(valid:0); 0:X1=PMD(x); 0:X2=(oa:TABLE(2)); }", " P0 ;", " NOP ;",
            "exists ([PUD(x)]=(oa:TABLE(2)) /\\ [PMD(x)]=(oa:TABLE(3), valid:0))"));
        var x = p.Vmsa!.Variables[0];
        Assert.Equal("(oa:TABLE(3), valid:0)", p.FormatValue(p.InitMemory[x.EntryLocs[2]]));
        Assert.Equal(p.AddressOf(x.EntryLocs[2]), p.Threads[0].InitRegs.Single(r => r.Reg == 1).Value);
        Assert.Equal("(oa:TABLE(2))", p.FormatValue(p.Threads[0].InitRegs.Single(r => r.Reg == 2).Value));
    }

    [Fact]
    public void OneLevelIsHerdsLayout()
    {
        var p = Lower(Src("AArch64 T", "Variant=vmsa", "{ x=1; }", " P0 ;", " NOP ;", "exists (x=1)"));
        Assert.Equal(["x", "PTE(x)"], p.Locations);
        Assert.Equal(p.Vmsa!.Variables[0].PteAddress, VmsaInfo.TableBase(3) + (VmsaInfo.Index(p.Vmsa.Variables[0].VirtualAddress, 3) * 8));
    }

    [Theory]
    [InlineData("Levels=5", "t.litmus(2,8): error: expected Levels=1, 2, 3 or 4 (translation levels of a walk) but found '5'")]
    [InlineData("Levels=2", "t.litmus(3,9): error: PUD(x) is a level-1 entry: the test needs Levels=3 or more")]
    public void MisusedLevelsAreInputErrors(string header, string message) =>
        Assert.Equal(message, Error(Src("AArch64 T", header, "{ x=1; [PUD(x)]=(valid:0); }", " P0 ;", " NOP ;", "exists (x=1)")));

    [Fact]
    public void ATableTheWalkDoesNotHaveIsAnInputError() =>
        Assert.Equal("t.litmus(3,17): error: TABLE(1) needs a walk of more levels: say Levels=4 or more",
            Error(Src("AArch64 T", "Levels=3", "{ x=1; 0:X1=(oa:TABLE(1)); }", " P0 ;", " NOP ;", "exists (x=1)")));

    [Fact]
    public void VirtualMachinesGetStage2EntriesPerVmid()
    {
        var p = Lower(Src("AArch64 T", "VM=P1:1 P2:2", "{ x=1; [S2PTE(x,1)]=(oa:PA(x), write:0); 0:X1=S2PTE(x,2); 0:X2=(oa:PA(x), valid:0, read:1); }",
            " P0 | P1 | P2 ;", " NOP | NOP | NOP ;", "exists (x=1)"));
        Assert.Equal(["x", "PTE(x)", "S2PTE(x,1)", "S2PTE(x,2)"], p.Locations);
        Assert.Equal([0, 1, 2], p.Vmsa!.Vmids);
        Assert.Equal("(oa:PA(x), write:0)", p.FormatValue(p.InitMemory[2]));
        Assert.Equal("(oa:PA(x))", p.FormatValue(p.InitMemory[3]));
        Assert.Equal("S2PTE(x,2)", p.FormatValue(p.Threads[0].InitRegs.Single(r => r.Reg == 1).Value));
        Assert.Equal("(oa:PA(x), valid:0)", p.FormatValue(p.Threads[0].InitRegs.Single(r => r.Reg == 2).Value));
    }

    [Theory]
    [InlineData("VM=P1", "t.litmus(2,4): error: expected a thread and its VMID such as 'P1:1' (VMID 1 to 255) but found 'P1'")]
    [InlineData("VM=P1:2", "t.litmus(3,9): error: S2PTE(x,1): no thread runs in VM 1 (say VM=P1:1 in the header)")]
    public void MisusedVirtualMachinesAreInputErrors(string header, string message) =>
        Assert.Equal(message, Error(Src("AArch64 T", header, "{ x=1; [S2PTE(x,1)]=(oa:PA(x)); }", " P0 | P1 ;", " NOP | NOP ;", "exists (x=1)")));
}
