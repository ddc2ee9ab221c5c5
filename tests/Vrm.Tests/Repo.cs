namespace Vrm.Tests;

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
