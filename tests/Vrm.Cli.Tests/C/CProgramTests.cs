namespace Vrm.Cli.Tests.C;

/// <summary>Tests that write small C programs to a folder of their own and run <c>vrm check</c> on them.</summary>
public abstract class CProgramTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-c-");

    protected string Folder => dir.FullName;

    public void Dispose()
    {
        dir.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes <paramref name="source"/> as p.c and checks it with <paramref name="options"/>.</summary>
    private protected CheckRun.Result Check(string source, params string[] options)
    {
        var path = Path.Combine(dir.FullName, "p.c");
        File.WriteAllText(path, source);
        return CheckRun.Run([path, .. options]);
    }
}
