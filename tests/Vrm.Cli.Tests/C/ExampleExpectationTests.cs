using System.Text.RegularExpressions;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Every C example states what it expects on its first line, <c>// expect: holds</c> or the verdict <c>vrm check</c>
/// reports (<c>// expect: data race</c>), and where the Arm model's verdict differs, on its second line
/// <c>// expect(arm): ...</c>. This runs each example and holds it to its word.
/// </summary>
public partial class ExampleExpectationTests
{
    /// <summary>The verdicts a line may state: <c>holds</c> is the report's <c>ok</c>, the others are its own words.</summary>
    private static readonly string[] Verdicts = ["holds", "assertion fails", "data race", "deadlock", "invalid access", "invalid free", "library misuse"];

    [GeneratedRegex(@"^// expect(\((?<model>[a-z]+)\))?: (?<verdict>.+)$")]
    private static partial Regex ExpectLine();

    public static TheoryData<string> Files() =>
        [.. Directory.GetFiles(Repo.Examples("c"), "*.c").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>The model each expectation line names (<c>sc</c> for the first), with its verdict in the report's words.</summary>
    internal static List<(string Model, string Verdict)> Expectations(string path)
    {
        var lines = File.ReadLines(path).Take(2).ToList();
        var found = new List<(string, string)>();
        for (int i = 0; i < Math.Max(1, lines.Count); i++)
        {
            var line = i < lines.Count ? lines[i] : "";
            var m = ExpectLine().Match(line);
            if (!m.Success && i == 0)
            {
                Assert.Fail($"{path}:1: expected '// expect: VERDICT' first (VERDICT one of {string.Join(", ", Verdicts)}), found '{line}'");
            }
            if (!m.Success)
            {
                break;
            }
            string model = m.Groups["model"].Success ? m.Groups["model"].Value : "sc";
            string verdict = m.Groups["verdict"].Value;
            Assert.True(i == 0 ? model == "sc" && !m.Groups["model"].Success : model == "arm",
                $"{path}:{i + 1}: the first line states the SC verdict ('// expect: ...'), a second one the Arm model's ('// expect(arm): ...'), not '{line}'");
            Assert.True(Verdicts.Contains(verdict), $"{path}:{i + 1}: '{verdict}' is no verdict; one of {string.Join(", ", Verdicts)}");
            found.Add((model, verdict == "holds" ? "ok" : verdict));
        }
        if (found.Count == 2)
        {
            Assert.True(found[0].Item2 != found[1].Item2, $"{path}:2: the Arm line repeats the SC verdict: leave it out");
        }
        return found;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EachExampleGivesTheVerdictItStates(string file)
    {
        var path = Repo.Examples("c", file);
        foreach (var (model, verdict) in Expectations(path))
        {
            var r = model == "sc" ? CheckRun.Run(path) : CheckRun.Run(path, "--model", model, "--timeout", "120");
            Assert.True(r.Verdict == verdict, $"{file} states '{verdict}' under {model}, vrm check says '{r.Verdict}'\n{r}");
            Assert.Equal(verdict == "ok" ? 0 : 2, r.Code);
        }
    }

    /// <summary>
    /// Without an Arm line the Arm model agrees with SC: verdicts.arm.txt (which <see cref="CheckGoldenTests"/> holds
    /// to vrm) says so, or says the engine does not finish the program (EXPECTED.md owns up to which).
    /// </summary>
    [Fact]
    public void TheArmTableSaysWhatTheLinesSay()
    {
        var wrong = new List<string>();
        foreach (var line in File.ReadLines(Repo.Examples("c", "verdicts.arm.txt")).Where(l => l.Length > 0))
        {
            var (file, recorded) = (line[..line.IndexOf(' ')], line[(line.IndexOf(' ') + 1)..]);
            var stated = Expectations(Repo.Examples("c", file))[^1].Verdict;
            if (recorded != stated && recorded is not ("incomplete" or "bench-only"))
            {
                wrong.Add($"{file}: its lines say {stated} under arm, verdicts.arm.txt {recorded}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("// expect: holds\nint main(void) { return 0; }\n", "sc:ok")]
    [InlineData("// expect: data race\n// expect(arm): assertion fails\n/* */\n", "sc:data race arm:assertion fails")]
    [InlineData("// expect: invalid access\n// a comment that is no expectation\n", "sc:invalid access")]
    public void ExpectationLinesAreRead(string text, string expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, text);
            Assert.Equal(expected, string.Join(" ", Expectations(path).Select(e => $"{e.Model}:{e.Verdict}")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("/* no expectation */\n")]
    [InlineData("")]
    [InlineData("// expect: fine\n")]
    [InlineData("// expect: ok\n")]
    [InlineData("// expect(arm): holds\n")]
    [InlineData("// expect: holds\n// expect(promising): assertion fails\n")]
    [InlineData("// expect: holds\n// expect(arm): holds\n")]
    public void AMissingOrUnreadableExpectationFails(string text)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, text);
            Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Expectations(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
