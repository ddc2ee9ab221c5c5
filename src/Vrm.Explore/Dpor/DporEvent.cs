using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>
/// One executed visible event on the current path: the access with its location and values, the thread's
/// local number of it, and its clock in DPOR's dependency order (which events it must follow).
/// </summary>
internal sealed class DporEvent : IStepView
{
    public required int Thread;
    public required int Template;
    public required int Local;
    public required Instr Instr;
    public required StepKind Kind;
    public int Loc = -1;
    public long Value, Written;
    public bool NonAtomic;

    /// <summary>
    /// In a page-table program, the entry an access to a virtual address read to translate it (a walk, part of
    /// the same atomic step under SC); for an access to a heap block, the block's status (<see cref="HeapInfo"/>);
    /// else -1. The walk is a read of that location for DPOR, but no C access.
    /// </summary>
    public int WalkLoc = -1;

    /// <summary>The event is a faulting access's walk alone: the MMU's read of the entry, which takes part in no data race.</summary>
    public bool WalkOnly;

    /// <summary>
    /// For a user/VM access through a translation root, every entry its walk read, level by level (the last is
    /// <see cref="WalkLoc"/>); null for other events.
    /// </summary>
    public int[]? Path;

    /// <summary>The address the instruction accessed (for a user/VM access, the virtual address before its walk).</summary>
    public long Address;

    /// <summary>What the thread's local code executed after this event, before its next one (recorded only for the wDRF checks).</summary>
    public List<Mark>? Marks;

    /// <summary>True when the event's walk read location <paramref name="loc"/>.</summary>
    public bool WalkReads(int loc) => loc >= 0 && (WalkLoc == loc || (Path is not null && Array.IndexOf(Path, loc) >= 0));

    /// <summary>
    /// For a read that ended an await-loop iteration which changed nothing (its thread blocked), and may commute with
    /// writes that would have left it blocked too (<see cref="SourceDpor"/>'s await reads): the state before it. Else null.
    /// </summary>
    public DporState? Waits;

    /// <summary>For an await read, whether its iteration blocks when it reads a given value of its location (memoised).</summary>
    public Dictionary<long, bool>? BlocksWith;

    /// <summary>For an await read on the current path: the writes of its location before this trace index commute with it; or the first that does not (-1: none).</summary>
    public int CheckedTo, BrokenAt = -1;

    /// <summary>The thread a spawn started or a join waited for.</summary>
    public int Other = -1;
    public int[] Clock = [];

    /// <summary>The thread's C11 happens-before clock right after the access, for the data-race check.</summary>
    public int[] Hb = [];

    public bool Reads => Kind is StepKind.Read or StepKind.Update or StepKind.FailedUpdate;

    public bool Writes => Kind is StepKind.Write or StepKind.Update;

    int IStepView.Thread => Thread;

    int IStepView.Template => Template;

    int IStepView.Local => Local;

    Instr IStepView.Instr => Instr;

    int IStepView.Loc => Loc;

    bool IStepView.NonAtomic => NonAtomic;

    bool IStepView.WalkOnly => WalkOnly;

    IReadOnlyList<int> IStepView.Hb => Hb;

    public TraceStep ToStep() => new(Thread, Template, Instr, Kind, Loc, Value, Written) { Other = Other, Address = Address, Marks = Marks ?? [], WalkOnly = WalkOnly };

    /// <summary>Two events conflict when they touch the same location and one of them writes.</summary>
    public static bool Conflict(int locA, bool writesA, int locB, bool writesB) => locA >= 0 && locA == locB && (writesA || writesB);

    /// <summary>As <see cref="Conflict(int, bool, int, bool)"/>, where each event may also read an entry by its walk.</summary>
    public static bool Conflict(NextAccess a, DporEvent b) =>
        a.Global || b.Kind == StepKind.Exit || Conflict(a.Loc, a.Writes, b.Loc, b.Writes) || (b.Writes && a.WalkReads(b.Loc)) || (a.Writes && b.WalkReads(a.Loc));
}
