using System.Diagnostics;
using System.Text.RegularExpressions;
using Vrm.Programs;
using Vrm.Programs.Lowering.Llvm;
using Vrm.Syntax;
using Vrm.Syntax.Llvm;

namespace Vrm.Cli.Frontend;

/// <summary>
/// Reads a C file through clang-14 (or an .ll file directly) and lowers it to the thread IR. The only
/// place vrm runs another program; clang's diagnostics are rewritten to vrm's <c>file(line,col)</c> form.
/// </summary>
public static partial class CFrontend
{
    public sealed record Loaded(Program Program, Module Module, IReadOnlyList<string> Notes)
    {
        /// <summary>The same module lowered with frames for at least <paramref name="threads"/> threads (see <see cref="FrameCapacityException"/>).</summary>
        public Loaded WithFrames(int threads) =>
            this with { Program = LlvmLowering.Lower(Module, Program.File, Math.Max(threads, Math.Min(2 * Program.FrameCapacity, 64)), Heap) };

        /// <summary>The same module lowered with a heap of at least <paramref name="heap"/> (see <see cref="HeapCapacityException"/>).</summary>
        public Loaded WithHeap(HeapLimits heap) =>
            this with { Program = LlvmLowering.Lower(Module, Program.File, Program.FrameCapacity == int.MaxValue ? null : Program.FrameCapacity, heap) };

        private HeapLimits? Heap => Program.Heap is { } h ? new HeapLimits(h.BlocksPerSite, h.Elements) : null;
    }

    /// <summary>
    /// Reads and lowers a program. clang gets at most <paramref name="timeout"/> (then <see cref="TimeoutException"/>)
    /// and is killed on <paramref name="cancel"/>.
    /// </summary>
    public static Loaded Load(string path, IReadOnlyList<string> clangFlags, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var notes = new List<string>();
        string text;
        if (path.EndsWith(".ll", StringComparison.Ordinal))
        {
            text = InputFiles.ReadText(path);
        }
        else
        {
            text = Compile(path, clangFlags, notes, timeout, cancel);
        }
        var module = LlvmParser.Parse(path, text);
        return new Loaded(LlvmLowering.Lower(module, path), module, notes);
    }

    private static string Compile(string path, IReadOnlyList<string> flags, List<string> notes, TimeSpan? timeout, CancellationToken cancel)
    {
        string clang = FindClang() ?? throw new DiagnosticException(new Diagnostic(path, SourcePos.None,
            "clang-14 not found on PATH: install it (Debian: apt-get install clang-14) or give vrm an .ll file"));
        // -O0: the IR has exactly the source's accesses (LLVM's optimisations are correct only for the compiled,
        // single-threaded meaning: they localise globals, hoist loads above acquires, delete racy reads). The
        // lowering itself turns locals whose address never escapes into registers (LocalSlots), the one
        // rewrite that is safe for concurrent code. vrm's own headers (include/libc) replace the system's, so a
        // program reads the same on every machine with clang-14; clang's stdint.h, stdatomic.h... remain.
        var args = new List<string>
        {
            "-S", "-emit-llvm", "-g", "-O0", "-fno-discard-value-names", "--target=aarch64-linux-gnu", "-nostdlibinc",
            "-o", "-",
        };
        string include = Path.Combine(AppContext.BaseDirectory, "include");
        if (!File.Exists(Path.Combine(include, "libc", "pthread.h")))
        {
            throw new DiagnosticException(new Diagnostic(path, SourcePos.None, $"vrm's C headers are missing from {include}: reinstall vrm"));
        }
        args.AddRange(["-isystem", Path.Combine(include, "libc"), "-I" + include]);
        args.AddRange(flags);
        args.Add(path);
        var start = new ProcessStartInfo(clang) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start clang");
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            if (timeout is { } t && t < TimeSpan.FromDays(1))
            {
                limit.CancelAfter(t);
            }
            try
            {
                process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                cancel.ThrowIfCancellationRequested();
                throw new TimeoutException("clang");
            }
        }
        string output = stdout.GetAwaiter().GetResult();
        string messages = stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            // The first error in vrm's form; clang's further diagnostics (not its source excerpts) follow it.
            var lines = ClangDiagnostic().Matches(messages).ToList();
            var first = lines.FirstOrDefault(m => m.Groups[4].Value == "error");
            if (first is null)
            {
                throw new DiagnosticException(new Diagnostic(path, SourcePos.None, "clang failed: " + messages.Trim()));
            }
            var rest = lines.Where(m => m != first).Select(m => $"\n{m.Groups[1].Value}({m.Groups[2].Value},{m.Groups[3].Value}): {m.Groups[4].Value}: {m.Groups[5].Value}");
            throw new DiagnosticException(new Diagnostic(first.Groups[1].Value,
                new SourcePos(int.Parse(first.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(first.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)),
                first.Groups[5].Value + string.Concat(rest)));
        }
        return output;
    }

    private static string? FindClang()
    {
        foreach (var name in new[] { "clang-14", "clang" })
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    [GeneratedRegex(@"^(.+?):(\d+):(\d+): (error|warning|note): (.*)$", RegexOptions.Multiline)]
    private static partial Regex ClangDiagnostic();
}
