using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>Every violation prints a schedule; replaying it must show the same violation on that one interleaving.</summary>
public class ReplayTests
{
    /// <summary>A data race, and an assertion that fails in a thread (threads.c built with -DWRONG).</summary>
    public static TheoryData<string, string> Violating() => new()
    {
        { Repo.Examples("c", "mp-race.c"), "" },
        { CheckRun.Program("threads.c"), "-DWRONG" },
    };

    [Theory]
    [MemberData(nameof(Violating))]
    public void ReplayReproducesTheViolation(string file, string define)
    {
        string[] clang = define.Length > 0 ? ["--", define] : [];
        var found = CheckRun.Run([file, .. clang]);
        Assert.Equal(2, found.Code);
        var replayLine = found.Out.Split('\n').First(l => l.StartsWith("Replay: ", StringComparison.Ordinal));
        string schedule = replayLine[(replayLine.LastIndexOf(' ') + 1)..];
        var replayed = CheckRun.Run([file, "--replay", schedule, .. clang]);
        Assert.Equal(2, replayed.Code);
        Assert.Contains("replay of one interleaving", replayed.Out, StringComparison.Ordinal);
        string Error(string text) => text.Split('\n').First(l => l.Contains(": error: ", StringComparison.Ordinal));
        Assert.Equal(Error(found.Out), Error(replayed.Out));
    }

    [Fact]
    public void AShorterScheduleFindsNothing()
    {
        var r = CheckRun.Run(Repo.Examples("c", "mp-race.c"), "--replay", "0,0,0,0,0,1");
        Assert.Equal(0, r.Code);
        Assert.Contains("Verdict: no violation on this interleaving", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AScheduleNamingABlockedThreadIsAnInputError()
    {
        var r = CheckRun.Run(Repo.Examples("c", "mp-race.c"), "--replay", "0,2");
        Assert.Equal(1, r.Code);
        Assert.Equal("--replay: error: step 2 of the schedule runs T2, which cannot take a step there", r.Err.Trim());
    }
}

/// <summary>--json works with the relaxed models too: the verdict and each failing final state.</summary>
public class RelaxedJsonTests
{
    [Theory]
    [InlineData("arm")]
    [InlineData("promising")]
    public void FailingFinalStatesAreListed(string model)
    {
        var r = CheckRun.Run(Repo.Examples("c", "mp-race.c"), "--model", model, "--json");
        Assert.Equal(2, r.Code);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("assertion fails", root.GetProperty("verdict").GetString());
        Assert.Equal(model, root.GetProperty("model").GetString());
        var failing = root.GetProperty("failingStates");
        Assert.Equal(1, failing.GetArrayLength());
        Assert.Equal("mp-race.c:27: T2 reader: assertion failed: data == 42", failing[0].GetProperty("assertions")[0].GetString());
    }
}
