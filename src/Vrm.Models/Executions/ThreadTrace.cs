namespace Vrm.Models.Executions;

/// <summary>
/// One path through one thread with a value for every read: its events in program order and its final
/// registers. Models cache what they derive from a trace alone (Arm's locally-ordered-before) on it.
/// </summary>
public sealed class ThreadTrace(int thread, Event[] events, long[] finalRegs)
{
    public int Thread { get; } = thread;

    /// <summary>All events, fences included, in program order.</summary>
    public Event[] Events { get; } = events;

    public long[] FinalRegs { get; } = finalRegs;

    /// <summary>Indices into <see cref="Events"/> of the memory events, in program order.</summary>
    public int[] Memory { get; } = [.. Enumerable.Range(0, events.Length).Where(i => events[i].IsMemory)];

    /// <summary>Arm's local-hw-reqs over <see cref="Memory"/> positions, computed once per trace.</summary>
    public ulong[]? LocalOrder { get; set; }
}
