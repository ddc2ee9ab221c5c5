using System.Diagnostics;
using Vrm.Models;

namespace Vrm.Explore;

/// <summary>
/// The time and memory a search may take and the user's cancellation, checked at the search's own
/// checkpoints: a timer on a busy thread pool can fire late, a clock read cannot.
/// </summary>
public sealed class Budget
{
    private readonly CancellationToken cancel;
    private readonly long deadline;
    private readonly long maxMemory;
    private long nextMemoryCheck;
    private long nextCollection;
    private readonly long maxSteps;
    private long steps;

    /// <param name="maxMemory">Bytes of managed memory the whole process may hold (null: <see cref="DefaultMaxMemory"/>).</param>
    /// <param name="maxSteps">Steps the whole search may take, over all its workers (null: no bound); see <see cref="Spend"/>.</param>
    public Budget(CancellationToken cancel, TimeSpan? timeout, long? maxMemory = null, long? maxSteps = null)
    {
        this.cancel = cancel;
        Timeout = timeout;
        deadline = timeout is { } t ? Deadline(t) : long.MaxValue;
        this.maxMemory = maxMemory ?? DefaultMaxMemory;
        this.maxSteps = maxSteps ?? long.MaxValue;
    }

    /// <summary>
    /// Counts <paramref name="n"/> steps against the allowance: a bound that, unlike time, stops a search at the
    /// same point on every machine, so a report that hit it reads the same everywhere.
    /// </summary>
    public void Spend(long n)
    {
        if (maxSteps != long.MaxValue && Interlocked.Add(ref steps, n) > maxSteps)
        {
            throw new ExplorationLimitException($"more than {maxSteps} thread steps");
        }
    }

    public TimeSpan? Timeout { get; }

    /// <summary>The steps spent so far; counted only under a step bound (0 without one).</summary>
    public long Steps => Interlocked.Read(ref steps);

    /// <summary>
    /// Three quarters of the memory the process may use (the machine's, or its container's limit): a search
    /// that would need more ends incomplete before the system starts swapping or kills it.
    /// </summary>
    public static long DefaultMaxMemory => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;

    private static readonly long MemoryCheckInterval = Stopwatch.Frequency / 50;

    private static long Deadline(TimeSpan t)
    {
        double ticks = t.TotalSeconds * Stopwatch.Frequency;
        long now = Stopwatch.GetTimestamp();
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
    }

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> on cancellation, <see cref="TimeoutException"/> past the
    /// deadline, and <see cref="ExplorationLimitException"/> when the process holds more memory than allowed.
    /// </summary>
    public void Check()
    {
        cancel.ThrowIfCancellationRequested();
        long now = Stopwatch.GetTimestamp();
        if (now > deadline)
        {
            throw new TimeoutException();
        }
        // Reading the heap size costs more than a clock read: a few times a second is enough to stop in time.
        if (now >= Volatile.Read(ref nextMemoryCheck))
        {
            Volatile.Write(ref nextMemoryCheck, now + MemoryCheckInterval);
            CheckMemory(now);
        }
    }

    private void CheckMemory(long now)
    {
        if (GC.GetTotalMemory(forceFullCollection: false) <= maxMemory)
        {
            return;
        }
        // The heap may hold garbage not yet collected: only a collection tells whether the search needs the
        // memory. Collect at most once a second, so that a search near its ceiling does not spend its time there.
        if (now >= Volatile.Read(ref nextCollection))
        {
            Volatile.Write(ref nextCollection, now + Stopwatch.Frequency);
            if (GC.GetTotalMemory(forceFullCollection: true) <= maxMemory)
            {
                return;
            }
        }
        else if (GC.GetGCMemoryInfo().HeapSizeBytes <= maxMemory)
        {
            return;
        }
        throw new ExplorationLimitException(MemoryMessage(maxMemory));
    }

    /// <summary>The incomplete reason for a search stopped at its memory ceiling.</summary>
    public static string MemoryMessage(long bytes) => $"memory: the process held more than {bytes >> 20} MB (--max-memory)";

    public string TimeoutMessage => $"timeout after {Timeout?.TotalSeconds ?? 0:0.######} s";
}
