using Vrm.Programs.Lowering;
using Vrm.Syntax;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Programs.Tests;

/// <summary>The litmus lowering of every instruction family vrm supports, of the init block and of the conditions, on inline sources.</summary>
public class LitmusLoweringTests
{
    private static LitmusTest Parse(string text) => LitmusParser.Parse("t.litmus", text);

    private static Program Lower(string text) => LitmusLowering.Lower(Parse(text));

    /// <summary>A one-thread test whose thread has X1 = &amp;x and X3 = &amp;y, one cell per row.</summary>
    private static string OneThread(params string[] cells) =>
        "AArch64 T\n{ 0:X1=x; 0:X3=y; }\n P0 ;\n" + string.Concat(cells.Select(c => $" {c} ;\n")) + "exists (x=0)\n";

    private static Instr LowerOne(string cell) => Lower(OneThread(cell)).Threads[0].Code.Single();

    // ---- init block ----

    [Fact]
    public void LoweringGivesLocationsAddressesAndInitialValues()
    {
        var p = Lower("AArch64 T\n{ 0:X1=x; x=y; y=0x10; 0:X2=-5; uint64_t z; }\n P0 ;\n NOP ;\nexists (z=0)\n");
        Assert.Equal(["x", "y", "z"], p.Locations);
        Assert.Equal([p.AddressOf(1), 16, 0], p.InitMemory);
        Assert.Equal([(1, p.AddressOf(0)), (2, -5L)], p.Threads[0].InitRegs);
        Assert.Equal("y", p.FormatValue(p.InitMemory[0]));
    }

    // ---- locations, filter, conditions ----

    [Fact]
    public void LocationsComeFirstInTheObservedList()
    {
        var p = Lower("AArch64 T\n{ x=0; }\n P0 ;\n NOP ;\nlocations [y; 0:X0;]\nexists (0:X2=0 /\\ x=0)\n");
        Assert.Equal(["[y]", "0:X0", "0:X2", "[x]"], p.Observed.Select(p.FormatObservable));
        Assert.Equal(["x", "y"], p.Locations);
    }

    [Theory]
    [InlineData("exists (x=1)", Quantifier.Exists, CondKind.Exists)]
    [InlineData("~exists (x=1)", Quantifier.NotExists, CondKind.NotExists)]
    [InlineData("~ exists (x=1)", Quantifier.NotExists, CondKind.NotExists)]
    [InlineData("forall (x=1)", Quantifier.Forall, CondKind.Forall)]
    public void Quantifiers(string condition, Quantifier quantifier, CondKind kind)
    {
        var text = "AArch64 T\n{ x=0; }\n P0 ;\n NOP ;\n" + condition + "\n";
        Assert.Equal(quantifier, Parse(text).Condition.Quantifier);
        Assert.Equal(kind, Lower(text).ConditionKind);
    }

    [Fact]
    public void FilterLowersSeparatelyFromTheCondition()
    {
        var p = Lower("AArch64 T\n{ x=0; }\n P0 ;\n NOP ;\nfilter (0:X3=1)\nexists (x=0)\n");
        Assert.Equal(new AtomCond(Observable.Register(0, 3), 1, true), p.Filter);
        Assert.Equal(["[x]"], p.Observed.Select(p.FormatObservable));
    }

    // ---- operands and addresses ----

    [Theory]
    [InlineData("LDR X0,[X1]", 1, -1, 0L, ShiftKind.None, 0, AddressWriteback.None, 0L)]
    [InlineData("LDR X0,[X1,#4]", 1, -1, 4L, ShiftKind.None, 0, AddressWriteback.None, 0L)]
    [InlineData("LDR X0,[X3,X2]", 3, 2, 0L, ShiftKind.None, 0, AddressWriteback.None, 0L)]
    [InlineData("LDR X0,[X1,W2,SXTW]", 1, 2, 0L, ShiftKind.Sxtw, 0, AddressWriteback.None, 0L)]
    [InlineData("LDR X0,[X1,X2,LSL #3]", 1, 2, 0L, ShiftKind.Lsl, 3, AddressWriteback.None, 0L)]
    [InlineData("LDR X0,[X1,XZR]", 1, Reg.Zero, 0L, ShiftKind.None, 0, AddressWriteback.None, 0L)]
    [InlineData("LDR X0,[X1],#4", 1, -1, 0L, ShiftKind.None, 0, AddressWriteback.Post, 4L)]
    [InlineData("STR X0,[X1],#-8", 1, -1, 0L, ShiftKind.None, 0, AddressWriteback.Post, -8L)]
    [InlineData("LDR X0,[X1,#4]!", 1, -1, 4L, ShiftKind.None, 0, AddressWriteback.Pre, 4L)]
    public void AddressesLower(string cell, int baseReg, int offReg, long offImm, ShiftKind shift, int amount, AddressWriteback wb, long wbImm)
    {
        var a = LowerOne(cell).Addr;
        Assert.Equal(new Address(baseReg, new Operand2(offReg, offImm, shift, amount), wb, wbImm), a);
    }

    [Fact]
    public void InstructionTextAndPositionAreKept()
    {
        var i = LowerOne("ldr w0 , [x1, #4]");
        Assert.Equal("LDR W0,[X1,#4]", i.Text);
        Assert.Equal(new SourcePos(4, 2), i.Pos);
    }

    // ---- instruction families ----

    [Theory]
    [InlineData("MOV X0,#5", 5L, true)]
    [InlineData("MOV W0,#-1", -1L, false)]
    [InlineData("MOV X0,#0x100", 256L, true)]
    [InlineData("MOVZ X0,#1,LSL #16", 65536L, true)]
    public void MoveImmediate(string cell, long imm, bool wide)
    {
        var i = LowerOne(cell);
        Assert.Equal(Opcode.MovImm, i.Op);
        Assert.Equal(0, i.Rd);
        Assert.Equal(imm, i.Imm);
        Assert.Equal(wide, i.Wide);
    }

    [Fact]
    public void MoveRegisterIsOrrWithTheZeroRegister()
    {
        var i = LowerOne("MOV W4,W2");
        Assert.Equal((Opcode.Alu, AluOp.Orr, 4, Reg.Zero, Operand2.Register(2), false), (i.Op, i.Alu, i.Rd, i.Rn, i.Src2, i.Wide));
    }

    [Fact]
    public void MoveKeepKeepsImmediateAndShift()
    {
        var i = LowerOne("MOVK X0,#0x1234,LSL #16");
        Assert.Equal((Opcode.MovK, 0, 0x1234L, Operand2.Immediate(16)), (i.Op, i.Rd, i.Imm, i.Src2));
        Assert.Equal(Operand2.Immediate(0), LowerOne("MOVK X0,#7").Src2);
    }

    [Theory]
    [InlineData("LDR X0,[X1]", 8, true, AccessFlags.None)]
    [InlineData("LDR W0,[X1]", 4, false, AccessFlags.None)]
    [InlineData("LDRB W0,[X1]", 1, false, AccessFlags.None)]
    [InlineData("LDRH W0,[X1]", 2, false, AccessFlags.None)]
    [InlineData("LDAR X0,[X1]", 8, true, AccessFlags.Acquire)]
    [InlineData("LDARB W0,[X1]", 1, false, AccessFlags.Acquire)]
    [InlineData("LDAPR W0,[X1]", 4, false, AccessFlags.AcquirePC)]
    [InlineData("LDAPRH W0,[X1]", 2, false, AccessFlags.AcquirePC)]
    [InlineData("LDXR X0,[X1]", 8, true, AccessFlags.Exclusive)]
    [InlineData("LDAXR W0,[X1]", 4, false, AccessFlags.Exclusive | AccessFlags.Acquire)]
    public void Loads(string cell, int size, bool wide, AccessFlags flags)
    {
        var i = LowerOne(cell);
        Assert.Equal((Opcode.Load, 0, size, wide, flags, 1), (i.Op, i.Rd, i.Size, i.Wide, i.Flags, i.Addr.Base));
        Assert.True(i.IsMemory);
    }

    [Theory]
    [InlineData("STR X0,[X1]", Reg.None, 8, AccessFlags.None)]
    [InlineData("STR W0,[X1]", Reg.None, 4, AccessFlags.None)]
    [InlineData("STRB W0,[X1]", Reg.None, 1, AccessFlags.None)]
    [InlineData("STRH W0,[X1]", Reg.None, 2, AccessFlags.None)]
    [InlineData("STLR X0,[X1]", Reg.None, 8, AccessFlags.Release)]
    [InlineData("STLRB W0,[X1]", Reg.None, 1, AccessFlags.Release)]
    [InlineData("STXR W4,X0,[X1]", 4, 8, AccessFlags.Exclusive)]
    [InlineData("STLXR W4,W0,[X1]", 4, 4, AccessFlags.Exclusive | AccessFlags.Release)]
    public void Stores(string cell, int status, int size, AccessFlags flags)
    {
        var i = LowerOne(cell);
        Assert.Equal((Opcode.Store, status, 0, size, flags, 1), (i.Op, i.Rd, i.Rn, i.Size, i.Flags, i.Addr.Base));
    }

    [Theory]
    [InlineData("CAS X0,X2,[X1]", AccessFlags.None, 8)]
    [InlineData("CASA X0,X2,[X1]", AccessFlags.Acquire, 8)]
    [InlineData("CASL W0,W2,[X1]", AccessFlags.Release, 4)]
    [InlineData("CASAL X0,X2,[X1]", AccessFlags.Acquire | AccessFlags.Release, 8)]
    [InlineData("CASALB W0,W2,[X1]", AccessFlags.Acquire | AccessFlags.Release, 1)]
    [InlineData("CASH W0,W2,[X1]", AccessFlags.None, 2)]
    public void CompareAndSwap(string cell, AccessFlags flags, int size)
    {
        var i = LowerOne(cell);
        // Xs is both the expected value and the register that receives the old value.
        Assert.Equal((Opcode.Cas, 0, 0, 2, flags, size, 1), (i.Op, i.Rd, i.Rn, i.Rm, i.Flags, i.Size, i.Addr.Base));
    }

    [Theory]
    [InlineData("SWP X0,X2,[X1]", RmwOp.Swp, AccessFlags.None, 8)]
    [InlineData("SWPA X0,X2,[X1]", RmwOp.Swp, AccessFlags.Acquire, 8)]
    [InlineData("SWPL W0,W2,[X1]", RmwOp.Swp, AccessFlags.Release, 4)]
    [InlineData("SWPALB W0,W2,[X1]", RmwOp.Swp, AccessFlags.Acquire | AccessFlags.Release, 1)]
    [InlineData("LDADD X0,X2,[X1]", RmwOp.Add, AccessFlags.None, 8)]
    [InlineData("LDADDA X0,X2,[X1]", RmwOp.Add, AccessFlags.Acquire, 8)]
    [InlineData("LDADDL X0,X2,[X1]", RmwOp.Add, AccessFlags.Release, 8)]
    [InlineData("LDADDALH W0,W2,[X1]", RmwOp.Add, AccessFlags.Acquire | AccessFlags.Release, 2)]
    [InlineData("LDCLR X0,X2,[X1]", RmwOp.Clr, AccessFlags.None, 8)]
    [InlineData("LDCLRAL X0,X2,[X1]", RmwOp.Clr, AccessFlags.Acquire | AccessFlags.Release, 8)]
    [InlineData("LDSETA W0,W2,[X1]", RmwOp.Set, AccessFlags.Acquire, 4)]
    [InlineData("LDSETB W0,W2,[X1]", RmwOp.Set, AccessFlags.None, 1)]
    [InlineData("LDEORL X0,X2,[X1]", RmwOp.Eor, AccessFlags.Release, 8)]
    public void LoadAtomics(string cell, RmwOp op, AccessFlags flags, int size)
    {
        var i = LowerOne(cell);
        // Rs (operand) is X0 and the old value goes to Rt, X2.
        Assert.Equal((Opcode.Rmw, op, 0, 2, flags, size, 1), (i.Op, i.Rmw, i.Rn, i.Rd, i.Flags, i.Size, i.Addr.Base));
    }

    [Theory]
    [InlineData("STADD X0,[X1]", RmwOp.Add, AccessFlags.None, 8)]
    [InlineData("STADDL W0,[X1]", RmwOp.Add, AccessFlags.Release, 4)]
    [InlineData("STCLR X0,[X1]", RmwOp.Clr, AccessFlags.None, 8)]
    [InlineData("STSETLB W0,[X1]", RmwOp.Set, AccessFlags.Release, 1)]
    [InlineData("STEORH W0,[X1]", RmwOp.Eor, AccessFlags.None, 2)]
    public void StoreAtomicsDiscardTheOldValue(string cell, RmwOp op, AccessFlags flags, int size)
    {
        var i = LowerOne(cell);
        Assert.Equal((Opcode.Rmw, op, 0, Reg.Zero, flags, size), (i.Op, i.Rmw, i.Rn, i.Rd, i.Flags, i.Size));
    }

    [Theory]
    [InlineData("DMB SY", FenceKind.DmbFull)]
    [InlineData("DMB ISH", FenceKind.DmbFull)]
    [InlineData("DMB OSH", FenceKind.DmbFull)]
    [InlineData("dmb nsh", FenceKind.DmbFull)]
    [InlineData("DMB LD", FenceKind.DmbLd)]
    [InlineData("DMB ISHLD", FenceKind.DmbLd)]
    [InlineData("DMB OSHLD", FenceKind.DmbLd)]
    [InlineData("DMB ST", FenceKind.DmbSt)]
    [InlineData("DMB ISHST", FenceKind.DmbSt)]
    [InlineData("DSB SY", FenceKind.DsbFull)]
    [InlineData("DSB ISH", FenceKind.DsbFull)]
    [InlineData("DSB ISHLD", FenceKind.DsbLd)]
    [InlineData("DSB NSHST", FenceKind.DsbSt)]
    [InlineData("ISB", FenceKind.Isb)]
    public void Barriers(string cell, FenceKind kind)
    {
        var i = LowerOne(cell);
        Assert.Equal((Opcode.Fence, kind), (i.Op, i.Fence));
        Assert.False(i.IsMemory);
    }

    [Theory]
    [InlineData("ADD X0,X1,#1", AluOp.Add, false)]
    [InlineData("SUB X0,X1,#1", AluOp.Sub, false)]
    [InlineData("EOR X0,X1,#1", AluOp.Eor, false)]
    [InlineData("AND X0,X1,#1", AluOp.And, false)]
    [InlineData("ORR X0,X1,#1", AluOp.Orr, false)]
    [InlineData("BIC X0,X1,#1", AluOp.Bic, false)]
    [InlineData("LSL X0,X1,#1", AluOp.Lsl, false)]
    [InlineData("LSR X0,X1,#1", AluOp.Lsr, false)]
    [InlineData("ADDS X0,X1,#1", AluOp.Add, true)]
    [InlineData("SUBS X0,X1,#1", AluOp.Sub, true)]
    [InlineData("ANDS X0,X1,#1", AluOp.And, true)]
    public void ThreeOperandAluWithImmediate(string cell, AluOp op, bool flags)
    {
        var i = LowerOne(cell);
        Assert.Equal((Opcode.Alu, op, 0, 1, Operand2.Immediate(1), flags), (i.Op, i.Alu, i.Rd, i.Rn, i.Src2, i.SetsFlags));
    }

    [Theory]
    [InlineData("EOR W2,W0,W0", 2, 0, 0, ShiftKind.None, 0, false)]
    [InlineData("ADD X4,X3,X2", 4, 3, 2, ShiftKind.None, 0, true)]
    [InlineData("ADD X4,X3,X2,LSL #2", 4, 3, 2, ShiftKind.Lsl, 2, true)]
    [InlineData("ADD X4,X3,W2,SXTW", 4, 3, 2, ShiftKind.Sxtw, 0, true)]
    [InlineData("AND X4,X3,XZR", 4, 3, Reg.Zero, ShiftKind.None, 0, true)]
    public void AluWithRegisterOperand(string cell, int rd, int rn, int rm, ShiftKind shift, int amount, bool wide)
    {
        var i = LowerOne(cell);
        Assert.Equal((Opcode.Alu, rd, rn, Operand2.Register(rm, shift, amount), wide), (i.Op, i.Rd, i.Rn, i.Src2, i.Wide));
    }

    [Fact]
    public void AluImmediateTakesAnLslShift()
    {
        Assert.Equal(Operand2.Immediate(0x1000), LowerOne("ADD X0,X1,#1,LSL #12").Src2);
    }

    [Fact]
    public void SignExtendWord()
    {
        var i = LowerOne("SXTW X0,W1");
        Assert.Equal((Opcode.Alu, AluOp.Sxtw, 0, 1, true), (i.Op, i.Alu, i.Rd, i.Rn, i.Wide));
    }

    [Theory]
    [InlineData("CMP X0,#1", 0, -1, 1L, true)]
    [InlineData("CMP W2,W3", 2, 3, 0L, false)]
    public void CompareSetsFlagsAndDiscardsTheResult(string cell, int rn, int src2Reg, long src2Imm, bool wide)
    {
        var i = LowerOne(cell);
        Assert.Equal(
            (Opcode.Alu, AluOp.Sub, Reg.Zero, rn, new Operand2(src2Reg, src2Imm, ShiftKind.None, 0), true, wide),
            (i.Op, i.Alu, i.Rd, i.Rn, i.Src2, i.SetsFlags, i.Wide));
    }

    [Fact]
    public void ConditionalSelectAndSet()
    {
        var csel = LowerOne("CSEL X0,X1,X2,EQ");
        Assert.Equal((Opcode.Csel, CselKind.Csel, 0, 1, 2, CondCode.Eq), (csel.Op, csel.Csel, csel.Rd, csel.Rn, csel.Rm, csel.Cond));
        // CSET is CSINC of the zero register under the inverted condition.
        var cset = LowerOne("CSET W3,NE");
        Assert.Equal((Opcode.Csel, CselKind.Csinc, 3, Reg.Zero, Reg.Zero, CondCode.Eq, false), (cset.Op, cset.Csel, cset.Rd, cset.Rn, cset.Rm, cset.Cond, cset.Wide));
        Assert.Equal(CondCode.Lt, LowerOne("CSET X3,GE").Cond);
    }

    [Fact]
    public void BranchesResolveLabelsToInstructionIndexes()
    {
        var code = Lower(OneThread(
            "CBZ X0,L1",
            "CBNZ W0,L1",
            "B.EQ L0",
            "BNE L1",
            "L0:",
            "B L0",
            "L1:")).Threads[0].Code;
        Assert.Equal(5, code.Length);
        Assert.Equal((Opcode.BranchZero, 0, false, 5, true), (code[0].Op, code[0].Rn, code[0].NonZero, code[0].Target, code[0].Wide));
        Assert.Equal((Opcode.BranchZero, 0, true, 5, false), (code[1].Op, code[1].Rn, code[1].NonZero, code[1].Target, code[1].Wide));
        Assert.Equal((Opcode.BranchCond, CondCode.Eq, 4), (code[2].Op, code[2].Cond, code[2].Target));
        Assert.Equal((Opcode.BranchCond, CondCode.Ne, 5), (code[3].Op, code[3].Cond, code[3].Target));
        Assert.Equal((Opcode.Branch, 4), (code[4].Op, code[4].Target));
    }

    [Fact]
    public void LabelOnTheSameLineAsTheInstructionItNames()
    {
        var code = Lower(OneThread("B L0", "MOV X0,#1", "L0: MOV X0,#2")).Threads[0].Code;
        Assert.Equal(2, code[0].Target);
        Assert.Equal(2, code[2].Imm);
    }

    [Fact]
    public void NopLowersToNop()
    {
        Assert.Equal(Opcode.Nop, LowerOne("NOP").Op);
    }

    [Fact]
    public void ThreadsKeepTheirNamesAndRegistersPerThread()
    {
        var p = Lower("AArch64 T\n{ 0:X1=x; 1:X1=y; 1:X3=x; }\n P0 | P1 ;\n STR X0,[X1] | LDR X0,[X1] ;\n | LDR X2,[X3] ;\nexists (1:X0=0)\n");
        Assert.Equal(["P0", "P1"], p.Threads.Select(t => t.Name));
        Assert.Equal([1, 2], p.Threads.Select(t => t.Code.Length));
        Assert.Equal([(1, p.AddressOf(1)), (3, p.AddressOf(0))], p.Threads[1].InitRegs);
        Assert.Equal("T", p.Name);
        Assert.Equal("t.litmus", p.File);
    }

    // ---- whole threads ----

    [Fact]
    public void MessagePassingWithFencesLowersAccessByAccess()
    {
        var p = Lower("""
            AArch64 MP+dmb.sy+dmb.ld
            { 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }
             P0          | P1          ;
             MOV W0,#1   | LDR W0,[X1] ;
             STR W0,[X1] | DMB ISHLD   ;
             DMB SY      | LDR W2,[X3] ;
             STR W0,[X3] |             ;
            exists (1:X0=1 /\ 1:X2=0)
            """);
        var writer = p.Threads[0].Code;
        Assert.Equal([Opcode.MovImm, Opcode.Store, Opcode.Fence, Opcode.Store], writer.Select(i => i.Op));
        Assert.Equal(FenceKind.DmbFull, writer[2].Fence);
        Assert.Equal([(0, 1), (0, 3)], writer.Where(i => i.Op == Opcode.Store).Select(i => (i.Rn, i.Addr.Base)));
        var reader = p.Threads[1].Code;
        Assert.Equal([Opcode.Load, Opcode.Fence, Opcode.Load], reader.Select(i => i.Op));
        Assert.Equal(FenceKind.DmbLd, reader[1].Fence);
        Assert.Equal([(0, 1), (2, 3)], reader.Where(i => i.IsMemory).Select(i => (i.Rd, i.Addr.Base)));
        Assert.All(reader.Where(i => i.IsMemory), i => Assert.Equal((4, false, AccessFlags.None), (i.Size, i.Wide, i.Flags)));
        // x is location 0 and y location 1: each thread's X1 and X3 hold their addresses.
        Assert.Equal([(1, p.AddressOf(0)), (3, p.AddressOf(1))], p.Threads[0].InitRegs);
        Assert.Equal([(1, p.AddressOf(1)), (3, p.AddressOf(0))], p.Threads[1].InitRegs);
        Assert.Equal([Observable.Register(1, 0), Observable.Register(1, 2)], p.Observed);
    }

    [Fact]
    public void AnExclusiveRetryLoopBranchesBackToItsLabel()
    {
        var code = Lower(OneThread("L0:", "LDAXR W0,[X1]", "ADD W0,W0,#1", "STLXR W2,W0,[X1]", "CBNZ W2,L0")).Threads[0].Code;
        Assert.Equal([Opcode.Load, Opcode.Alu, Opcode.Store, Opcode.BranchZero], code.Select(i => i.Op));
        Assert.Equal(AccessFlags.Acquire | AccessFlags.Exclusive, code[0].Flags);
        Assert.Equal((2, 0, AccessFlags.Release | AccessFlags.Exclusive), (code[2].Rd, code[2].Rn, code[2].Flags));
        Assert.Equal((2, true, 0), (code[3].Rn, code[3].NonZero, code[3].Target));
    }
}
