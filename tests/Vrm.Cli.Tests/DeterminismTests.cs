using Xunit;
using VrmCli = Vrm.Cli.Cli;

namespace Vrm.Cli.Tests;

/// <summary>
/// <c>--jobs</c> promises identical results for any number of workers: the whole output of a folder run,
/// text or JSON, must not depend on which worker finished first.
/// </summary>
public class DeterminismTests
{
    /// <summary>Options are one space-separated string so each case reads as a command line in the test name.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("--json")]
    [InlineData("--model all")]
    [InlineData("--model sc --json")]
    public void ExamplesOutputIsIndependentOfJobs(string options) =>
        AssertSameForAnyJobs(Repo.Examples("litmus"), options);

    /// <summary>A slice of the shared corpus: more tests, and some vrm reports as errors or unsupported.</summary>
    [SharedCorpusTheory]
    [InlineData("dat3m/ATOM", "")]
    [InlineData("dat3m/ATOM", "--json")]
    [InlineData("herd/aarch64-pick", "")]
    [InlineData("herd/aarch64-pick", "--json")]
    public void SharedCorpusOutputIsIndependentOfJobs(string slice, string options)
    {
        AssertSameForAnyJobs(Repo.Corpus(slice), options);
    }

    /// <summary>
    /// One file: the jobs become workers inside the Promising search, which share out subtrees of its memories;
    /// the states, the execution counts and the number of memories must not depend on them.
    /// </summary>
    [Theory]
    [InlineData("SPIN-TAS-3.litmus")]
    [InlineData("TICKET-3.litmus")]
    [InlineData("QUEUE-CLH-3.litmus")]
    public void PromisingSearchIsIndependentOfWorkers(string file) =>
        AssertSameForAnyJobs(Repo.Examples("locks", file), "--model promising --json");

    /// <summary>A search cut short by its budget still reports the states its workers found, marked incomplete.</summary>
    [Fact]
    public void CutPromisingSearchKeepsWhatTheWorkersFound()
    {
        var (code, output, _) = Run(Repo.Examples("locks", "TICKET-3.litmus"), "--model promising --json --max-states 400", jobs: 2);
        Assert.Equal(4, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var result = json.RootElement[0].GetProperty("promising");
        Assert.False(result.GetProperty("complete").GetBoolean());
        Assert.NotEqual(0, result.GetProperty("states").GetArrayLength());
    }

    private static void AssertSameForAnyJobs(string folder, string options)
    {
        var one = Run(folder, options, jobs: 1);
        Assert.NotEqual("", one.Output);
        foreach (int jobs in new[] { 4, 2 })
        {
            var many = Run(folder, options, jobs);
            // Ordinal string equality is byte equality here: both sides come from the same UTF-16 writer.
            Assert.Equal(one.Output, many.Output);
            Assert.Equal(one.Error, many.Error);
            Assert.Equal(one.Code, many.Code);
        }
    }

    private static (int Code, string Output, string Error) Run(string folder, string options, int jobs)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var extra = options.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int code = VrmCli.Run(["litmus", "--jobs", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra, folder], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
