using Vrm.Programs;

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

    /// <summary>
    /// The unrolling bound ended this path: its events are a prefix, not a final state. A consistent candidate
    /// with such a prefix shows that some execution really reaches the bound; a path that is cut only with read
    /// values no consistent execution gives does not make the result incomplete.
    /// </summary>
    public bool Cut { get; init; }

    /// <summary>
    /// The path stops in an await loop at <see cref="BlockedAt"/> (its back jump): a prefix too, of an execution where
    /// the thread spins there for ever if the last iteration (its events from <see cref="IterationStart"/> on) read
    /// the final value of everything it read.
    /// </summary>
    public bool Blocked { get; init; }

    public int IterationStart { get; init; }

    public Instr? BlockedAt { get; init; }

    /// <summary>The MMU faults the path took, in program order (page-table programs).</summary>
    public IReadOnlyList<TakenFault> Faults { get; init; } = [];

    /// <summary>
    /// Indices into <see cref="Events"/> of the events that take part in ordered-before, in program order:
    /// memory events, and in a page-table program also faults and TLBIs (everything but fences).
    /// </summary>
    public int[] Memory { get; } = [.. Enumerable.Range(0, events.Length).Where(i => events[i].IsOrdered)];

    /// <summary>Arm's local-hw-reqs over <see cref="Memory"/> positions, computed once per trace.</summary>
    public ulong[]? LocalOrder { get; set; }

    /// <summary>For each <see cref="Memory"/> position of a TLBI, what DSB-ob and IFB-ob order after it; computed with <see cref="LocalOrder"/>.</summary>
    public ulong[]? TlbiOrder { get; set; }

    /// <summary>The value of a fault observable: the first fault of this path that matches the atom, encoded, or 0.</summary>
    public long FaultValue(FaultAtom atom) => atom.ValueIn(Faults);
}
