using Vrm.Checks.Mmu;
using Vrm.Explore.Results;

namespace Vrm.Report;

public enum Agreement { Agree, Disagree, Unsupported, Incomplete, NoReference, Error }

public sealed record ComparedTest(TestOutcome Outcome, Agreement Agreement, string Detail);

/// <summary>
/// Compares vrm's results with herd7's as the corpus README defines agreement: the same set of final
/// states and the same Observation word; and, for the flags vrm computes (break-before-make), the same flags.
/// </summary>
public sealed class Comparison
{
    public List<ComparedTest> Tests { get; } = [];

    public int Count(Agreement a) => Tests.Count(t => t.Agreement == a);

    public int Disagree => Count(Agreement.Disagree);

    public static Comparison Compare(IEnumerable<TestOutcome> outcomes, HerdLog herd, string? root = null)
    {
        var c = new Comparison();
        foreach (var o in outcomes)
        {
            c.Tests.Add(CompareOne(o, herd.Find(o.File, o.Name, root)));
        }
        return c;
    }

    public static ComparedTest CompareOne(TestOutcome o, HerdEntry? reference)
    {
        if (o.Error is not null)
        {
            return new ComparedTest(o, o.Unsupported ? Agreement.Unsupported : Agreement.Error, UnsupportedReason(o.Error));
        }
        var r = o.Results.Count == 1 ? o.Results[0] : o.Results.First(x => x.Model == "arm");
        if (r.Completion != Completion.Complete)
        {
            return new ComparedTest(o, Agreement.Incomplete, r.IncompleteReason ?? "");
        }
        if (reference is null)
        {
            return new ComparedTest(o, Agreement.NoReference, "herd7 has no result for it");
        }
        var mine = r.States.Select(s => HerdLog.CanonicalState(HerdFormat.State(r, s))).ToHashSet(StringComparer.Ordinal);
        var missing = reference.States.Where(s => !mine.Contains(s)).ToList();
        var extra = mine.Where(s => !reference.States.Contains(s)).ToList();
        // Both relaxed models compute herd's break-before-make flag (Promising from its runs' facts) and are held to it.
        bool herdFlag = reference.Flags.Contains(BreakBeforeMake.Flag), vrmFlag = r.Flags.Contains(BreakBeforeMake.Flag);
        if (missing.Count == 0 && extra.Count == 0 && r.Observation == reference.Observation && herdFlag == vrmFlag)
        {
            return new ComparedTest(o, Agreement.Agree, "");
        }
        var detail = $"herd7 {reference.Observation}, vrm {r.Observation}";
        if (herdFlag != vrmFlag)
        {
            detail += $"; flag {BreakBeforeMake.Flag} only from {(herdFlag ? "herd7" : "vrm")}";
        }
        if (missing.Count > 0)
        {
            detail += "; only herd7: " + string.Join(" | ", missing);
        }
        if (extra.Count > 0)
        {
            detail += "; only vrm: " + string.Join(" | ", extra);
        }
        return new ComparedTest(o, Agreement.Disagree, detail);
    }

    /// <summary>A short reason for the unsupported tally, such as <c>instruction 'LDP'</c> or <c>page-table (VMSA) tests</c>.</summary>
    public static string UnsupportedReason(string error)
    {
        int k = error.IndexOf("error: ", StringComparison.Ordinal);
        var message = k >= 0 ? error[(k + 7)..] : error;
        if (message.StartsWith("unsupported instruction", StringComparison.Ordinal))
        {
            return message["unsupported ".Length..];
        }
        if (message.Contains("VMSA", StringComparison.Ordinal) || message.Contains("fault", StringComparison.Ordinal))
        {
            return "page tables (VMSA)";
        }
        if (message.Contains("mixed-size", StringComparison.Ordinal))
        {
            return "mixed-size accesses";
        }
        return message.StartsWith("unsupported: ", StringComparison.Ordinal) ? message[13..] : message;
    }
}
