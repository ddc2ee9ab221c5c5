using Xunit;

namespace Vrm.Tests.C;

/// <summary>
/// The noninterference examples of examples/security: each states on its first line what <c>vrm check</c>
/// must find (<c>// expect: holds</c> or the verdict, such as <c>confidentiality violation</c>), and its report
/// is kept beside it (FILE.c.expected; VRM_UPDATE_GOLDEN=1 rewrites them).
/// </summary>
public class SecurityExampleTests
{
    public static TheoryData<string> Files() =>
        [.. Directory.GetFiles(Repo.Examples("security"), "*.c").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public void VerdictIsTheExpectedOne(string file)
    {
        var path = Repo.Examples("security", file);
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
