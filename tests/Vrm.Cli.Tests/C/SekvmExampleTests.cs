using Xunit;
using VrmCli = Vrm.Cli.Cli;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// examples/sekvm: a SeKVM-style KCore checked by <c>vrm wdrf</c> and <c>vrm check</c>. Every row of its
/// VARIANTS.txt (a harness, the command, flags: vrm options written <c>--name=value</c> such as
/// <c>--confirm-steps=8000000</c> and clang flags such as <c>-DBUG_UNMAP_NO_TLBI</c>, the expected verdict)
/// gives that verdict: <c>holds</c> is exit 0, <c>confirmed</c> is exit 0 with the Promising-Arm confirmation
/// complete and finding no Arm-only final state, a wDRF condition is exit 2 with that condition violated
/// (<c>CONDITION+arm-only</c>: and the confirmation shows a final state only Promising-Arm reaches), a
/// <c>shared_inv_*</c> name is exit 2 on that invariant's assertion; <c>noninterferent</c> and <c>linearizable</c>
/// are exit 0 with the noninterference or refinement check reported as run and holding, and
/// <c>confidentiality</c>, <c>integrity</c>, <c>implicit-flow</c> and <c>linearizability</c> are exit 2 with that
/// violation as the verdict (the same rules as examples/sekvm/run).
/// </summary>
public class SekvmExampleTests
{
    private static string Variants => Repo.Examples("sekvm", "VARIANTS.txt");

    /// <summary>The rows, as their text (one theory case each).</summary>
    public static TheoryData<string> Rows() => [.. RowTexts()];

    private static List<string> RowTexts() =>
        [.. File.ReadLines(Variants).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    /// <summary>A row's cells; its flags split into vrm options (before the command's <c>--</c>) and clang flags (after it).</summary>
    private static (string Harness, string Command, string[] Options, string[] Flags, string Expected) Parse(string row)
    {
        var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(cells.Length == 4, $"{Variants}: '{row}' has not four columns");
        string[] all = cells[2] == "-" ? [] : cells[2].Split(',');
        bool IsOption(string f) => f.StartsWith("--", StringComparison.Ordinal);
        return (cells[0], cells[1], [.. all.Where(IsOption)], [.. all.Where(f => !IsOption(f))], cells[3]);
    }

    private static CheckRun.Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = VrmCli.Run(args, output, error);
        return new CheckRun.Result(code, CheckRun.Relative(output.ToString()), CheckRun.Relative(error.ToString()));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void EveryVariantGivesItsVerdict(string row)
    {
        var (harness, command, options, flags, expected) = Parse(row);
        Assert.Contains(command, new[] { "wdrf", "check" });
        var r = Run([command, Repo.Examples("sekvm", harness), .. options, "--", .. flags]);
        var lines = r.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (expected == "holds")
        {
            Assert.True(r.Code == 0, r.ToString());
        }
        else if (expected == "confirmed")
        {
            Assert.True(r.Code == 0 && lines.Any(l => l.StartsWith("Promising-Arm: every Promising-Arm final state is an SC final state", StringComparison.Ordinal)), r.ToString());
        }
        else if (expected is "noninterferent" or "linearizable")
        {
            string ran = expected == "noninterferent"
                ? "Noninterference: confidentiality and integrity hold"
                : "Refinement: every complete execution is linearizable";
            Assert.True(r.Code == 0 && lines.Any(l => l.StartsWith(ran, StringComparison.Ordinal)), r.ToString());
        }
        else if (expected is "confidentiality" or "integrity" or "implicit-flow" or "linearizability")
        {
            string verdict = expected == "linearizability" ? "Verdict: not linearizable" : $"Verdict: {expected.Replace('-', ' ')} violation";
            Assert.True(r.Code == 2 && lines.Contains(verdict), r.ToString());
        }
        else if (expected.StartsWith("shared_inv_", StringComparison.Ordinal))
        {
            Assert.True(r.Code == 2 && r.Out.Contains($"assertion failed: {expected}()", StringComparison.Ordinal), r.ToString());
        }
        else
        {
            const string armOnly = "+arm-only";
            bool wantsArmOnly = expected.EndsWith(armOnly, StringComparison.Ordinal);
            string condition = wantsArmOnly ? expected[..^armOnly.Length] : expected;
            bool violated = lines.Any(l => l.StartsWith(condition, StringComparison.Ordinal) && l[condition.Length..].TrimStart().StartsWith("violated", StringComparison.Ordinal));
            bool shown = lines.Any(l => l.StartsWith("Promising-Arm: ", StringComparison.Ordinal) && l.Contains(" only Promising-Arm reaches", StringComparison.Ordinal));
            Assert.True(r.Code == 2 && violated && (shown || !wantsArmOnly), r.ToString());
        }
    }

    /// <summary>
    /// Each harness's first line says what it expects unmodified, and VARIANTS.txt runs it so (wdrf for the h*
    /// harnesses, check for the noninterference and refinement ones); every harness, bug-free, is also run by
    /// <c>vrm wdrf</c> and holds. A row expecting <c>confirmed</c> (holds, and Promising-Arm agrees) counts as
    /// one expecting <c>holds</c>; vrm options such as <c>--confirm-steps</c> do not make a row a variant.
    /// </summary>
    [Fact]
    public void EveryHarnessStatesItsExpectationAndIsRun()
    {
        var rows = RowTexts().Select(Parse).ToList();
        static bool Gives(string expected, string wanted) => expected == wanted || (wanted == "holds" && expected == "confirmed");
        foreach (var file in Directory.GetFiles(Repo.Examples("sekvm"), "*.c"))
        {
            string name = Path.GetFileName(file);
            string first = File.ReadLines(file).First();
            Assert.StartsWith("// expect: ", first);
            string expected = first["// expect: ".Length..].Trim();
            Assert.Contains(rows, r => r.Harness == name && r.Flags.Length == 0 && Gives(r.Expected, expected));
            Assert.Contains(rows, r => r.Harness == name && r.Command == "wdrf" && Gives(r.Expected, "holds") && !r.Flags.Any(f => f.StartsWith("-DBUG_", StringComparison.Ordinal)));
        }
    }

    /// <summary>
    /// set_npt without its lock: DRF-Kernel names the unlocked access of the table, and the search goes on, so
    /// No-Barrier-Misuse is judged too rather than left undecided or "not applicable".
    /// </summary>
    [Fact]
    public void AnUnlockedTableAccessIsDrfKernelsAndTheLockConditionsAreStillJudged()
    {
        var r = Run(["wdrf", Repo.Examples("sekvm", "h2-two-kserv.c"), "--", "-DBUG_SET_NPT_NO_LOCK"]);
        Assert.True(r.Code == 2, r.ToString());
        // The race check leaves lock-protected memory to DRF-Kernel, so the search goes on and judges the lock conditions.
        Assert.Contains("DRF-Kernel                 violated        CPU 2 reads npt_pool[1]", r.Out, StringComparison.Ordinal);
        Assert.Contains("No-Barrier-Misuse          holds", r.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Transactional-Page-Table judges each page-table lock's own critical sections: an outer lock held across two
    /// sections of the page-table lock, each with one unmap and its TLBI, holds; both unmaps in one section, or
    /// unmaps without TLBI (which a program with VRM_ROOT tables keeps, without vrm_page variables), do not.
    /// </summary>
    [Theory]
    [InlineData("-DTLBI", 0)]
    [InlineData("-DTLBI -DONE_SECTION", 2)]
    [InlineData("", 2)]
    public void PageTableSectionsAreThoseOfTheTablesLock(string flags, int code)
    {
        var r = Run(["wdrf", CheckRun.Program("wdrf-nested-sections.c"), "--no-confirm", "--", .. flags.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.True(r.Code == code, r.ToString());
        Assert.Contains(code == 0 ? "Transactional-Page-Table   holds" : "Transactional-Page-Table   violated", r.Out, StringComparison.Ordinal);
    }
}
