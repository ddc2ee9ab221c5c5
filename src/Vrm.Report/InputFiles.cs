using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Vrm.Report;

/// <summary>A file the user named that vrm cannot read as input: its message names the file and says why.</summary>
public sealed class InputFileException(string file, string reason) : Exception($"{file}: error: {reason}");

/// <summary>
/// Finds and reads the files the user names: only regular files (a FIFO or a device named <c>x.litmus</c>
/// would block or never end), each once, and folder walks that do not loop through symbolic links.
/// </summary>
public static class InputFiles
{
    /// <summary>Larger inputs are refused: no litmus test or C program of ours comes near.</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>Folders deeper than this below the one named are not walked (a backstop against link cycles).</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// What the paths on a command line name: <see cref="Files"/> to run; <see cref="Fatal"/> errors (a name
    /// that does not exist, a folder without one input file) that stop the run before it starts; and
    /// <see cref="Unreadable"/> folders met on the way, reported while the others run.
    /// </summary>
    public sealed record Expansion(List<string> Files, List<string> Fatal, List<string> Unreadable);

    /// <summary>
    /// Files named directly, and those below named folders whose name ends with <paramref name="extension"/>,
    /// in ordinal order; a file reached twice (through a link) is listed once.
    /// </summary>
    public static Expansion Expand(IEnumerable<string> paths, string extension)
    {
        var result = new Expansion([], [], []);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                var found = Walk(p, extension, seen, result.Unreadable);
                if (found.Count == 0)
                {
                    result.Fatal.Add($"{p}: error: no {extension} files in this folder");
                }
                found.Sort(StringComparer.Ordinal);
                result.Files.AddRange(found);
            }
            else if (File.Exists(p) || IsLink(p))
            {
                // Named directly, a file is read even if it is not regular, to say why it cannot be.
                result.Files.Add(p);
            }
            else
            {
                result.Fatal.Add($"{p}: error: no such file or folder");
            }
        }
        return result;
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The regular files below <paramref name="root"/> with the extension. A linked folder is walked once, at
    /// the first place it is met, so a link to an ancestor ends the walk there instead of looping.
    /// </summary>
    private static List<string> Walk(string root, string extension, HashSet<string> seen, List<string> unreadable)
    {
        var found = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<(string Path, string Real, int Depth)>();
        string rootReal = RealPath(root, Path.GetFullPath(root));
        work.Push((root, rootReal, 0));
        visited.Add(rootReal);
        while (work.TryPop(out var dir))
        {
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dir.Path).Order(StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable folder may hold tests: say so rather than pass over them in silence.
                unreadable.Add($"{dir.Path}: error: cannot read this folder: {Reason(e)}");
                continue;
            }
            foreach (var entry in entries)
            {
                string name = Path.GetFileName(entry);
                string real = RealPath(entry, Path.Combine(dir.Real, name));
                if (Directory.Exists(entry))
                {
                    if (dir.Depth + 1 < MaxDepth && visited.Add(real))
                    {
                        work.Push((entry, real, dir.Depth + 1));
                    }
                }
                else if (entry.EndsWith(extension, StringComparison.Ordinal) && IsRegularOrUnreadable(entry) && seen.Add(real))
                {
                    found.Add(entry);
                }
            }
        }
        return found;
    }

    /// <summary>Where a link finally leads, or <paramref name="unlinked"/> (the entry's place below its folder's real path).</summary>
    private static string RealPath(string path, string unlinked)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is null)
            {
                return unlinked;
            }
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? unlinked : Path.GetFullPath(target.FullName);
        }
        catch (IOException)
        {
            // A link cycle among files: the name itself is as real as it gets.
            return unlinked;
        }
    }

    /// <summary>
    /// False for what a folder walk skips: FIFOs, devices and sockets. A dangling link or a file vrm may not
    /// read is kept, so that reading it reports the error.
    /// </summary>
    private static bool IsRegularOrUnreadable(string path)
    {
        try
        {
            using var stream = OpenRegular(path);
            return true;
        }
        catch (InputFileException e) when (e.Message.EndsWith(NotRegular, StringComparison.Ordinal))
        {
            return false;
        }
        catch (InputFileException)
        {
            return true;
        }
    }

    private const string NotRegular = "not a regular file";

    /// <summary>The text of a file the user named, or an <see cref="InputFileException"/> saying why it cannot be read.</summary>
    public static string ReadText(string path)
    {
        using var stream = OpenRegular(path);
        long length = stream.Length;
        if (length > MaxBytes)
        {
            throw new InputFileException(path, $"the file has {length >> 20} MB: vrm reads inputs of at most {MaxBytes >> 20} MB");
        }
        try
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (IOException e)
        {
            throw new InputFileException(path, $"cannot read it: {e.Message}");
        }
    }

    /// <summary>
    /// Opens a regular file for reading. On Linux it opens without blocking first, so that a FIFO (whose open
    /// waits for a writer) or a character device is recognised by its handle instead of hanging the run.
    /// </summary>
    public static FileStream OpenRegular(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new InputFileException(path, "this is a folder, not a file");
            }
            int fd = OperatingSystem.IsLinux() ? OpenWithoutBlocking(path) : NoLibc;
            if (fd == NoLibc)
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            }
            if (fd < 0)
            {
                // The managed open gives the message the OS gives (no such file, permission denied, link loop).
                new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read).Dispose();
                throw new InputFileException(path, "cannot open it");
            }
            var handle = new SafeFileHandle(fd, ownsHandle: true);
            if (!IsRegular(handle))
            {
                handle.Dispose();
                throw new InputFileException(path, NotRegular);
            }
            return new FileStream(handle, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, $"cannot read it: {Reason(e)}");
        }
    }

    /// <summary>A regular file is seekable and no longer than its size says (a character device such as /dev/zero is seekable too).</summary>
    private static bool IsRegular(SafeFileHandle handle)
    {
        try
        {
            long length = RandomAccess.GetLength(handle);
            Span<byte> probe = stackalloc byte[1];
            return RandomAccess.Read(handle, probe, length) == 0;
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file (or a link to nothing)",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    private const int ReadOnly = 0, NonBlocking = 0x800, CloseOnExec = 0x80000, NoLibc = int.MinValue;

    /// <summary>open(2) with O_NONBLOCK (the flag values of Linux on x86-64 and AArch64); <see cref="NoLibc"/> where libc cannot be called.</summary>
    private static int OpenWithoutBlocking(string path)
    {
        try
        {
            return Open([.. Encoding.UTF8.GetBytes(path), 0], ReadOnly | NonBlocking | CloseOnExec);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return NoLibc;
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);
}
