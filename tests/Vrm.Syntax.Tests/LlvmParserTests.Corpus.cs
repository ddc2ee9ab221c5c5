using System.Text;
using Vrm.Syntax;
using Vrm.Syntax.Llvm;
using Xunit;

namespace Vrm.Syntax.Tests;

/// <summary>The reader on real clang output: the committed .ll files of tests/Vrm.Syntax.Tests/Llvm, and a large generated module.</summary>
public partial class LlvmParserTests
{
    // ---- clang output ----

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(CorpusDir, "*.ll").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void ClangOutputParses(string name)
    {
        var path = Path.Combine(CorpusDir, name);
        var m = LlvmParser.Parse(path, File.ReadAllText(path));
        var source = Path.ChangeExtension(name, ".c");
        Assert.Equal(source, m.SourceFileName);
        Assert.Equal("aarch64-unknown-linux-gnu", m.TargetTriple);
        Assert.True(File.Exists(Path.Combine(CorpusDir, source)), $"{source} is missing beside {name}");
        var defined = m.Functions.Where(f => !f.IsDeclaration).ToList();
        Assert.NotEmpty(defined);
        foreach (var f in defined)
        {
            Assert.True(m.Locations.TryGetValue(f.DebugId, out var sub), $"{f.Name} has no DISubprogram");
            Assert.Equal(source, sub.File);
            var labels = f.Blocks.Select(b => b.Label).ToHashSet();
            foreach (var instr in f.Blocks.SelectMany(b => b.Instrs))
            {
                Assert.IsNotType<UnsupportedInstr>(instr);
                Assert.True(instr.Pos.Line > 0);
                Assert.True(instr.DebugId < 0 || m.Locations.ContainsKey(instr.DebugId), $"{name}({instr.Pos.Line}): !dbg !{instr.DebugId} unresolved");
                foreach (var target in Targets(instr))
                {
                    Assert.Contains(target, labels);
                }
            }
        }
    }

    [Fact]
    public void ClangOutputHasTheExpectedShapes()
    {
        var all = Directory.GetFiles(CorpusDir, "*.ll").Select(p => LlvmParser.Parse(p, File.ReadAllText(p))).ToList();
        var instrs = all.SelectMany(m => m.Functions).SelectMany(f => f.Blocks).SelectMany(b => b.Instrs).ToList();
        foreach (var kind in new[] { typeof(CmpXchgInstr), typeof(AtomicRmwInstr), typeof(FenceInstr), typeof(SwitchInstr), typeof(PhiInstr), typeof(GetElementPtrInstr), typeof(ExtractValueInstr), typeof(CondBrInstr) })
        {
            Assert.Contains(instrs, i => i.GetType() == kind);
        }
        Assert.Contains(instrs, i => i is CallInstr { Callee: InlineAsm { Asm: "dmb ish" } });
        Assert.Contains(instrs, i => i is LoadInstr { Volatile: true });
        Assert.Contains(instrs, i => i is LoadInstr { Ordering: "acquire" });
        Assert.Contains(instrs, i => i is StoreInstr { Ordering: "release" });
        Assert.Contains(instrs, i => i is FenceInstr { SyncScope: "singlethread" });

        var mp = all.Single(m => m.SourceFileName == "mp.c");
        var writer = mp.Functions.Single(f => f.Name == "writer");
        var release = writer.Blocks.SelectMany(b => b.Instrs).OfType<StoreInstr>().Single(s => s.Ordering == "release");
        Assert.Equal(new DebugLocation("mp.c", 15, 5), mp.Locations[release.DebugId]);
        var kernel = all.Single(m => m.SourceFileName == "kernel.c");
        Assert.Equal("vrm_thread", kernel.Functions.Single(f => f.Name == "producer").Section);
        var structs = all.Single(m => m.SourceFileName == "structs.c");
        Assert.Equal("hello, \"vrm\"\n\0"u8.ToArray(), ((StringConst)structs.Globals.Single(g => g.Name == ".str").Init!).Bytes);
    }

    /// <summary>A large module parses whole; how fast is measured in bench/ (<c>vrm-bench micro --filter '*Llvm*'</c>), not asserted here.</summary>
    [Fact]
    public void TenThousandLinesParse()
    {
        var structs = File.ReadAllText(Path.Combine(CorpusDir, "structs.ll"));
        int bodyStart = structs.IndexOf("define", StringComparison.Ordinal);
        int bodyEnd = structs.IndexOf("attributes #0", StringComparison.Ordinal);
        var functions = structs[bodyStart..bodyEnd];
        int linesPerCopy = functions.Count(c => c == '\n');
        var big = new StringBuilder(structs[..bodyStart]);
        for (int i = 0; i * linesPerCopy < 10_000; i++)
        {
            big.Append(functions.Replace("@sum_", $"@sum{i}_").Replace("@classify", $"@classify{i}").Replace("@main", $"@main{i}")).Append('\n');
        }
        big.Append(structs[bodyEnd..]);
        var text = big.ToString();
        var m = LlvmParser.Parse("big.ll", text);
        Assert.True(text.Count(c => c == '\n') > 10_000);
        Assert.True(m.Functions.Count > 100);
    }

    private static IEnumerable<string> Targets(LInstr instr) => instr switch
    {
        BrInstr b => [b.Target],
        CondBrInstr c => [c.IfTrue, c.IfFalse],
        SwitchInstr s => [s.Default, .. s.Cases.Select(c => c.Target)],
        PhiInstr p => p.Incoming.Select(i => i.Block),
        _ => [],
    };
}
