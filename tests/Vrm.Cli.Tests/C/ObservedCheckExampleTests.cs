using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// The examples of the checks over whole executions, examples/security (noninterference, invariants) and
/// examples/refinement (linearizability): each states on its first line what <c>vrm check</c> must find
/// (<c>// expect: holds</c> or the verdict, such as <c>confidentiality violation</c> or <c>not linearizable</c>),
/// and its report is kept beside it (FILE.c.expected; VRM_UPDATE_GOLDEN=1 rewrites them).
/// </summary>
public class ObservedCheckExampleTests
{
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in new[] { "security", "refinement" })
        {
            foreach (var f in Directory.GetFiles(Repo.Examples(folder), "*.c").Order(StringComparer.Ordinal))
            {
                data.Add(folder, Path.GetFileName(f));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void VerdictIsTheExpectedOne(string folder, string file)
    {
        var path = Repo.Examples(folder, file);
        var lines = File.ReadLines(path).Take(2).ToList();
        Assert.StartsWith("// expect: ", lines[0]);
        Check(path, lines[0]["// expect: ".Length..].Trim(), CheckRun.Run(path), path + ".expected");
    }

    /// <summary>
    /// The examples whose second line states what a relaxed model finds (<c>// expect(promising): ...</c>):
    /// the noninterference check on Promising-Arm, golden in FILE.c.promising.expected.
    /// </summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void RelaxedVerdictIsTheExpectedOne(string folder, string file)
    {
        var path = Repo.Examples(folder, file);
        var lines = File.ReadLines(path).Take(2).ToList();
        if (lines.Count < 2 || !lines[1].StartsWith("// expect(", StringComparison.Ordinal))
        {
            return;
        }
        int close = lines[1].IndexOf("): ", StringComparison.Ordinal);
        string model = lines[1]["// expect(".Length..close];
        Assert.True(model is "promising" or "arm", $"{file}:2: unknown model '{model}'");
        Check(path, lines[1][(close + 3)..].Trim(), CheckRun.Run(path, "--model", model), $"{path}.{model}.expected");
    }

    private static void Check(string path, string expected, CheckRun.Result r, string golden)
    {
        Assert.True(r.Err.Length == 0, r.ToString());
        if (expected == "holds")
        {
            Assert.True(r.Code == 0 && r.Verdict == "ok", $"{path}: {r}");
        }
        else
        {
            Assert.True(r.Code == 2 && r.Verdict == expected, $"{path}: {r}");
        }
        if (Repo.UpdateGolden)
        {
            File.WriteAllText(golden, r.Out);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}; run with VRM_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(golden), r.Out);
    }
}
