using Vrm.Explore;
using Vrm.Syntax.Litmus;

namespace Vrm.Report;

/// <summary>
/// <c>vrm conformance</c>'s pipeline: the folders of a corpus that herd7 has run, each run with the variant its
/// place in the corpus gives and compared with its <c>herd7.out</c>.
/// </summary>
public static class Conformance
{
    /// <summary>
    /// The folders below <paramref name="root"/> (itself included) with a <c>herd7.out</c>, in ordinal order, without
    /// those whose path relative to <paramref name="root"/> starts with one of <paramref name="skip"/>.
    /// </summary>
    public static List<string> Folders(string root, IReadOnlyCollection<string> skip) =>
        Directory.GetFiles(root, "herd7.out", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).OfType<string>()
            .Where(f => !skip.Any(s => Relative(root, f).StartsWith(s, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Runs every test of <paramref name="folder"/> with the variants <see cref="Variants.OfFolder"/> gives it below
    /// <paramref name="root"/>. When <paramref name="cancel"/> fires the tests not finished are left out.
    /// </summary>
    public static List<TestOutcome> Run(string root, string folder, string model, ExploreOptions options, int jobs, CancellationToken cancel) =>
        TestRunner.RunAll(TestRunner.Expand([folder]).Files, [model], options, jobs, null, cancel, Variants.OfFolder(root, folder))
            .OfType<TestOutcome>().ToList();

    /// <summary>
    /// Compares a folder's outcomes with its <c>herd7.out</c>; a log that cannot be read throws
    /// <see cref="InputFileException"/>, one that is no herd7 log <see cref="Syntax.DiagnosticException"/>.
    /// </summary>
    public static Comparison Compare(string folder, IEnumerable<TestOutcome> outcomes)
    {
        var log = Path.Combine(folder, "herd7.out");
        return Comparison.Compare(outcomes, HerdLog.Parse(InputFiles.ReadText(log), log), folder);
    }

    /// <summary>A path below <paramref name="root"/> as the tables print it, with forward slashes.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
