namespace Vrm.Cli.Output;

/// <summary><c>vrm litmus --compare</c>'s listing: one line per test, then the totals.</summary>
public static class ComparisonFormat
{
    public static void Write(TextWriter w, Comparison comparison)
    {
        foreach (var t in comparison.Tests)
        {
            string word = t.Agreement switch
            {
                Agreement.Agree => "agree",
                Agreement.Disagree => "DISAGREE",
                Agreement.Unsupported => "unsupported",
                Agreement.Incomplete => "incomplete",
                Agreement.NoReference => "no-reference",
                _ => "error",
            };
            w.WriteLine(t.Detail.Length == 0 ? $"{word} {t.Outcome.Name}" : $"{word} {t.Outcome.Name}: {t.Detail}");
        }
        int Count(Agreement a) => comparison.Count(a);
        w.WriteLine($"Total: {comparison.Tests.Count} tests, {Count(Agreement.Agree)} agree, {comparison.Disagree} disagree, {Count(Agreement.Unsupported)} unsupported, {Count(Agreement.Incomplete)} incomplete, {Count(Agreement.NoReference)} without herd7 result, {Count(Agreement.Error)} errors");
    }
}
