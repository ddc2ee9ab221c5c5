namespace Vrm.Bench;

/// <summary>Where the repository and the shared litmus corpus are, whatever the working folder.</summary>
public static class Paths
{
    /// <summary>The folder holding Vrm.slnx, found above the program's own folder or else above the working folder.</summary>
    public static string RepoRoot { get; } = FindRoot(AppContext.BaseDirectory) ?? FindRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();

    /// <summary>The reference corpus next to the repository (CI has it at ../shared/litmus).</summary>
    public static string DefaultCorpus => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "litmus"));

    private static string? FindRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Vrm.slnx")))
            {
                return d.FullName;
            }
        }
        return null;
    }
}
