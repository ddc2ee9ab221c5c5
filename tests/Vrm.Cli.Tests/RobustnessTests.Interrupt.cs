using System.Runtime.InteropServices;
using Xunit;

namespace Vrm.Cli.Tests;

/// <summary>Ctrl-C on a real vrm process: what finished is printed, a line says the run was interrupted, exit 130.</summary>
public sealed partial class RobustnessTests
{
    private const int SigInt = 2;

    [SigIntFact]
    public async Task CtrlCPrintsWhatFinishedAndExits130()
    {
        Write("suite/A-MP.litmus", Mp);
        // Three threads spinning on a ticket lock: minutes under SC (README, "Our kernel-lock tests").
        File.Copy(Repo.Examples("locks", "TICKET-3.litmus"), Path.Combine(dir, "suite", "Z-TICKET-3.litmus"));
        using var vrm = Start("litmus", "--model", "sc", "--jobs", "1", Path.Combine(dir, "suite"));
        try
        {
            var stdout = vrm.StandardOutput.ReadToEndAsync();
            var stderr = vrm.StandardError.ReadToEndAsync();
            // MP takes milliseconds; the lock test then runs until the signal.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(vrm.HasExited, "the run ended before it was interrupted");
            Assert.Equal(0, Kill(vrm.Id, SigInt));
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await vrm.WaitForExitAsync(bound.Token);
            Assert.Equal(130, vrm.ExitCode);
            Assert.Contains("Observation MP Never 0 3\n", await stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("TICKET", await stdout, StringComparison.Ordinal);
            Assert.Equal("vrm: interrupted: 1 of 2 tests finished and are shown\n", await stderr);
        }
        finally
        {
            if (!vrm.HasExited)
            {
                vrm.Kill();
            }
        }
    }

    /// <summary>
    /// A test that sends SIGINT to a vrm it starts: skipped, visibly, where that cannot work — on Windows, and in a
    /// process that ignores SIGINT (a background job of a script), whose children keep it ignored as they should.
    /// </summary>
    private sealed class SigIntFactAttribute : FactAttribute
    {
        public SigIntFactAttribute()
        {
            if (!OperatingSystem.IsLinux())
            {
                Skip = "sends a POSIX signal and reads /proc: Linux only";
            }
            else if (SigIntIgnored())
            {
                Skip = "this test process ignores SIGINT (started in the background of a script?), so the vrm it starts would too";
            }
        }

        private static bool SigIntIgnored()
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0;
        }
    }

    /// <summary>kill(2): the signal itself, as a terminal's Ctrl-C sends it.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
