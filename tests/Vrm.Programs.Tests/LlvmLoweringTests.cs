using Vrm.Programs.Lowering.Llvm;
using Vrm.Syntax;
using Vrm.Syntax.Llvm;
using Xunit;

namespace Vrm.Programs.Tests;

/// <summary>
/// The LLVM lowering called directly on small hand-written modules (no clang): the AArch64 mapping of each
/// access and fence, the threads and globals of a module, the marks on loop back edges, and its errors.
/// </summary>
public class LlvmLoweringTests
{
    /// <summary>Two globals, <c>x</c> (initially 5) and <c>y</c>, before <paramref name="functions"/>.</summary>
    private static Program Lower(string functions) =>
        LlvmLowering.Lower(LlvmParser.Parse("t.ll", "@x = global i32 5, align 4\n@y = global i32 0, align 4\n\n" + functions), "t.ll");

    /// <summary>One vrm_thread function of <paramref name="body"/>, lowered; its code.</summary>
    private static Instr[] Thread(string body) =>
        Lower($"define void @t0() section \"vrm_thread\" {{\n{body}\n  ret void\n}}\n").Threads[0].Code;

    private static Instr[] Memory(string body) => [.. Thread(body).Where(i => i.IsMemory)];

    [Fact]
    public void PlainStoreIsNonAtomicAndReleaseStoreIsStlr()
    {
        var code = Memory("  store i32 1, i32* @y, align 4\n  store atomic i32 1, i32* @x release, align 4");
        Assert.Equal(2, code.Length);
        Assert.Equal((Opcode.Store, AccessFlags.None, true, 4, false), (code[0].Op, code[0].Flags, code[0].NonAtomic, code[0].Size, code[0].Wide));
        Assert.Equal((Opcode.Store, AccessFlags.Release, false, 4), (code[1].Op, code[1].Flags, code[1].NonAtomic, code[1].Size));
    }

    [Fact]
    public void AcquireLoadIsLdarAndVolatileLoadIsARelaxedAtomic()
    {
        var code = Memory("  %a = load atomic i32, i32* @x acquire, align 4\n  %b = load volatile i32, i32* @y, align 4\n  %c = load i64, i64* bitcast (i32* @y to i64*), align 8");
        Assert.Equal([Opcode.Load, Opcode.Load, Opcode.Load], code.Select(i => i.Op));
        Assert.Equal([AccessFlags.Acquire, AccessFlags.None, AccessFlags.None], code.Select(i => i.Flags));
        Assert.Equal([false, false, true], code.Select(i => i.NonAtomic));
        Assert.Equal([4, 4, 8], code.Select(i => i.Size));
        Assert.Equal(["load acquire", "load volatile", "load"], code.Select(i => i.Text));
        // Each load writes a register of its own.
        Assert.Equal(3, code.Select(i => i.Rd).Distinct().Count());
    }

    [Fact]
    public void AStoreWritesTheRegisterTheLoadFilled()
    {
        var code = Memory("  %v = load atomic i32, i32* @x acquire, align 4\n  store atomic i32 %v, i32* @y release, align 4");
        Assert.Equal(code[0].Rd, code[1].Rn);
        Assert.NotEqual(code[0].Addr.Base, code[1].Addr.Base);
    }

    [Fact]
    public void SeqCstAccessesAreBothAcquireAndReleaseOnlyWhereTheyCanBe()
    {
        var code = Memory("  %a = load atomic i32, i32* @x seq_cst, align 4\n  store atomic i32 2, i32* @x seq_cst, align 4");
        Assert.Equal([AccessFlags.Acquire, AccessFlags.Release], code.Select(i => i.Flags));
    }

    [Fact]
    public void FencesAreDmbAndSingleThreadFencesVanish()
    {
        var fences = Thread("  fence seq_cst\n  fence acquire\n  fence release\n  fence syncscope(\"singlethread\") seq_cst").Where(i => i.Op == Opcode.Fence);
        Assert.Equal([FenceKind.DmbFull, FenceKind.DmbLd, FenceKind.DmbFull], fences.Select(i => i.Fence));
    }

    [Fact]
    public void CmpXchgIsCasWithTheSuccessOrderingAndASuccessFlag()
    {
        var code = Thread("  %r = cmpxchg i32* @x, i32 5, i32 6 acq_rel monotonic, align 4\n  %ok = extractvalue { i32, i1 } %r, 1");
        var cas = Assert.Single(code, i => i.IsMemory);
        Assert.Equal((Opcode.Cas, AccessFlags.Acquire | AccessFlags.Release, 4), (cas.Op, cas.Flags, cas.Size));
        Assert.NotEqual(cas.Rn, cas.Rm);
        // The flag compares the old value (Rd) with the expected one (Rn).
        Assert.Contains(code, i => i.Op == Opcode.Alu && i.SetsFlags && i.Rn == cas.Rd && i.Src2.Reg == cas.Rn);
    }

    [Theory]
    [InlineData("xchg", RmwOp.Swp)]
    [InlineData("add", RmwOp.Add)]
    [InlineData("sub", RmwOp.Add)]
    [InlineData("and", RmwOp.Clr)]
    [InlineData("or", RmwOp.Set)]
    [InlineData("xor", RmwOp.Eor)]
    [InlineData("umax", RmwOp.UMax)]
    public void AtomicRmwIsAnLseAtomic(string op, RmwOp rmw)
    {
        var rmwInstr = Assert.Single(Memory($"  %old = atomicrmw {op} i32* @x, i32 3 release"));
        Assert.Equal((Opcode.Rmw, rmw, AccessFlags.Release, 4), (rmwInstr.Op, rmwInstr.Rmw, rmwInstr.Flags, rmwInstr.Size));
    }

    [Fact]
    public void GlobalsBecomeLocationsWithTheirInitialValuesAndSizes()
    {
        var p = Lower("define void @t0() section \"vrm_thread\" {\n  ret void\n}\n");
        Assert.Equal(["x", "y"], p.Locations);
        Assert.Equal([5L, 0L], p.InitMemory);
        Assert.Equal([4, 4], p.Sizes);
        var store = Assert.Single(Memory("  store i32 1, i32* @y, align 4"));
        // The address register is set to y's address before the store.
        Assert.Contains(Thread("  store i32 1, i32* @y, align 4"), i => i.Op == Opcode.MovImm && i.Rd == store.Addr.Base && i.Imm == p.AddressOf(1));
    }

    [Fact]
    public void WithoutMainTheVrmThreadFunctionsAreTheThreads()
    {
        var p = Lower("""
            define void @helper() {
              ret void
            }
            define void @writer() section "vrm_thread" {
              store atomic i32 1, i32* @x release, align 4
              ret void
            }
            define void @reader() section "vrm_thread" {
              %v = load atomic i32, i32* @x acquire, align 4
              ret void
            }
            """);
        Assert.Equal(["writer", "reader"], p.Threads.Select(t => t.Name));
        Assert.Equal([0, 1], p.Threads.Select(t => t.Index));
        Assert.Contains(p.Threads[0].Code, i => i.Op == Opcode.Store && i.Flags == AccessFlags.Release);
        Assert.Contains(p.Threads[1].Code, i => i.Op == Opcode.Load && i.Flags == AccessFlags.Acquire);
    }

    [Fact]
    public void MainStartsAndJoinsItsThreads()
    {
        var p = Lower("""
            declare i32 @pthread_create(i64*, i8*, i8* (i8*)*, i8*)
            declare i32 @pthread_join(i64, i8**)
            define i8* @worker(i8* %arg) {
              store atomic i32 1, i32* @x release, align 4
              ret i8* null
            }
            define i32 @main() {
              %t = alloca i64, align 8
              %r = call i32 @pthread_create(i64* %t, i8* null, i8* (i8*)* @worker, i8* null)
              %id = load i64, i64* %t, align 8
              %j = call i32 @pthread_join(i64 %id, i8** null)
              ret i32 0
            }
            """);
        Assert.Equal(["main", "worker"], p.Threads.Select(t => t.Name));
        var spawn = Assert.Single(p.Threads[0].Code, i => i.Op == Opcode.Spawn);
        Assert.Equal(1, spawn.Imm);
        Assert.Single(p.Threads[0].Code, i => i.Op == Opcode.Join);
    }

    [Fact]
    public void ACountedLoopsBackEdgeIsCountedAndNotAnAwait()
    {
        var code = Thread("""
              br label %head
            head:
              %i = phi i32 [ 0, %0 ], [ %next, %head ]
              store i32 %i, i32* @y, align 4
              %next = add i32 %i, 1
              %more = icmp slt i32 %next, 3
              br i1 %more, label %head, label %done
            done:
            """);
        var back = Assert.Single(code, i => i.Op is Opcode.Branch or Opcode.BranchZero or Opcode.BranchCond && i.Target <= Array.IndexOf(code, i) && i.Target >= 0);
        Assert.True(back.Counted);
        Assert.False(back.Await);
    }

    [Fact]
    public void ASpinOnALoadIsAnAwaitLoop()
    {
        var code = Thread("""
              br label %spin
            spin:
              %v = load atomic i32, i32* @x acquire, align 4
              %zero = icmp eq i32 %v, 0
              br i1 %zero, label %spin, label %done
            done:
            """);
        var back = Assert.Single(code, i => i.Op is Opcode.Branch or Opcode.BranchZero or Opcode.BranchCond && i.Target <= Array.IndexOf(code, i) && i.Target >= 0);
        Assert.True(back.Await);
        Assert.False(back.Counted);
    }

    [Fact]
    public void AnUnsupportedInstructionIsAPositionedUnsupportedError()
    {
        var e = Assert.Throws<DiagnosticException>(() => Thread("  %d = fadd double 1.0, 2.0"));
        Assert.Equal("t.ll(5,3): error: unsupported LLVM instruction 'fadd'", e.Diagnostic.ToString());
        Assert.True(e.Unsupported);
    }

    [Fact]
    public void AModuleWithNoThreadHasNothingToRun()
    {
        var e = Assert.Throws<DiagnosticException>(() => Lower("define void @f() {\n  ret void\n}\n"));
        Assert.Equal("t.ll: error: no 'main' function and no function marked vrm_thread or vrm_user: nothing to run", e.Diagnostic.ToString());
    }
}
