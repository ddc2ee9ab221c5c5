using System.Diagnostics;

namespace Vrm.Explore;

/// <summary>
/// The time a search may take and the user's cancellation, checked at the search's own checkpoints: a
/// timer on a busy thread pool can fire late, a clock read cannot.
/// </summary>
public sealed class Budget(CancellationToken cancel, TimeSpan? timeout)
{
    private readonly long deadline = timeout is { } t ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;

    public TimeSpan? Timeout { get; } = timeout;


    /// <summary>Throws <see cref="OperationCanceledException"/> on cancellation and <see cref="TimeoutException"/> past the deadline.</summary>
    public void Check()
    {
        cancel.ThrowIfCancellationRequested();
        if (Stopwatch.GetTimestamp() > deadline)
        {
            throw new TimeoutException();
        }
    }

    public string TimeoutMessage => $"timeout after {Timeout?.TotalSeconds ?? 0:0.######} s";
}
