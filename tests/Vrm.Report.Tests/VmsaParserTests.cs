using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Programs;
using Vrm.Programs.Lowering;
using Vrm.Syntax;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// Page-table (VMSA) litmus tests as herd7 -variant vmsa reads them: headers, page-table entries and their
/// values, physical addresses, fault atoms, fault handlers and system instructions, read into the thread IR
/// and printed back in herd's notation. No model runs them yet.
/// </summary>
public class VmsaParserTests
{
    private static LitmusTest Parse(string text) => LitmusParser.Parse("t.litmus", text);

    private static Program Lower(string text) => LitmusLowering.Lower(Parse(text));

    private static string Src(params string[] lines) => string.Join("\n", lines) + "\n";

    private static long InitReg(Program p, int thread, int reg) => p.Threads[thread].InitRegs.Single(r => r.Reg == reg).Value;

    private static long InitMem(Program p, string location) => p.InitMemory[p.Locations.ToList().IndexOf(location)];

    // ---- headers ----

    [Fact]
    public void HeadersGiveVariantsHardwareUpdatesAndEl0Threads()
    {
        var text = Src("AArch64 T", "Variant=vmsa,Fatal", "TTHM=P0:HA HD", "EL0=P1", "{ x=0; }", " P0 | P1 ;", " NOP | NOP ;", "exists (x=0)");
        var test = Parse(text);
        Assert.Equal(Variant.Vmsa | Variant.Fatal, test.Variants);
        Assert.Equal([(0, "HA"), (null, "HD")], test.HardwareUpdates.Select(u => (u.Thread, u.Flag)));
        var vmsa = LitmusLowering.Lower(test).Vmsa!;
        Assert.Equal([HardwareUpdate.AccessFlag | HardwareUpdate.DirtyBit, HardwareUpdate.DirtyBit], vmsa.Updates);
        Assert.Equal([1], vmsa.El0Threads);
    }

    [Theory]
    [InlineData("TTHM=HA|HD")]
    [InlineData("TTHM=HA HD")]
    [InlineData("Variant=vmsa")]
    public void PageTableHeadersMakeAPageTableProgram(string header) =>
        Assert.NotNull(Lower(Src("AArch64 T", header, "{ x=0; }", " P0 ;", " NOP ;", "exists (x=0)")).Vmsa);

    [Fact]
    public void PlainTestsStayPlainUnlessAskedFor()
    {
        var text = Src("AArch64 T", "{ 0:X1=x; }", " P0 ;", " LDR W0,[X1] ;", "exists (0:X0=0)");
        Assert.Null(Lower(text).Vmsa);
        var p = LitmusLowering.Lower(Parse(text), Variant.Vmsa);
        Assert.Equal(["x", "PTE(x)"], p.Locations);
        Assert.Equal(Program.AddressBase, InitReg(p, 0, 1));
        Assert.Equal("x", p.FormatValue(InitReg(p, 0, 1)));
    }

    // ---- init and layout ----

    [Fact]
    public void InitFormsLowerToAddressesAndDescriptors()
    {
        var p = Lower(Src(
            "AArch64 T",
            "{",
            " int x=1; pte_x=(af:0); [PTE(y)]=(oa:PA(x), valid:0); [z]=y;",
            " pteval_t 0:X1=(oa:phy_y, db:0, dbm:1); 0:X2=PTE(x); 0:X3=pte_y; 0:X4=PA(y); 0:X5=phy_x; 0:X6=x;",
            "}",
            " P0 ;",
            " NOP ;",
            "exists (x=1)"));
        Assert.Equal(["x", "y", "z", "PTE(x)", "PTE(y)", "PTE(z)"], p.Locations);
        Assert.Equal("1", p.FormatValue(InitMem(p, "x")));
        Assert.Equal("y", p.FormatValue(InitMem(p, "z")));
        Assert.Equal("(oa:PA(x), af:0)", p.FormatValue(InitMem(p, "PTE(x)")));
        Assert.Equal("(oa:PA(x), valid:0)", p.FormatValue(InitMem(p, "PTE(y)")));
        Assert.Equal("(oa:PA(z))", p.FormatValue(InitMem(p, "PTE(z)")));
        Assert.Equal(
            ["(oa:PA(y), db:0, dbm:1)", "PTE(x)", "PTE(y)", "PA(y)", "PA(x)", "x"],
            Enumerable.Range(1, 6).Select(r => p.FormatValue(InitReg(p, 0, r))));
    }

    [Fact]
    public void RegisterDescriptorWithoutOutputAddressHasHerdsEmptyOne()
    {
        var p = Lower(WithInit("pteval_t 0:X1=(valid:0);"));
        Assert.Equal(Pte.Encode(new PteFields(0, Valid: false)), InitReg(p, 0, 1));
    }

    [Fact]
    public void VirtualPhysicalAndPageTableAddressesAreDistinctRanges()
    {
        var p = Lower(Src("AArch64 T", "{ 0:X1=x; 0:X2=y; 0:X3=PTE(y); }", " P0 ;", " NOP ;", "exists (PTE(y)=(valid:0))"));
        var y = p.Vmsa!.Variables[1];
        Assert.Equal(("y", Program.AddressBase + Program.AddressStride), (y.Name, y.VirtualAddress));
        Assert.Equal(Program.PhysicalBase + Program.AddressStride, y.PhysicalAddress);
        Assert.Equal(Program.PageTableBase + (Program.AddressStride / 4096 * 8), y.PteAddress);
        Assert.Equal(y.PhysicalAddress, p.AddressOf(y.DataLoc));
        Assert.Equal(y.PteAddress, p.AddressOf(y.PteLoc));
        Assert.Equal("PTE(y)", p.Locations[y.PteLoc]);
    }

    // ---- descriptors ----

    [Fact]
    public void DescriptorsUseTheAArch64StageOneBits()
    {
        const long pa = Program.PhysicalBase + 0x3_0000;
        Assert.Equal(pa | 0b11 | (1L << 6) | (1L << 10), Pte.Encode(PteFields.Default(pa)));
        Assert.Equal(pa | 0b10 | (1L << 6) | (1L << 7) | (1L << 51), Pte.Encode(new PteFields(pa, Valid: false, Af: false, Db: false, Dbm: true)));
        for (int bits = 0; bits < 32; bits++)
        {
            var f = new PteFields(pa, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0);
            Assert.Equal(f, Pte.Decode(Pte.Encode(f)));
            Assert.True(Pte.IsDescriptor(Pte.Encode(f)));
        }
        Assert.False(Pte.IsDescriptor(pa));
    }

    [Fact]
    public void DescriptorsPrintOnlyTheirNonDefaultFieldsInHerdsOrder()
    {
        Assert.Equal("(oa:PA(x))", Pte.Format(PteFields.Default(0), _ => "PA(x)"));
        Assert.Equal("(oa:PA(x), af:0, db:0, dbm:1, valid:0, el0:0)", Pte.Format(new PteFields(0, false, false, false, true, false), _ => "PA(x)"));
    }

    // ---- conditions ----

    [Theory]
    [InlineData("exists (~fault(P0:L0,x))", "exists (not (fault(P0:L0,x)))")]
    [InlineData("forall x=1 /\\ pte_x=(af:1) /\\ ~fault(P0:L0,x)", "forall ([x]=1 /\\ [PTE(x)]=(oa:PA(x)) /\\ not (fault(P0:L0,x)))")]
    [InlineData("exists (P0:X0=0 /\\ Fault(P1:L1,y,MMU:Permission))", "exists (0:X0=0 /\\ fault(P1:L1,y,MMU:Permission))")]
    [InlineData("exists (fault(P1) \\/ fault(P0,pte_x))", "exists (fault(P1) \\/ fault(P0,PTE(x)))")]
    [InlineData("exists (0:X0=(oa:phy_x,db:1, valid :0) /\\ [PTE(y)]=(dbm:1, db:0))", "exists (0:X0=(oa:PA(x), valid:0) /\\ [PTE(y)]=(oa:PA(y), db:0, dbm:1))")]
    [InlineData("exists (1:X9=label:\"P1:L1\" /\\ 0:X1=x /\\ ~Fault(P1,y))", "exists (1:X9=label:\"P1:L1\" /\\ 0:X1=x /\\ not (fault(P1,y)))")]
    [InlineData("exists (1:X0=1 /\\ not (fault(P1:L1,MMU:Translation)))", "exists (1:X0=1 /\\ not (fault(P1:L1,MMU:Translation)))")]
    public void ConditionsPrintAsHerdPrintsThem(string condition, string herd)
    {
        var p = Lower(Src("AArch64 T", "{ 0:X1=x; 1:X1=y; }", " P0              | P1              ;", " L0: LDR W0,[X1] | L1: STR W0,[X1] ;", condition));
        Assert.NotNull(p.Vmsa);
        Assert.Equal(herd, HerdFormat.Condition(p));
    }

    [Fact]
    public void FaultAtomsNameTheirThreadInstructionAndLocation()
    {
        var p = Lower(Src("AArch64 T", "{ 0:X1=x; }", " P0 ;", " NOP ;", " L0: LDR W0,[X1] ;", "exists (fault(P0:L0,x,MMU:Translation) /\\ ~fault(P0,PTE(x)))"));
        var x = p.Vmsa!.Variables[0];
        Assert.Equal([new FaultAtom(0, "L0", 1, x.DataLoc, "MMU:Translation"), new FaultAtom(0, null, -1, x.PteLoc, null)], p.Vmsa.Faults);
        Assert.Equal(new AndCond(new FaultCond(Observable.FaultAtom(0)), new NotCond(new FaultCond(Observable.FaultAtom(1)))), p.Condition);
    }

    // ---- final states ----

    private static string StateOf(Program p, params (string Observable, long Value)[] values)
    {
        var displayed = OutcomeSet.DisplayOrder(p);
        var lookup = values.ToDictionary(v => v.Observable, v => v.Value);
        return HerdFormat.State(p, displayed, [.. displayed.Select(o => lookup[p.FormatObservable(o)])]);
    }

    [Fact]
    public void StatesListFaultsThatHappenedThenTheOthersAsHerdDoes()
    {
        var p = Lower(Src("AArch64 T", "{ 0:X1=x; }", " P0              | P1  ;", " L0: LDR W0,[X1] | NOP ;", "locations [fault(P1,y); pte_x;]", "exists (0:X0=1 /\\ fault(P0:L0,x))"));
        var v = p.Vmsa!.Variables;
        long pte = Pte.Encode(new PteFields(v[0].PhysicalAddress, Valid: false));
        long translation = FaultValue.Encode(v[0].DataLoc, FaultKind.Translation, false);
        long permission = FaultValue.Encode(v[1].DataLoc, FaultKind.Permission, true);
        Assert.Equal(
            "0:X0=0; [PTE(x)]=(oa:PA(x), valid:0);  ~Fault(P1,y); ~Fault(P0:L0,x);",
            StateOf(p, ("0:X0", 0), ("[PTE(x)]", pte), ("fault(P1,y)", 0), ("fault(P0:L0,x)", 0)));
        Assert.Equal(
            "0:X0=0; [PTE(x)]=(oa:PA(x), valid:0); Fault(P0:L0,x,D-MMU:Translation); ~Fault(P1,y);",
            StateOf(p, ("0:X0", 0), ("[PTE(x)]", pte), ("fault(P1,y)", 0), ("fault(P0:L0,x)", translation)));
        Assert.Equal(
            "0:X0=1; [PTE(x)]=(oa:PA(x), valid:0); Fault(P0:L0,x,D-MMU:Translation); Fault(P1,y,D-MMU:Permission,EL0);",
            StateOf(p, ("0:X0", 1), ("[PTE(x)]", pte), ("fault(P1,y)", permission), ("fault(P0:L0,x)", translation)));
    }

    [Fact]
    public void StatesWithOnlyFaultsStartWithHerdsSpaces()
    {
        var p = Lower(Src("AArch64 T", "{ 0:X1=x; }", " P0 ;", " L0: LDR W0,[X1] ;", "exists (fault(P0:L0,x))"));
        Assert.Equal("  ~Fault(P0:L0,x);", StateOf(p, ("fault(P0:L0,x)", 0)));
        Assert.Equal(" Fault(P0:L0,x,D-MMU:AccessFlag);", StateOf(p, ("fault(P0:L0,x)", FaultValue.Encode(p.Vmsa!.Variables[0].DataLoc, FaultKind.AccessFlag, false))));
    }

    // ---- threads and instructions ----

    [Fact]
    public void FaultHandlersBelongToTheirThreadAndReturnToItsLabels()
    {
        var p = Lower(Src(
            "AArch64 T",
            "{ 0:X2=x; }",
            " P0              | P0.F           ;",
            " L0: LDR W0,[X2] | ADR X9,L1      ;",
            " L1: NOP         | MSR ELR_EL1,X9 ;",
            "                 | ERET           ;",
            "exists (0:X9=label:\"P0:L1\")"));
        var thread = Assert.Single(p.Threads);
        var handler = thread.FaultHandler!;
        Assert.Equal("P0.F", handler.Name);
        Assert.Equal([Opcode.Adr, Opcode.Msr, Opcode.Eret], handler.Code.Select(i => i.Op));
        Assert.Equal((1, 0L, 9), (handler.Code[0].Target, handler.Code[0].Imm, handler.Code[0].Rd));
        Assert.Equal((SystemRegister.ElrEl1, 9), (handler.Code[1].SystemRegister, handler.Code[1].Rn));
        Assert.Equal(new Dictionary<string, int> { ["L0"] = 0, ["L1"] = 1 }, thread.Labels);
        Assert.Equal(new AtomCond(Observable.Register(0, 9), Program.CodeAddress(0, 1), true), p.Condition);
        Assert.Equal("label:\"P0:L1\"", p.FormatValue(Program.CodeAddress(0, 1)));
    }

    [Theory]
    [InlineData("VAAE1IS", TlbiTarget.VaAllAsids, 1, false, ShareDomain.InnerShareable)]
    [InlineData("VAAE1", TlbiTarget.VaAllAsids, 1, false, ShareDomain.NonShareable)]
    [InlineData("VAE1IS", TlbiTarget.Va, 1, false, ShareDomain.InnerShareable)]
    [InlineData("VALE1IS", TlbiTarget.Va, 1, true, ShareDomain.InnerShareable)]
    [InlineData("VAALE1OS", TlbiTarget.VaAllAsids, 1, true, ShareDomain.OuterShareable)]
    [InlineData("VMALLE1IS", TlbiTarget.VmAll, 1, false, ShareDomain.InnerShareable)]
    [InlineData("VMALLS12E1", TlbiTarget.VmAllS12, 1, false, ShareDomain.NonShareable)]
    [InlineData("ASIDE1IS", TlbiTarget.Asid, 1, false, ShareDomain.InnerShareable)]
    [InlineData("ALLE2", TlbiTarget.All, 2, false, ShareDomain.NonShareable)]
    [InlineData("IPAS2LE1IS", TlbiTarget.Ipa, 1, true, ShareDomain.InnerShareable)]
    public void TlbiOperationsDecodeByName(string name, TlbiTarget target, int el, bool last, ShareDomain domain) =>
        Assert.Equal(new TlbiOp(target, el, last, domain), LitmusLowering.ParseTlbi(name));

    [Fact]
    public void PageTableCodeLowers()
    {
        var p = Lower(Src("AArch64 T", "{ 0:X1=x; }", " P0 ;", " LSR X9,X1,12 ;", " TLBI VAAE1IS,X9 ;", " TLBI VMALLE1IS ;", " DSB ISHST ;", " MOV W2,2 ;", "exists (0:X2=2)"));
        var code = p.Threads[0].Code;
        Assert.Equal(Operand2.Immediate(12), code[0].Src2);
        Assert.Equal((Opcode.Tlbi, 9, TlbiTarget.VaAllAsids), (code[1].Op, code[1].Rn, code[1].Tlbi.Target));
        Assert.Equal((Opcode.Tlbi, Reg.None, TlbiTarget.VmAll), (code[2].Op, code[2].Rn, code[2].Tlbi.Target));
        Assert.Equal((FenceKind.DsbSt, ShareDomain.InnerShareable), (code[3].Fence, code[3].Domain));
        Assert.Equal(2, code[4].Imm);
        Assert.NotNull(p.Vmsa);
    }

    // ---- errors, word for word ----

    private static void AssertError(string expected, string text)
    {
        var e = Assert.Throws<DiagnosticException>(() => Lower(text));
        Assert.Equal(expected, e.Message);
        Assert.False(e.Unsupported);
    }

    private static string WithInit(string init) => Src("AArch64 T", "{ " + init + " }", " P0 ;", " NOP ;", "exists (0:X0=0)");

    private static string WithCondition(string condition) => Src("AArch64 T", "{ 0:X1=x; }", " P0 ;", " L0: LDR W0,[X1] ;", condition);

    [Fact]
    public void UnknownDescriptorField() =>
        AssertError("t.litmus(2,10): error: unknown page-table entry field 'ax': expected oa, af, db, dbm, valid, el0, ng, or read and write (stage 2)", WithInit("pte_x=(ax:0);"));

    [Fact]
    public void DescriptorBitMustBeZeroOrOne() =>
        AssertError("t.litmus(2,13): error: page-table entry field 'af' must be 0 or 1", WithInit("pte_x=(af:2);"));

    [Fact]
    public void OutputAddressMustBePhysical() =>
        AssertError("t.litmus(2,13): error: the output address 'oa' must be a physical address such as PA(x), phy_x or a table TABLE(n)", WithInit("pte_x=(oa:1);"));

    [Fact]
    public void UnclosedDescriptor() =>
        AssertError("t.litmus(2,14): error: expected ',' or ')' in a page-table entry value but found ';'", WithInit("pte_x=(af:0; }"));


    [Fact]
    public void FaultNeedsAThread() =>
        AssertError("t.litmus(5,15): error: expected a thread such as 'P0' in 'fault(...)' but found 'x'", WithCondition("exists (fault(x))"));

    [Fact]
    public void FaultAtAnUnknownLabel() =>
        AssertError("t.litmus(5,9): error: unknown label 'L9' in P0", WithCondition("exists (fault(P0:L9,x))"));

    [Fact]
    public void FaultWithTooManyArguments() =>
        AssertError("t.litmus(5,39): error: unexpected 'y' in 'fault(...)': expected at most a location and a fault type", WithCondition("exists (fault(P0:L0,x,MMU:Translation,y))"));

    [Fact]
    public void UnknownTthmFlag() =>
        AssertError("t.litmus(2,6): error: unknown TTHM flag 'HX': expected HA, HD, or P<n>:HA and P<n>:HD for one thread", Src("AArch64 T", "TTHM=HX", "{ x=0; }", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void UnknownTlbiOperation() =>
        AssertError("t.litmus(4,7): error: unknown TLBI operation 'FOO' (such as VAAE1IS, VAE1, VALE1IS, VMALLE1IS, ASIDE1, ALLE1)", Src("AArch64 T", "{ 0:X1=x; }", " P0 ;", " TLBI FOO,X1 ;", "exists (x=0)"));

    [Fact]
    public void TlbiByAddressNeedsItsRegister() =>
        AssertError("t.litmus(4,2): error: 'TLBI VAE1IS' takes a register holding the page, such as TLBI VAE1IS,X1", Src("AArch64 T", "{ 0:X1=x; }", " P0 ;", " TLBI VAE1IS ;", "exists (x=0)"));

    // ---- running ----

    [Fact]
    public void EveryModelRunsPageTablePrograms()
    {
        var dir = Directory.CreateTempSubdirectory("vrm-vmsa-");
        try
        {
            var vmsa = Path.Combine(dir.FullName, "V.litmus");
            File.WriteAllText(vmsa, WithCondition("exists (0:X0=0 /\\ ~fault(P0:L0,x))"));
            var plain = Path.Combine(dir.FullName, "P.litmus");
            File.WriteAllText(plain, WithCondition("exists (0:X0=0)"));
            foreach (var (file, variants) in new[] { (vmsa, Variant.None), (plain, Variant.Vmsa) })
            {
                foreach (var model in MemoryModels.Names)
                {
                    var outcome = TestRunner.RunFile(file, [model], new ExploreOptions(), CancellationToken.None, variants);
                    Assert.Null(outcome.Error);
                    Assert.NotNull(Assert.Single(outcome.Results).Program.Vmsa);
                }
            }
            Assert.False(TestRunner.RunFile(plain, ["arm"], new ExploreOptions(), CancellationToken.None).Unsupported);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
