namespace Vrm.TestSupport;

/// <summary>Paths of the repository and the shared corpus, found from the test assembly's folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Examples(params string[] parts) => Path.Combine([Root, "examples", .. parts]);

    /// <summary>The shared reference corpus beside the repository, or null when it is absent.</summary>
    public static string? SharedLitmus
    {
        get
        {
            var p = Path.GetFullPath(Path.Combine(Root, "..", "shared", "litmus"));
            return Directory.Exists(p) ? p : null;
        }
    }

    /// <summary>
    /// A folder of the shared corpus, for a test marked <see cref="SharedCorpusFactAttribute"/> or
    /// <see cref="SharedCorpusTheoryAttribute"/> (which skip when the corpus is absent); a folder missing from a
    /// corpus that is there fails the test.
    /// </summary>
    public static string Corpus(params string[] parts)
    {
        var shared = SharedLitmus ?? throw new InvalidOperationException(MissingCorpus);
        var path = Path.Combine([shared, .. parts]);
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"{path} is missing from the shared corpus");
        }
        return path;
    }

    /// <summary>Why a test that needs the shared corpus is skipped.</summary>
    public const string MissingCorpus = "the shared corpus ../shared/litmus (beside the repository) is absent";

    /// <summary>Set VRM_UPDATE_GOLDEN=1 to rewrite golden files from the current output.</summary>
    public static bool UpdateGolden => Environment.GetEnvironmentVariable("VRM_UPDATE_GOLDEN") == "1";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vrm.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Vrm.slnx)");
    }
}

/// <summary>A fact that reads the shared corpus: reported as skipped, with the reason, when it is absent.</summary>
public sealed class SharedCorpusFactAttribute : Xunit.FactAttribute
{
    public SharedCorpusFactAttribute()
    {
        if (Repo.SharedLitmus is null)
        {
            Skip = Repo.MissingCorpus;
        }
    }
}

/// <summary>A theory that reads the shared corpus: reported as skipped, with the reason, when it is absent.</summary>
public sealed class SharedCorpusTheoryAttribute : Xunit.TheoryAttribute
{
    public SharedCorpusTheoryAttribute()
    {
        if (Repo.SharedLitmus is null)
        {
            Skip = Repo.MissingCorpus;
        }
    }
}
