using Vrm.Explore.Stepping;
using Vrm.Models.Executions;
using Vrm.Programs;

namespace Vrm.Explore.Traces;

/// <summary>
/// The state of one thread part-way through a path: register values with the reads they depend on (strict
/// and pick taint), the events so far, and what forwarding and exclusives need. Cloned at each choice.
/// </summary>
internal sealed class ThreadState : ThreadControl, IRegisters<(ulong Strict, ulong Pick)>
{

    public long[] Val = [];
    public ulong[] Taint = [];
    public ulong[] PickDeps = [];
    public List<Event> Events = [];

    /// <summary>For each event, what reaches it through dtrm and pick-dtrm, so later forwarded reads inherit it.</summary>
    public List<(ulong Strict, ulong Pick)> Reach = [];

    public int[] LastWrite = [];
    public int Instances;
    public ulong CtrlTaint, CtrlPick;
    /// <summary>
    /// What the last load-exclusive reserved (herd's ResAddr, a physical address): its location and the
    /// address's offset in the page, or none.
    /// </summary>
    public (int Loc, long Offset)? Reserved;
    public int ReservedSize;
    public int LastExclusive = -1;
    public int Writes;

    /// <summary>Where the events of the current iteration of the innermost loop start, and those of the one before (at its back jump).</summary>
    public int IterationStart, LastIterationStart;

    /// <summary>The location the current access translated to, or -1 (page-table programs).</summary>
    public int Translated = -1;


    public ThreadState Clone() => new()
    {
        Val = (long[])Val.Clone(),
        Taint = (ulong[])Taint.Clone(),
        PickDeps = (ulong[])PickDeps.Clone(),
        Events = [.. Events],
        Reach = [.. Reach],
        LastWrite = (int[])LastWrite.Clone(),
        LoopCount = (int[])LoopCount.Clone(),
        Pc = Pc,
        Instances = Instances,
        CtrlTaint = CtrlTaint,
        CtrlPick = CtrlPick,
        Reserved = Reserved,
        ReservedSize = ReservedSize,
        LastExclusive = LastExclusive,
        Writes = Writes,
        IterationStart = IterationStart,
        LastIterationStart = LastIterationStart,
        InHandler = InHandler,
        Elr = Elr,
        Translated = Translated,
        Faults = [.. Faults],
        Vmid = Vmid,
        Asid = Asid,
    };

    public void Set(int reg, long value, ulong taint, ulong pick, bool wide)
    {
        if (reg is Reg.Zero or Reg.None)
        {
            return;
        }
        Val[reg] = wide ? value : (long)(uint)value;
        Taint[reg] = taint;
        PickDeps[reg] = pick | taint;
    }

    public long Get(int reg) => reg == Reg.Zero ? 0 : Val[reg];

    public ulong TaintOf(int reg) => reg is Reg.Zero or Reg.None ? 0 : Taint[reg];

    public ulong PickOf(int reg) => reg is Reg.Zero or Reg.None ? 0 : PickDeps[reg];

    public (ulong Strict, ulong Pick) Dep(int reg) => (TaintOf(reg), PickOf(reg));

    public void Set(int reg, long value, (ulong Strict, ulong Pick) dep, bool wide) => Set(reg, value, dep.Strict, dep.Pick, wide);

    public (ulong Strict, ulong Pick) Join((ulong Strict, ulong Pick) a, (ulong Strict, ulong Pick) b) => (a.Strict | b.Strict, a.Pick | b.Pick);

    public (ulong Strict, ulong Pick) Pick((ulong Strict, ulong Pick) source, (ulong Strict, ulong Pick) flags) => (source.Strict, source.Pick | flags.Pick);

    public void Control((ulong Strict, ulong Pick) dep)
    {
        CtrlTaint |= dep.Strict;
        CtrlPick |= dep.Pick;
    }
}
