using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Models.Arm;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;

namespace Vrm.Bench;

/// <summary>
/// <c>Explorer.Run</c> under the Arm model on a few representative corpus tests; reading and lowering happen in
/// the setup, so only the exploration is measured.
/// </summary>
public class ExplorerBenchmarks
{
    /// <summary>The environment variable that tells the benchmark process where the corpus is.</summary>
    public const string CorpusVariable = "VRM_LITMUS_DIR";

    /// <summary>
    /// 2-thread message passing, 2-thread store buffering with full barriers, a 4-thread IRIW (the 4-thread tests
    /// of the corpus are in FenceLA; SYS and PPO have at most 3 threads), and a 3-thread exclusives test.
    /// </summary>
    public static readonly string[] Tests =
    [
        "herd/aarch64/MP.litmus",
        "herd/aarch64/SB+dmb.sys.litmus",
        "dat3m/FenceLA/IRIW+dmb.sy+poaa.litmus",
        "dat3m/ATOM/3.LB+poxxs.litmus",
    ];

    private Vrm.Programs.Program program = null!;
    private readonly ExploreOptions options = new();

    public static IEnumerable<string> TestNames => Tests;

    [ParamsSource(nameof(TestNames))]
    public string Test { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable(CorpusVariable) ?? Paths.DefaultCorpus;
        var file = Path.Combine(dir, Test);
        program = LitmusLowering.Lower(LitmusParser.Parse(file, File.ReadAllText(file)));
        var result = Explorer.Run(program, ArmModel.Instance, options);
        if (result.Completion != Completion.Complete)
        {
            throw new InvalidOperationException($"{Test}: exploration incomplete: {result.IncompleteReason}");
        }
    }

    [Benchmark]
    public ModelResult ExploreArm() => Explorer.Run(program, ArmModel.Instance, options);

    /// <summary>
    /// Runs the benchmarks in this process (no generated project to build) with a short job: one launch,
    /// three warm-up and three measured iterations. Extra BenchmarkDotNet options may follow <c>micro</c>.
    /// </summary>
    public static int RunAll(string? corpus, string[] args)
    {
        if (corpus is not null)
        {
            Environment.SetEnvironmentVariable(CorpusVariable, Path.GetFullPath(corpus));
        }
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(60))
            .WithArtifactsPath(Path.Combine(Paths.RepoRoot, "bench", "results", "BenchmarkDotNet.Artifacts"));
        Type[] types = corpus is null ? [typeof(LlvmParserBenchmarks)] : [typeof(ExplorerBenchmarks), typeof(LlvmParserBenchmarks)];
        var summaries = BenchmarkRunner.Run(types, config, args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
