using System.Diagnostics;
using System.Numerics;
using Vrm.Programs;
using IrProgram = Vrm.Programs.Program;

namespace Vrm.Bench;

/// <summary>What one brute-force enumeration found.</summary>
public sealed record TraceCount(
    bool Finished,
    string? StopReason,
    long Interleavings,
    long Steps,
    long CompleteInterleavings,
    long CompleteTraces,
    long BlockedTraces,
    long FailedInterleavings,
    string? FirstFailure,
    double Seconds);

/// <summary>
/// Counts the Mazurkiewicz traces of a program under SC by brute force: runs every interleaving of its
/// visible events with <see cref="ScInterpreter"/> and keeps the distinct (rf, co) of the complete ones
/// (every thread finished). The optimum a DPOR can reach (GenMC's execution count) is this number.
/// <para>
/// With <c>memo</c>, a path whose Mazurkiewicz trace was already expanded is not expanded again: equal
/// traces lead to equal SC states with equal futures, so the count is the same, but the work is one
/// expansion per distinct trace prefix instead of one per interleaving. It checks the plain count where
/// both finish and gives one where the plain enumeration is too large.
/// </para>
/// </summary>
public sealed class TraceCounter
{
    private readonly ScInterpreter interp;
    private readonly long maxInterleavings;
    private readonly double maxSeconds;
    private readonly bool memo;
    private readonly Stopwatch clock = new();
    private readonly HashSet<(ulong, ulong)> complete = [];
    private readonly HashSet<(ulong, ulong)> blocked = [];
    private readonly HashSet<(ulong, ulong)> expanded = [];
    private long interleavings, steps, completeRuns, failed;
    private string? firstFailure;

    private TraceCounter(IrProgram program, int unroll, long maxInterleavings, double maxSeconds, bool memo)
    {
        interp = new ScInterpreter(program, unroll);
        this.maxInterleavings = maxInterleavings;
        this.maxSeconds = maxSeconds;
        this.memo = memo;
    }

    private sealed class StopException(string reason) : Exception(reason);

    public static TraceCount Count(IrProgram program, int unroll, long maxInterleavings, double maxSeconds, bool memo)
    {
        var counter = new TraceCounter(program, unroll, maxInterleavings, maxSeconds, memo);
        counter.clock.Start();
        string? stop = null;
        try
        {
            var initial = counter.interp.Initial();
            counter.Explore(initial);
        }
        catch (StopException e)
        {
            stop = e.Message;
        }
        return new TraceCount(stop is null, stop, counter.interleavings, counter.steps, counter.completeRuns,
            counter.complete.Count, counter.blocked.Count, counter.failed, counter.firstFailure, counter.clock.Elapsed.TotalSeconds);
    }

    private void Explore(BfState s)
    {
        if (s.Failure is not null)
        {
            failed++;
            firstFailure ??= s.Failure;
            Leaf();
            return;
        }
        ulong enabled = interp.Enabled(s);
        if (enabled == 0)
        {
            if (s.Threads.TrueForAll(t => t.Status == BfStatus.Finished))
            {
                completeRuns++;
                complete.Add((s.H1, s.H2));
            }
            else
            {
                blocked.Add((s.H1, s.H2));
            }
            Leaf();
            return;
        }
        while (enabled != 0)
        {
            int t = BitOperations.TrailingZeroCount(enabled);
            enabled &= enabled - 1;
            var next = interp.Step(s, t);
            steps++;
            if (memo && !expanded.Add((next.H1, next.H2)))
            {
                continue;
            }
            Explore(next);
        }
    }

    private void Leaf()
    {
        interleavings++;
        if (!memo && interleavings > maxInterleavings)
        {
            throw new StopException($"more than {maxInterleavings:N0} interleavings");
        }
        if ((interleavings & 0xFFF) == 0 && clock.Elapsed.TotalSeconds > maxSeconds)
        {
            throw new StopException($"timeout after {maxSeconds:0} s");
        }
    }
}
