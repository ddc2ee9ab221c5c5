using Xunit;

namespace Vrm.Tests.C;

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
        string first = File.ReadLines(path).First();
        Assert.StartsWith("// expect: ", first);
        string expected = first["// expect: ".Length..].Trim();
        var r = CheckRun.Run(path);
        Assert.True(r.Err.Length == 0, r.ToString());
        if (expected == "holds")
        {
            Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        }
        else
        {
            Assert.True(r.Code == 2 && r.Verdict == expected, r.ToString());
        }
        var golden = path + ".expected";
        if (Repo.UpdateGolden)
        {
            File.WriteAllText(golden, r.Out);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}; run with VRM_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(golden), r.Out);
    }
}
