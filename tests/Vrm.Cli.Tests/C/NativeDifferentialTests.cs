using System.Diagnostics;
using System.Globalization;
using Vrm.Cli.Tests.C.NativeGen;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// vrm's sequential C semantics against the machine's: random single-threaded programs without undefined behaviour
/// (<see cref="ProgramGenerator"/>: every integer type, promotions and conversions, wrapped signed arithmetic, shifts,
/// division, short circuits with side effects, arrays, structs with bit-fields passed and returned by value, the
/// union, pointers, switch, loops, function pointers, static locals, memcpy/memset, the bit and overflow builtins)
/// fold what they compute into a checksum. clang-14 -O0 builds and runs each natively; vrm must then find that
/// <c>vrm_assert(crc == the native value)</c> holds. Skipped, saying why, where clang-14 cannot build and run a
/// native program; a seed whose native build or run fails fails.
/// </summary>
public sealed class NativeDifferentialTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-native-");

    public void Dispose() => dir.Delete(recursive: true);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 36)];

    [NativeClangTheory]
    [MemberData(nameof(Seeds))]
    public void VrmAgreesWithTheNativeRun(int seed)
    {
        var program = new ProgramGenerator(seed);
        string native = Path.Combine(dir.FullName, $"native{seed}.c");
        File.WriteAllText(native, program.Source(expected: null));
        var (code, output) = NativeClang.BuildAndRun(native, Path.Combine(dir.FullName, $"native{seed}"));
        Assert.True(code == 0 && ulong.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _), $"native run of seed {seed}: exit {code}\n{output}");
        ulong expected = ulong.Parse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        string path = Path.Combine(dir.FullName, $"p{seed}.c");
        string source = program.Source(expected);
        File.WriteAllText(path, source);
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 0 && r.Verdict == "ok", $"{source}\n{r}");
    }
}

/// <summary>Builds and runs a C file with the host's clang-14, as the machine computes it.</summary>
internal static class NativeClang
{
    /// <summary>Why native programs cannot run here, or null when they can (a probe program is built and run once).</summary>
    public static string? Unavailable => Probe.Value;

    private static readonly Lazy<string?> Probe = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("vrm-native-probe-");
        try
        {
            string c = Path.Combine(folder.FullName, "probe.c");
            File.WriteAllText(c, "int printf(const char *, ...);\nint main(void) { printf(\"%llu\\n\", 6ULL * 7); return 0; }\n");
            var (code, output) = BuildAndRun(c, Path.Combine(folder.FullName, "probe"));
            return code == 0 && output.Trim() == "42" ? null : $"clang-14 cannot build and run a native program here (exit {code}: {output.Trim()})";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"clang-14 cannot build and run a native program here ({e.Message})";
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    });

    /// <summary>clang-14 -O0 with AArch64's unsigned plain char; the exit code and output (the compiler's on failure).</summary>
    public static (int Code, string Output) BuildAndRun(string source, string exe)
    {
        var (built, messages) = Run("clang-14", ["-O0", "-w", "-funsigned-char", source, "-o", exe]);
        if (built != 0)
        {
            return (built, messages);
        }
        return Run(exe, []);
    }

    private static (int Code, string Output) Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish in 30 s");
        }
        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }
}

/// <summary>A theory that runs native programs: reported as skipped, with the reason, where clang-14 cannot build and run one.</summary>
public sealed class NativeClangTheoryAttribute : TheoryAttribute
{
    public NativeClangTheoryAttribute()
    {
        if (NativeClang.Unavailable is { } why)
        {
            Skip = why;
        }
    }
}
