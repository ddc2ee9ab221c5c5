using Vrm.Explore.Stepping;
using Vrm.Models.Executions;
using Vrm.Programs;

namespace Vrm.Explore.Traces;

/// <summary>
/// Page-table programs (herd's <c>-variant vmsa</c>): every access to a virtual address first reads the
/// page-table entry (a walk, <c>Imp &amp; TTD &amp; R</c>); the entry read decides between a fault and the access
/// to the physical page it maps, possibly with a hardware update of its access flag or dirty bit (HU).
/// </summary>
internal sealed partial class TraceEnumerator
{
    private bool El0 => Program.Vmsa!.El0Threads.Contains(thread);

    private HardwareUpdate Updates => VmsaWalk.UpdatesOf(Program.Vmsa!, thread);

    /// <summary>
    /// Translates the access <paramref name="ins"/> is about to make and runs it on each outcome: once per
    /// entry value the walk may read. Accesses to physical addresses and entries are not translated (from
    /// EL0 they fault).
    /// </summary>
    protected override void Translate(ThreadState s, Instr ins)
    {
        var (address, (addrT, addrP)) = Addressing.Effective(s, ins);
        var start = VmsaWalk.Start(Program, thread, ins, address, El0 && !s.InHandler);
        if (start.Variable is null)
        {
            if (start.El0Fault)
            {
                // User code may not touch physical memory or the page tables directly.
                TakeFault(s, ins, start.Direct, FaultKind.Permission, el0: true);
                return;
            }
            s.Translated = start.Direct;
            Execute(s);
            return;
        }
        Walk(s, ins, start.Variable, address, ins.Op != Opcode.Load, start.Level, start.EntryAddress, addrT, addrP, start.Vmid);
    }

    /// <summary>
    /// One level of the walk: a read of the entry at <paramref name="entryAddress"/>, once per value it may have.
    /// A table entry (levels 0–2) that is invalid faults, else leads to the next level's entry in the table it
    /// maps; the level-3 entry (or, for a VM, its stage-2 entry) decides the access, as herd's single-level
    /// walk does.
    /// </summary>
    private void Walk(ThreadState s, Instr ins, VmsaVariable variable, long address, bool write, int level, long entryAddress, ulong addrT, ulong addrP, int vmid)
    {
        int entryLoc = VmsaWalk.EntryLoc(Program, ins, level, entryAddress);
        long offset = address - variable.VirtualAddress;
        var values = domain[entryLoc];
        for (int i = 0; i < values.Count; i++)
        {
            var b = i == values.Count - 1 ? s : s.Clone();
            long value = values[i];
            bool updates = level == 3 && vmid == 0 && Updates != HardwareUpdate.None;
            var walkFlags = EventFlags.Implicit | (updates ? EventFlags.Atomic : 0);
            int walk = AddEvent(b, Access(b, ins, EventKind.Read, walkFlags, entryLoc, value, addrT, addrP) with { Page = address >> 12, Vmid = vmid, Asid = vmid == 0 ? b.Asid : 0 }, 0, 0);
            var (pte, fault) = VmsaWalk.Classify(value, level, vmid > 0, write, Updates, El0 && !b.InHandler);
            if (fault is { } kind)
            {
                TakeFault(b, ins, variable.DataLoc, kind, el0: false);
                continue;
            }
            if (level < 3)
            {
                Walk(b, ins, variable, address, write, level + 1, VmsaWalk.NextEntry(pte, address, level), addrT, addrP, 0);
                continue;
            }
            int loc = VmsaWalk.Target(Program, ins, pte, offset);
            if (updates && Pte.Update(pte, write, Updates) is { } updated)
            {
                var hu = Access(b, ins, EventKind.Write, EventFlags.Implicit | EventFlags.Atomic, entryLoc, updated, addrT, addrP);
                int w = AddEvent(b, hu, 0, 0);
                b.Events[walk] = b.Events[walk] with { RmwWrite = w };
                Written[entryLoc].Add(updated);
                b.Writes++;
            }
            b.Translated = loc;
            Execute(b);
        }
    }

    /// <summary>The access faults: a fault event (after the walk that read the entry), then what the stepper says comes next.</summary>
    private void TakeFault(ThreadState s, Instr ins, int loc, FaultKind kind, bool el0)
    {
        var e = new Event
        {
            Kind = EventKind.Fault,
            Flags = Handles(s) ? EventFlags.Handled : EventFlags.None,
            Loc = loc,
            Value = FaultValue.Encode(loc, kind, el0),
            Instance = s.Instances,
            Instr = ins,
            Ctrl = s.CtrlTaint,
            PickCtrl = s.CtrlPick,
        };
        AddEvent(s, e, 0, 0);
        s.Instances++;
        if (EnterFault(s, loc, kind, el0) != FaultOutcome.Stopped)
        {
            Execute(s);
        }
    }

    /// <summary>A TLBI: an event for the entry of the page in Rn (VA &gt;&gt; 12), or for every entry.</summary>
    protected override Flow Tlbi(ThreadState s, Instr ins)
    {
        int loc = -1;
        long pageNumber = -1;
        int asid = 0;
        ulong addrT = 0, addrP = 0;
        if (ins.Tlbi.TakesAddress)
        {
            (long page, asid) = TlbiOp.Operand(s.Get(ins.Rn));
            // A page that holds no variable (herd reads the register as it is) invalidates no entry of the test.
            var vmsa = Program.Vmsa!;
            int v = VmsaWalk.VariableOfPage(vmsa, page);
            loc = v >= 0 ? vmsa.Variables[v].PteLoc : VmsaWalk.NoEntry;
            pageNumber = ins.Tlbi.Target == TlbiTarget.Asid ? -1 : page;
            (addrT, addrP) = s.Dep(ins.Rn);
        }
        AddEvent(s, new Event { Kind = EventKind.Tlbi, Loc = loc, Page = pageNumber, Vmid = s.Vmid, Asid = asid, Instance = s.Instances, Instr = ins, Addr = addrT, PickAddr = addrP, Ctrl = s.CtrlTaint, PickCtrl = s.CtrlPick }, 0, 0);
        return Next(s);
    }

    /// <summary>An exception return is context-synchronising: an ISB event.</summary>
    protected override void ExceptionReturn(ThreadState s, Instr ins)
    {
        AddEvent(s, new Event { Kind = EventKind.Fence, Fence = FenceKind.Isb, Instance = s.Instances, Instr = ins, Ctrl = s.CtrlTaint, PickCtrl = s.CtrlPick }, 0, 0);
        s.Instances++;
    }

    /// <summary>Marks the TLBIs a later full DSB completes (herd's <c>C_TLBI</c>): only those order walks.</summary>
    private static Event[] CompleteTlbis(List<Event> events)
    {
        var result = events.ToArray();
        bool dsbLater = false;
        for (int i = result.Length - 1; i >= 0; i--)
        {
            if (result[i].Kind == EventKind.Fence && result[i].Fence == FenceKind.DsbFull)
            {
                dsbLater = true;
            }
            else if (result[i].Kind == EventKind.Tlbi && dsbLater)
            {
                result[i] = result[i] with { Flags = result[i].Flags | EventFlags.Completed };
            }
        }
        return result;
    }
}
