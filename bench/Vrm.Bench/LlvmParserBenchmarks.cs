using System.Text;
using BenchmarkDotNet.Attributes;
using Vrm.Syntax.Llvm;

namespace Vrm.Bench;

/// <summary>
/// The LLVM IR reader on a module of more than 10,000 lines: the functions of the committed clang output
/// tests/Vrm.Syntax.Tests/Llvm/structs.ll, copied under fresh names. (The unit tests check that it parses; the
/// time belongs here, where the machine and load are recorded with it.)
/// </summary>
public class LlvmParserBenchmarks
{
    private string text = "";

    [GlobalSetup]
    public void Setup() => text = BigModule();

    [Benchmark]
    public Module ParseTenThousandLines() => LlvmParser.Parse("big.ll", text);

    public static string BigModule()
    {
        var structs = File.ReadAllText(Path.Combine(Paths.RepoRoot, "tests", "Vrm.Syntax.Tests", "Llvm", "structs.ll"));
        int bodyStart = structs.IndexOf("define", StringComparison.Ordinal);
        int bodyEnd = structs.IndexOf("attributes #0", StringComparison.Ordinal);
        var functions = structs[bodyStart..bodyEnd];
        int linesPerCopy = functions.Count(c => c == '\n');
        var big = new StringBuilder(structs[..bodyStart]);
        for (int i = 0; i * linesPerCopy < 10_000; i++)
        {
            big.Append(functions.Replace("@sum_", $"@sum{i}_").Replace("@classify", $"@classify{i}").Replace("@main", $"@main{i}")).Append('\n');
        }
        return big.Append(structs[bodyEnd..]).ToString();
    }
}
