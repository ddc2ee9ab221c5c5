using Vrm.Programs;

namespace Vrm.Models.Executions;

/// <summary>
/// Reads and writes are memory events; fences order; a fault is herd's MMU <c>Fault</c> effect of an access that
/// failed translation; a TLBI is a TLB invalidation (page-table programs only).
/// </summary>
public enum EventKind : byte { Read, Write, Fence, Fault, Tlbi }

/// <summary>Annotations of an event as the Arm model's sets name them.</summary>
[Flags]
public enum EventFlags : ushort
{
    None = 0,

    /// <summary>A: LDAR, LDAXR and the A forms of atomics.</summary>
    Acquire = 1,

    /// <summary>Q: LDAPR.</summary>
    AcquirePC = 2,

    /// <summary>L: STLR, STLXR and the L forms of atomics.</summary>
    Release = 4,

    /// <summary>EX: the accesses of load/store-exclusive instructions.</summary>
    Exclusive = 8,

    /// <summary>X: the read and write of a single atomic instruction (SWP, LDADD, successful CAS).</summary>
    Atomic = 16,

    /// <summary>NoRet: an atomic whose result register is the zero register.</summary>
    NoRet = 32,

    /// <summary>IW: an initial write.</summary>
    Init = 64,

    /// <summary>
    /// Imp &amp; TTD: a translation-table walk's read of a page-table entry, or its hardware update (HU) of the
    /// access flag or dirty bit. Events without it are explicit (Exp).
    /// </summary>
    Implicit = 128,

    /// <summary>A fault taken to the thread's handler: herd's EXC-ENTRY, which is context-synchronising (IFB).</summary>
    Handled = 256,

    /// <summary>A TLBI followed in program order by a DSB of the full kind, which completes it (herd's C_TLBI).</summary>
    Completed = 512,
}

/// <summary>
/// One event of a thread's trace. Dependency sets are bit sets over the indices of the trace's events
/// (reads only): which reads reach this event's address, data, or a conditional branch before it, following
/// herd's <c>dtrm</c> (strict) and <c>pick-dtrm</c> (which also follows the intra-instruction control of
/// CSEL and CAS).
/// </summary>
public sealed record Event
{
    public EventKind Kind { get; init; }

    public EventFlags Flags { get; init; }

    public FenceKind Fence { get; init; }

    public int Loc { get; init; } = -1;

    public long Value { get; init; }

    /// <summary>Which dynamic instruction made the event; events of one instruction share it (herd's same-instance).</summary>
    public int Instance { get; init; }

    /// <summary>The IR instruction, for reports and pictures.</summary>
    public Instr? Instr { get; init; }

    public ulong Addr { get; init; }

    public ulong Data { get; init; }

    public ulong Ctrl { get; init; }

    public ulong PickAddr { get; init; }

    public ulong PickData { get; init; }

    public ulong PickCtrl { get; init; }

    /// <summary>Every read that reaches this event through pick-dtrm (address, data, forwarding): herd's pick-basic-dep.</summary>
    public ulong PickIn { get; init; }

    /// <summary>For a read, the po-earlier write of the same thread it forwards from in herd's lmrs, or -1.</summary>
    public int Lmrs { get; init; } = -1;

    /// <summary>
    /// Page-table programs: the virtual page (address &gt;&gt; 12) a walk translates, or a TLBI invalidates (-1: every
    /// page). TLBIs are scoped by page, not by entry: entries of upper levels are shared between pages.
    /// </summary>
    public long Page { get; init; } = -1;

    /// <summary>
    /// The VMID of a stage-2 walk (a thread in a virtual machine), 0 for a stage-1 walk; for a TLBI, the VMID
    /// its CPU's VTTBR_EL2 holds, which the stage-2 forms invalidate.
    /// </summary>
    public int Vmid { get; init; }

    /// <summary>The ASID of a stage-1 walk (its CPU's TTBR0_EL1), or the ASID a TLBI by ASID names.</summary>
    public int Asid { get; init; }

    /// <summary>
    /// A TLBI that invalidates this walk: of its stage (<see cref="TlbiOp.CoversStage"/>), its page (or all),
    /// and of the last level only when the walk reads a last-level entry.
    /// </summary>
    public bool Invalidates(Event walk, bool leaf)
    {
        if (Kind != EventKind.Tlbi)
        {
            return false;
        }
        var target = Instr?.Tlbi.Target ?? TlbiTarget.All;
        bool global = walk.Vmid != 0 || !leaf || !Pte.Decode(walk.Value).Ng;
        return TlbiOp.CoversStage(target, Vmid, walk.Vmid) && TlbiOp.CoversAsid(target, Asid, walk.Asid, global)
            && (Page == -1 || Page == walk.Page) && (leaf || Instr is not { Tlbi.LastLevel: true });
    }

    /// <summary>For the read of an rmw (amo or exclusive pair), the index of its write; -1 otherwise.</summary>
    public int RmwWrite { get; init; } = -1;

    public bool IsRead => Kind == EventKind.Read;

    public bool IsWrite => Kind == EventKind.Write;

    public bool IsMemory => Kind is EventKind.Read or EventKind.Write;

    /// <summary>Events that take part in ordered-before: memory, fault and TLBI events (everything but fences).</summary>
    public bool IsOrdered => Kind != EventKind.Fence;

    /// <summary>Exp: an explicit memory access, not a translation-table walk.</summary>
    public bool IsExplicit => IsMemory && (Flags & EventFlags.Implicit) == 0;

    /// <summary>Imp &amp; TTD &amp; R: a translation-table walk's read.</summary>
    public bool IsWalk => Kind == EventKind.Read && (Flags & EventFlags.Implicit) != 0;

    /// <summary>HU: a hardware update of a page-table entry.</summary>
    public bool IsUpdate => Kind == EventKind.Write && (Flags & EventFlags.Implicit) != 0;

    public bool Has(EventFlags f) => (Flags & f) != 0;
}
