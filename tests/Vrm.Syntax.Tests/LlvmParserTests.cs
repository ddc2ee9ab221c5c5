using System.Diagnostics;
using System.Text;
using Vrm.Syntax;
using Vrm.Syntax.Llvm;
using Xunit;

namespace Vrm.Syntax.Tests;

/// <summary>
/// The LLVM IR reader, on snippets modelled on clang-14 output and on the .ll files clang produced from
/// the C programs in Syntax/Llvm (regenerate with the command in <see cref="ClangCommand"/>).
/// </summary>
public partial class LlvmParserTests
{
    /// <summary>
    /// How to regenerate the committed .ll files, run in tests/Vrm.Syntax.Tests/Llvm (the files in git were made
    /// at -O1 with the system's AArch64 headers, before vrm shipped its own; they are parser inputs, so any
    /// clang-14 output of the same programs serves).
    /// </summary>
    public const string ClangCommand =
        "clang-14 -S -emit-llvm -g -O1 --target=aarch64-linux-gnu -nostdlibinc -isystem ../../../../include/libc -fdebug-prefix-map=$PWD=. X.c -o X.ll";

    private static string CorpusDir => Path.Combine(Repo.Root, "tests", "Vrm.Syntax.Tests", "Llvm");

    private static Module Parse(string text) => LlvmParser.Parse("t.ll", text);

    private static Function ParseFunction(string text) => Parse(text).Functions.Single(f => !f.IsDeclaration);

    /// <summary>The instructions of a one-block function whose body is <paramref name="body"/>.</summary>
    private static IReadOnlyList<LInstr> Body(string body, string parameters = "") =>
        ParseFunction($"define void @f({parameters}) {{\n{body}\n  ret void\n}}\n").Blocks[0].Instrs;

    private static LInstr One(string line, string parameters = "i32* %p, i32 %v") => Body("  " + line, parameters)[0];

    private static Diagnostic ErrorOf(string text) =>
        Assert.Throws<DiagnosticException>(() => LlvmParser.Parse("t.ll", text)).Diagnostic;

    // ---- module header, types, globals ----

    [Fact]
    public void HeaderAndTypeDefinitions()
    {
        var m = Parse("""
            ; ModuleID = 'mp.c'
            source_filename = "mp.c"
            target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
            target triple = "aarch64-unknown-linux-gnu"

            %struct.node = type { i32, %struct.node* }
            %struct.opaque = type opaque
            %struct.packed = type <{ i8, i32 }>
            %union.pthread_attr_t = type { i64, [56 x i8] }
            %struct.fn = type { i8* (i8*)*, void (i32, ...)*, i32 addrspace(1)*, ptr, double, <4 x i32> }
            """);
        Assert.Equal("mp.c", m.SourceFileName);
        Assert.Equal("aarch64-unknown-linux-gnu", m.TargetTriple);
        Assert.Equal(new StructType([new IntType(32), new PtrType(new NamedType("struct.node"))], false), m.Types["struct.node"], StructuralLType.Instance);
        Assert.Equal(new OtherType("opaque"), m.Types["struct.opaque"]);
        Assert.Equal(new StructType([new IntType(8), new IntType(32)], true), m.Types["struct.packed"], StructuralLType.Instance);
        Assert.Equal(new StructType([new IntType(64), new ArrayType(56, new IntType(8))], false), m.Types["union.pthread_attr_t"], StructuralLType.Instance);
        var fn = (StructType)m.Types["struct.fn"];
        Assert.Equal("ptr(fn(ptr(i8)) -> ptr(i8))", Show(fn.Fields[0]));
        Assert.Equal("ptr(fn(i32, ...) -> void)", Show(fn.Fields[1]));
        Assert.Equal("ptr(i32)", Show(fn.Fields[2]));
        Assert.Equal("ptr", Show(fn.Fields[3]));
        Assert.Equal("double", Show(fn.Fields[4]));
        Assert.Equal("<4 x i32>", Show(fn.Fields[5]));
    }

    [Fact]
    public void GlobalsWithLinkageAndAttributes()
    {
        var m = Parse("""
            @x = dso_local global i32 0, align 4, !dbg !19
            @y = dso_local local_unnamed_addr global i64 -5, align 8
            @c = common dso_local global i32 0, align 4
            @i = internal unnamed_addr global i1 false, align 1
            @t = dso_local thread_local(initialexec) global i32 7, section "tls_data", align 4, !dbg !3, !other !{i32 1}
            @e = external global i32, align 4
            @w = extern_weak dso_local global i32
            @k = private unnamed_addr constant [4 x i8] c"hi\0A\00", align 1
            @z = dso_local global [16 x i32] zeroinitializer, align 4
            @u = dso_local global i32 undef
            @v = hidden externally_initialized global i32 poison, comdat, align 4
            @b = dso_local global i8 true
            """);
        var g = m.Globals.ToDictionary(x => x.Name);
        Assert.Equal(12, m.Globals.Count);
        Assert.Equal(new IntConst(0), g["x"].Init);
        Assert.Equal(new SourcePos(1, 1), g["x"].Pos);
        Assert.Equal(new IntConst(-5), g["y"].Init);
        Assert.Equal(new IntConst(0), g["c"].Init);
        Assert.Equal(new IntConst(0), g["i"].Init);
        Assert.Equal("tls_data", g["t"].Section);
        Assert.Equal(new IntConst(7), g["t"].Init);
        Assert.Null(g["e"].Init);
        Assert.Null(g["w"].Init);
        Assert.False(g["x"].Constant);
        Assert.True(g["k"].Constant);
        Assert.Equal("hi\n\0"u8.ToArray(), ((StringConst)g["k"].Init!).Bytes);
        Assert.Equal("[4 x i8]", Show(g["k"].Type));
        Assert.IsType<ZeroInitConst>(g["z"].Init);
        Assert.Equal(new UndefConst(false), g["u"].Init);
        Assert.Equal(new UndefConst(true), g["v"].Init);
        Assert.Equal(new IntConst(1), g["b"].Init);
    }

    [Fact]
    public void GlobalInitialisersPointingAtGlobals()
    {
        var m = Parse("""
            %struct.node = type { i32, %struct.node* }
            @n2 = dso_local global %struct.node { i32 2, %struct.node* null }, align 8
            @n1 = dso_local global %struct.node { i32 1, %struct.node* @n2 }, align 8
            @pp = dso_local global i32* getelementptr inbounds (%struct.node, %struct.node* @n1, i64 0, i32 0), align 8
            @arr = dso_local global [2 x i32*] [i32* @x, i32* bitcast (%struct.node* @n2 to i32*)], align 8
            @addr = dso_local global i64 ptrtoint (i32* @x to i64), align 8
            @dev = dso_local global i8* inttoptr (i64 1 to i8*), align 8
            @str = dso_local global i8* getelementptr ([4 x i8], [4 x i8]* @.s, i32 0, i32 0)
            @sum = dso_local global i64 add (i64 ptrtoint (i32* @x to i64), i64 4)
            @x = dso_local global i32 3
            @.s = private constant [4 x i8] c"a\5Cb\00"
            @packed = dso_local global <{ i8, i32 }> <{ i8 1, i32 2 }>
            @d = dso_local global double 1.500000e+00
            """);
        var g = m.Globals.ToDictionary(x => x.Name);
        Assert.Equal("{i32 2, ptr(struct.node) null}", Show(g["n2"].Init!));
        Assert.Equal("{i32 1, ptr(struct.node) @n2}", Show(g["n1"].Init!));
        var gep = (GetElementPtrInstr)((ConstExpr)g["pp"].Init!).Expr;
        Assert.True(gep.Inbounds);
        Assert.Equal(new NamedType("struct.node"), gep.SourceType);
        Assert.Equal(new GlobalRef("n1"), gep.Base.Value);
        Assert.Equal([0L, 0L], gep.Indices.Select(i => ((IntConst)i.Value).Value));
        Assert.Equal(["i64", "i32"], gep.Indices.Select(i => Show(i.Type)));
        Assert.Equal("{ptr(i32) @x, ptr(i32) (bitcast ptr(struct.node) @n2 to ptr(i32))}", Show(g["arr"].Init!));
        Assert.Equal("(ptrtoint ptr(i32) @x to i64)", Show(g["addr"].Init!));
        Assert.Equal("(inttoptr i64 1 to ptr(i8))", Show(g["dev"].Init!));
        Assert.False(((GetElementPtrInstr)((ConstExpr)g["str"].Init!).Expr).Inbounds);
        Assert.Equal("(add i64 (ptrtoint ptr(i32) @x to i64), 4)", Show(g["sum"].Init!));
        Assert.Equal("a\\b\0"u8.ToArray(), ((StringConst)g[".s"].Init!).Bytes);
        Assert.Equal("{i8 1, i32 2}", Show(g["packed"].Init!));
        Assert.Equal(new OtherConst("1.500000e+00"), g["d"].Init);
    }

    // ---- functions and implicit numbering ----

    [Fact]
    public void UnnamedParametersTheEntryBlockAndResultsShareOneCounter()
    {
        var f = ParseFunction("""
            define dso_local i32 @sum(i32* nocapture noundef readonly %0, i32 noundef %1) local_unnamed_addr #0 !dbg !58 {
              %3 = icmp sgt i32 %1, 0, !dbg !69
              br i1 %3, label %4, label %6, !dbg !71

            4:                                                ; preds = %2
              %5 = zext i32 %1 to i64, !dbg !69
              br label %6

            6:                                                ; preds = %4, %2
              %7 = phi i32 [ 0, %2 ], [ 5, %4 ], !dbg !67
              ret i32 %7, !dbg !72
            }
            """);
        Assert.Equal("sum", f.Name);
        Assert.Equal(new IntType(32), f.ReturnType);
        Assert.Equal(["0", "1"], f.Params.Select(p => p.Name));
        Assert.Equal("ptr(i32)", Show(f.Params[0].Type));
        Assert.Equal(58, f.DebugId);
        Assert.Null(f.Section);
        Assert.Equal(new SourcePos(1, 1), f.Pos);
        Assert.Equal(["2", "4", "6"], f.Blocks.Select(b => b.Label));
        var cmp = (ICmpInstr)f.Blocks[0].Instrs[0];
        Assert.Equal("3", cmp.Result);
        Assert.Equal(69, cmp.DebugId);
        Assert.Equal(new SourcePos(2, 3), cmp.Pos);
        var br = (CondBrInstr)f.Blocks[0].Instrs[1];
        Assert.Equal((new LocalRef("3"), "4", "6"), (br.Cond, br.IfTrue, br.IfFalse));
        var phi = (PhiInstr)f.Blocks[2].Instrs[0];
        Assert.Equal([new PhiIncoming(new IntConst(0), "2"), new PhiIncoming(new IntConst(5), "4")], phi.Incoming);
        Assert.Equal(67, phi.DebugId);
    }

    [Fact]
    public void EntryBlockOfAFunctionWithoutParametersIsZero()
    {
        var f = ParseFunction("""
            define dso_local i32 @main() local_unnamed_addr #3 !dbg !123 {
              %1 = alloca i64, align 8
              br label %2

            2:
              ret i32 0
            }
            """);
        Assert.Empty(f.Params);
        Assert.Equal(["0", "2"], f.Blocks.Select(b => b.Label));
        Assert.Equal("1", f.Blocks[0].Instrs[0].Result);
    }

    [Fact]
    public void NamedParametersAndBlocks()
    {
        var f = ParseFunction("""
            define internal fastcc void @"odd name"(i32 %x, i8* %0) unnamed_addr section "vrm_thread" align 16 personality i32 (...)* @gxx {
            entry:
              %add = add nsw i32 %x, 1
              br label %"for body"

            "for body":                                     ; preds = %entry
              %1 = load i8, i8* %0, align 1
              ret void
            }
            """);
        Assert.Equal("odd name", f.Name);
        Assert.Equal(["x", "0"], f.Params.Select(p => p.Name));
        Assert.Equal(["entry", "for body"], f.Blocks.Select(b => b.Label));
        Assert.Equal("vrm_thread", f.Section);
        Assert.Equal(-1, f.DebugId);
        Assert.Equal("add", f.Blocks[0].Instrs[0].Result);
        Assert.Equal(new BrInstr("for body"), f.Blocks[0].Instrs[1] with { Pos = default });
    }

    [Fact]
    public void Declarations()
    {
        var m = Parse("""
            declare !dbg !155 i32 @pthread_create(i64* noundef, %union.pthread_attr_t* noundef, i8* (i8*)* noundef, i8* noundef) local_unnamed_addr #5
            declare noundef i32 @printf(i8* nocapture noundef readonly, ...) local_unnamed_addr #7
            declare void @llvm.dbg.value(metadata, metadata, metadata) #8
            declare void @llvm.lifetime.start.p0i8(i64 immarg, i8* nocapture) #1
            """);
        Assert.All(m.Functions, f => Assert.True(f.IsDeclaration));
        Assert.Equal(155, m.Functions[0].DebugId);
        Assert.Equal(4, m.Functions[0].Params.Count);
        Assert.Equal("ptr(fn(ptr(i8)) -> ptr(i8))", Show(m.Functions[0].Params[2].Type));
        Assert.Single(m.Functions[1].Params);
        Assert.Equal("metadata", Show(m.Functions[2].Params[0].Type));
    }

    // ---- instructions ----

    [Theory]
    [InlineData("%1 = add nuw nsw i32 %v, 1", "add i32 %v, 1")]
    [InlineData("%1 = sub i32 0, %v", "sub i32 0, %v")]
    [InlineData("%1 = udiv exact i32 %v, 4", "udiv i32 %v, 4")]
    [InlineData("%1 = ashr i32 %v, 31", "ashr i32 %v, 31")]
    [InlineData("%1 = xor i32 %v, -1", "xor i32 %v, -1")]
    [InlineData("%1 = icmp ult i32 %v, 6", "icmp ult i32 %v, 6")]
    [InlineData("%1 = icmp eq i32* %p, null", "icmp eq ptr(i32) %p, null")]
    [InlineData("%1 = trunc i32 %v to i8", "trunc i32 %v to i8")]
    [InlineData("%1 = sext i32 %v to i64", "sext i32 %v to i64")]
    [InlineData("%1 = bitcast i32* %p to i8*", "bitcast ptr(i32) %p to ptr(i8)")]
    [InlineData("%1 = ptrtoint i32* %p to i64", "ptrtoint ptr(i32) %p to i64")]
    [InlineData("%1 = inttoptr i32 %v to i32*", "inttoptr i32 %v to ptr(i32)")]
    [InlineData("%1 = addrspacecast i32* %p to i32 addrspace(1)*", "addrspacecast ptr(i32) %p to ptr(i32)")]
    [InlineData("%1 = select i1 true, i32 %v, i32 7", "select i1 1, i32 %v, i32 7")]
    [InlineData("%1 = freeze i32 %v", "freeze i32 %v")]
    [InlineData("%1 = alloca i64, align 8", "alloca i64")]
    [InlineData("%1 = alloca i32, i32 %v, align 4, addrspace(5)", "alloca i32, i32 %v")]
    [InlineData("%1 = alloca [4 x i32], align 4", "alloca [4 x i32]")]
    [InlineData("%1 = load i32, i32* %p, align 4, !tbaa !58", "load i32, ptr(i32) %p")]
    [InlineData("%1 = load volatile i32, i32* @vx, align 4, !tbaa !74", "load volatile i32, ptr(i32) @vx")]
    [InlineData("%1 = load atomic i32, i32* @flag acquire, align 4", "load acquire i32, ptr(i32) @flag")]
    [InlineData("%1 = load atomic volatile i64, i64* @w syncscope(\"singlethread\") monotonic, align 8", "load volatile monotonic singlethread i64, ptr(i64) @w")]
    [InlineData("%1 = load i32, i32* %p, align 4, !nontemporal !3", "load i32, ptr(i32) %p")]
    [InlineData("store i32 42, i32* @data, align 4, !tbaa !74", "store i32 42, ptr(i32) @data")]
    [InlineData("store volatile i32 %v, i32* @vx, align 4", "store volatile i32 %v, ptr(i32) @vx")]
    [InlineData("store atomic i32 1, i32* @flag release, align 4", "store release i32 1, ptr(i32) @flag")]
    [InlineData("store atomic i8 0, i8* @t syncscope(\"singlethread\") seq_cst, align 1", "store seq_cst singlethread i8 0, ptr(i8) @t")]
    [InlineData("%1 = getelementptr inbounds i32, i32* %p, i64 %v", "getelementptr inbounds i32, ptr(i32) %p, i64 %v")]
    [InlineData("%1 = getelementptr %struct.ring, %struct.ring* @ring, i64 0, i32 2, i64 %v", "getelementptr struct.ring, ptr(struct.ring) @ring, i64 0, i32 2, i64 %v")]
    [InlineData("%1 = cmpxchg i32* @flag, i32 0, i32 5 seq_cst seq_cst, align 4", "cmpxchg ptr(i32) @flag, i32 0, i32 5 seq_cst seq_cst")]
    [InlineData("%1 = cmpxchg weak volatile i32* %p, i32 %v, i32 1 syncscope(\"singlethread\") acq_rel acquire, align 4", "cmpxchg weak volatile ptr(i32) %p, i32 %v, i32 1 acq_rel acquire singlethread")]
    [InlineData("%1 = atomicrmw add i32* @flag, i32 3 seq_cst, align 4", "atomicrmw add ptr(i32) @flag, i32 3 seq_cst")]
    [InlineData("%1 = atomicrmw volatile xchg i64* @w, i64 7 syncscope(\"agent\") acq_rel, align 8", "atomicrmw volatile xchg ptr(i64) @w, i64 7 acq_rel agent")]
    [InlineData("%1 = atomicrmw umax i32* %p, i32 %v monotonic, align 4", "atomicrmw umax ptr(i32) %p, i32 %v monotonic")]
    [InlineData("fence seq_cst", "fence seq_cst")]
    [InlineData("fence syncscope(\"singlethread\") acquire", "fence acquire singlethread")]
    [InlineData("%1 = extractvalue { i32, i1 } %agg, 1", "extractvalue {i32, i1} %agg, 1")]
    [InlineData("%1 = insertvalue { i32, { i8, i1 } } undef, i1 %b, 1, 1", "insertvalue {i32, {i8, i1}} undef, i1 %b, 1, 1")]
    [InlineData("unreachable", "unreachable")]
    [InlineData("br label %2", "br %2")]
    public void Instruction(string line, string expected)
    {
        Assert.Equal(expected, Show(One(line)));
    }

    [Fact]
    public void DebugAttachmentAndPosition()
    {
        var instrs = Body("""
              %1 = load i32, i32* %p, align 4, !dbg !73, !tbaa !74
              store i32 1, i32* %p, align 4, !tbaa !74, !dbg !12
              fence seq_cst, !dbg !106
              %2 = add i32 %1, 1
            """, "i32* %p");
        Assert.Equal([73, 12, 106, -1, -1], instrs.Select(i => i.DebugId));
        Assert.Equal(new SourcePos(3, 3), instrs[1].Pos);
        Assert.Equal("2", instrs[3].Result);
    }

    [Fact]
    public void Calls()
    {
        var instrs = Body("""
              %1 = call i32 @pthread_create(i64* noundef nonnull %p, %union.pthread_attr_t* noundef null, i8* (i8*)* noundef nonnull @t0, i8* noundef null) #9, !dbg !134
              %2 = tail call i32 (i8*, ...) @printf(i8* noundef nonnull dereferenceable(1) getelementptr inbounds ([4 x i8], [4 x i8]* @.str.3, i64 0, i64 0), i32 noundef %v), !dbg !152
              call void @llvm.dbg.value(metadata i32* %p, metadata !62, metadata !DIExpression(DW_OP_deref)), !dbg !67
              call void asm sideeffect "dmb ish", "~{memory}"() #9, !dbg !107, !srcloc !113
              %3 = call i32 asm sideeffect "ldar ${0:w}, [$1]", "=r,r,~{memory}"(i32* %p) #3, !srcloc !79
              %4 = musttail call fastcc noundef signext i8 %fp(i32 zeroext %v) [ "deopt"(i32 1) ]
              notail call void @llvm.lifetime.start.p0i8(i64 8, i8* nonnull align 8 %q) #9
              call void asm alignstack inteldialect "nop\0A\09nop", ""()
            """, "i64* %p, i32 %v, i8 (i32)* %fp, i8* %q");
        var create = (CallInstr)instrs[0];
        Assert.Equal(new GlobalRef("pthread_create"), create.Callee);
        Assert.Equal(4, create.Args.Count);
        Assert.Equal(new NullConst(), create.Args[1].Value);
        Assert.Equal(new GlobalRef("t0"), create.Args[2].Value);
        Assert.Equal(134, create.DebugId);
        var printf = (CallInstr)instrs[1];
        Assert.Equal(new IntType(32), printf.ReturnType);
        Assert.IsType<ConstExpr>(printf.Args[0].Value);
        Assert.Equal(new LocalRef("v"), printf.Args[1].Value);
        var dbg = (CallInstr)instrs[2];
        Assert.Equal(["i32* %p", "!62", "!DIExpression(DW_OP_deref)"], dbg.Args.Select(a => ((MetadataArg)a.Value).Text));
        Assert.Equal(new InlineAsm("dmb ish", "~{memory}", true), ((CallInstr)instrs[3]).Callee);
        Assert.Equal(107, instrs[3].DebugId);
        var ldar = (CallInstr)instrs[4];
        Assert.Equal(new InlineAsm("ldar ${0:w}, [$1]", "=r,r,~{memory}", true), ldar.Callee);
        Assert.Equal(new IntType(32), ldar.ReturnType);
        var tail = (CallInstr)instrs[5];
        Assert.Equal(new LocalRef("fp"), tail.Callee);
        Assert.Equal(new IntType(8), tail.ReturnType);
        Assert.Single(tail.Args);
        Assert.Equal(new LocalRef("q"), ((CallInstr)instrs[6]).Args[1].Value);
        Assert.Equal(new InlineAsm("nop\n\tnop", "", false), ((CallInstr)instrs[7]).Callee);
    }

    [Fact]
    public void SwitchOverSeveralLines()
    {
        var f = ParseFunction("""
            define void @f(i32 %x) {
              switch i32 %x, label %d [
                i32 0, label %a
                i32 -1, label %b
              ], !dbg !9
            a:
              ret void
            b:
              ret void
            d:
              ret void
            }
            """);
        var sw = (SwitchInstr)f.Blocks[0].Instrs[0];
        Assert.Equal(new LocalRef("x"), sw.Value.Value);
        Assert.Equal("d", sw.Default);
        Assert.Equal([new SwitchCase(0, "a"), new SwitchCase(-1, "b")], sw.Cases);
        Assert.Equal(9, sw.DebugId);
        Assert.Equal(4, f.Blocks.Count);
    }

    [Fact]
    public void Returns()
    {
        var f = ParseFunction("""
            define i8* @f(i8* %0) {
              ret i8* %0
            }
            """);
        var ret = (RetInstr)f.Blocks[0].Instrs[0];
        Assert.Equal(new LocalRef("0"), ret.Value!.Value);
        Assert.Equal("1", f.Blocks[0].Label);
        Assert.Null(((RetInstr)Body("")[0]).Value);
    }

    [Fact]
    public void UnsupportedInstructionsAreKeptWithTheirLine()
    {
        var f = ParseFunction("""
            define double @f(double %d, i8* %ap) personality i8* bitcast (i32 (...)* @__gxx_personality_v0 to i8*) {
              %1 = fadd double %d, 1.000000e+00, !dbg !5
              %2 = fcmp olt double %1, 0x3FF0000000000000
              %3 = va_arg i8* %ap, i32
              %4 = invoke i32 @g(i32 1)
                      to label %5 unwind label %6, !dbg !7

            5:
              %x = shufflevector <4 x i32> %v, <4 x i32> undef, <4 x i32> zeroinitializer
              ret double %1

            6:
              %7 = landingpad { i8*, i32 }
                      cleanup
                      catch i8* null
              resume { i8*, i32 } %7
            }
            """);
        var first = f.Blocks[0].Instrs;
        Assert.Equal(["fadd", "fcmp", "va_arg", "invoke"], first.Select(i => ((UnsupportedInstr)i).Opcode));
        Assert.Equal("%1 = fadd double %d, 1.000000e+00, !dbg !5", ((UnsupportedInstr)first[0]).Text);
        Assert.Equal(5, first[0].DebugId);
        Assert.Equal("1", first[0].Result);
        Assert.Equal(new SourcePos(3, 3), first[1].Pos);
        Assert.Equal(7, first[3].DebugId);
        Assert.Equal(["0", "5", "6"], f.Blocks.Select(b => b.Label));
        Assert.IsType<UnsupportedInstr>(f.Blocks[1].Instrs[0]);
        Assert.Equal(["landingpad", "resume"], f.Blocks[2].Instrs.Select(i => ((UnsupportedInstr)i).Opcode));
    }

    [Fact]
    public void AttributeGroupsAndNamedMetadataAreSkipped()
    {
        var m = Parse("""
            define void @f() #0 {
              ret void
            }
            attributes #0 = { nounwind uwtable "frame-pointer"="non-leaf" "target-features"="+neon,+v8a" }
            !llvm.module.flags = !{!0, !1}
            !llvm.ident = !{!2}
            !0 = !{i32 7, !"Dwarf Version", i32 5}
            !1 = !{!"str with \22 quote and ; semicolon"}
            !2 = !{!"clang"}
            !3 = distinct !{!3, !4, !{!"llvm.loop.mustprogress"}}
            !4 = !DIExpression(DW_OP_LLVM_fragment, 0, 32)
            !5 = !DISubrange(count: 4, lowerBound: -1)
            """);
        Assert.Single(m.Functions);
        Assert.Empty(m.Locations);
    }

    // ---- debug locations ----

    [Fact]
    public void DebugLocationsFollowScopesToTheirFile()
    {
        var m = Parse("""
            !3 = !DIFile(filename: "a.c", directory: "/tmp/c", checksumkind: CSK_MD5, checksum: "1800a4c8")
            !6 = !DIFile(filename: "/usr/include/inl.h", directory: "")
            !58 = distinct !DISubprogram(name: "sum", scope: !3, file: !3, line: 15, type: !59, scopeLine: 15, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !61)
            !66 = distinct !DILexicalBlock(scope: !58, file: !3, line: 15, column: 37)
            !67 = !DILocation(line: 0, scope: !58)
            !69 = !DILocation(line: 15, column: 55, scope: !70)
            !70 = distinct !DILexicalBlock(scope: !66, file: !3, line: 15, column: 37)
            !80 = distinct !DILexicalBlockFile(scope: !70, file: !6, discriminator: 2)
            !81 = !DILocation(line: 4, column: 9, scope: !80)
            !107 = !DILocation(line: 14, column: 32, scope: !108, inlinedAt: !112)
            !108 = distinct !DISubprogram(name: "dmb", scope: !6, file: !6, line: 14, type: !109, unit: !2)
            !112 = distinct !DILocation(line: 20, column: 74, scope: !58)
            !120 = !DILocation(line: 7, column: 1, scope: !999)
            """);
        Assert.Equal(new DebugLocation("/tmp/c/a.c", 15, 0), m.Locations[58]);
        Assert.Equal(new DebugLocation("/tmp/c/a.c", 0, 0), m.Locations[67]);
        Assert.Equal(new DebugLocation("/tmp/c/a.c", 15, 55), m.Locations[69]);
        Assert.Equal(new DebugLocation("/usr/include/inl.h", 4, 9), m.Locations[81]);
        Assert.Equal(new DebugLocation("/usr/include/inl.h", 14, 32), m.Locations[107]);
        Assert.Equal(new DebugLocation("/tmp/c/a.c", 20, 74), m.Locations[112]);
        Assert.Equal(new DebugLocation("", 7, 1), m.Locations[120]);
        Assert.False(m.Locations.ContainsKey(66));
        Assert.False(m.Locations.ContainsKey(3));
    }

    // ---- errors ----

    [Theory]
    [InlineData("@x = global i32 0 align 4\n", 1, 19, "expected end of line but found 'align'")]
    [InlineData("define void @f() {\n  %1 = add i32 1 2\n  ret void\n}\n", 2, 18, "expected ',' but found '2'")]
    [InlineData("define void @f() {\n  %1 = frobnicate i32 1, 2\n  ret void\n}\n", 2, 8, "unknown instruction 'frobnicate'")]
    [InlineData("define void @f() {\n  %1 = load i32 i32* @x\n}\n", 2, 17, "expected ',' but found 'i32'")]
    [InlineData("define void @f() {\n  fence acquired\n}\n", 2, 9, "expected a memory ordering but found 'acquired'")]
    [InlineData("define void @f() {\n  ret void\n", 3, 1, "expected '}' but found end of input")]
    [InlineData("@x = global i32 0\nfoo\n", 2, 1, "expected a global, function, type or metadata definition but found 'foo'")]
    [InlineData("@x = global i32 \"s\"\n", 1, 17, "expected a value but found '\"s\"'")]
    [InlineData("@x = global i32 0 ~\n", 1, 19, "unexpected character '~'")]
    [InlineData("%t = type { i32, float* \n", 2, 1, "expected ',' but found end of input")]
    [InlineData("@x = global [4 y i8] zeroinitializer\n", 1, 16, "expected 'x' but found 'y'")]
    [InlineData("source_filename = \"a.c\n", 1, 19, "unterminated string")]
    public void Errors(string text, int line, int col, string message)
    {
        var d = ErrorOf(text);
        Assert.Equal((line, col, message), (d.Pos.Line, d.Pos.Col, d.Message));
        Assert.Equal("t.ll", d.File);
    }

    // ---- helpers ----

    /// <summary>A compact rendering of types, values and instructions, so one assertion covers a whole record.</summary>
    private static string Show(LType t) => t switch
    {
        IntType i => $"i{i.Bits}",
        PtrType { Pointee: null } => "ptr",
        PtrType p => $"ptr({Show(p.Pointee)})",
        ArrayType a => $"[{a.Count} x {Show(a.Element)}]",
        StructType s => (s.Packed ? "<" : "") + "{" + string.Join(", ", s.Fields.Select(Show)) + "}" + (s.Packed ? ">" : ""),
        NamedType n => n.Name,
        VoidType => "void",
        FunctionType f => $"fn({string.Join(", ", f.Params.Select(Show).Concat(f.VarArg ? ["..."] : []))}) -> {Show(f.Return)}",
        OtherType o => o.Text,
        _ => "?",
    };

    private static string Show(LValue v) => v switch
    {
        LocalRef l => $"%{l.Name}",
        GlobalRef g => $"@{g.Name}",
        IntConst i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        NullConst => "null",
        UndefConst u => u.Poison ? "poison" : "undef",
        ZeroInitConst => "zeroinitializer",
        AggregateConst a => "{" + string.Join(", ", a.Elements.Select(Show)) + "}",
        StringConst s => $"c\"{Encoding.Latin1.GetString(s.Bytes)}\"",
        ConstExpr c => $"({Show(c.Expr)})",
        OtherConst o => o.Text,
        _ => "?",
    };

    private static string Show(TypedValue tv) => $"{Show(tv.Type)} {Show(tv.Value)}";

    private static string Show(LInstr i)
    {
        string scope = i.SyncScope is null ? "" : " " + i.SyncScope;
        return i switch
        {
            BinaryInstr b => $"{b.Op} {Show(b.Type)} {Show(b.Left)}, {Show(b.Right)}",
            ICmpInstr c => $"icmp {c.Pred} {Show(c.Type)} {Show(c.Left)}, {Show(c.Right)}",
            CastInstr c => $"{c.Op} {Show(c.Value)} to {Show(c.To)}",
            SelectInstr s => $"select {Show(s.Cond)}, {Show(s.IfTrue)}, {Show(s.IfFalse)}",
            FreezeInstr f => $"freeze {Show(f.Value)}",
            AllocaInstr a => $"alloca {Show(a.Type)}" + (a.Count is null ? "" : $", {Show(a.Count)}"),
            LoadInstr l => $"load{(l.Volatile ? " volatile" : "")}{(l.Ordering is null ? "" : " " + l.Ordering)}{scope} {Show(l.Type)}, {Show(l.Ptr)}",
            StoreInstr s => $"store{(s.Volatile ? " volatile" : "")}{(s.Ordering is null ? "" : " " + s.Ordering)}{scope} {Show(s.Value)}, {Show(s.Ptr)}",
            GetElementPtrInstr g => $"getelementptr{(g.Inbounds ? " inbounds" : "")} {Show(g.SourceType)}, {Show(g.Base)}" + string.Concat(g.Indices.Select(x => ", " + Show(x))),
            CmpXchgInstr c => $"cmpxchg{(c.Weak ? " weak" : "")}{(c.Volatile ? " volatile" : "")} {Show(c.Ptr)}, {Show(c.Expected)}, {Show(c.New)} {c.SuccessOrdering} {c.FailureOrdering}{scope}",
            AtomicRmwInstr a => $"atomicrmw{(a.Volatile ? " volatile" : "")} {a.Op} {Show(a.Ptr)}, {Show(a.Value)} {a.Ordering}{scope}",
            FenceInstr f => $"fence {f.Ordering}{scope}",
            ExtractValueInstr e => $"extractvalue {Show(e.Aggregate)}, {string.Join(", ", e.Indices)}",
            InsertValueInstr e => $"insertvalue {Show(e.Aggregate)}, {Show(e.Element)}, {string.Join(", ", e.Indices)}",
            UnreachableInstr => "unreachable",
            BrInstr b => $"br %{b.Target}",
            _ => i.GetType().Name,
        };
    }

    /// <summary>Structural equality for types (records compare lists by reference).</summary>
    private sealed class StructuralLType : IEqualityComparer<LType>
    {
        public static readonly StructuralLType Instance = new();

        public bool Equals(LType? x, LType? y) => x is not null && y is not null && Show(x) == Show(y);

        public int GetHashCode(LType obj) => Show(obj).GetHashCode(StringComparison.Ordinal);
    }
}
