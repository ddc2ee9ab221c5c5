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
    /// <summary>The location of a TLBI by address whose page holds no variable: it matches no walk.</summary>
    public const int NoEntry = -2;

    private Instr[] Code(ThreadState s) => s.InHandler ? code.FaultHandler!.Code : code.Code;

    private bool El0 => program.Vmsa!.El0Threads.Contains(thread);

    private HardwareUpdate Updates => program.Vmsa!.Updates.Count > thread ? program.Vmsa.Updates[thread] : HardwareUpdate.None;

    /// <summary>
    /// Translates the access <paramref name="ins"/> is about to make and runs it on each outcome: once per
    /// entry value the walk may read. Accesses to physical addresses and entries are not translated (from
    /// EL0 they fault).
    /// </summary>
    private void Translate(ThreadState s, Instr ins)
    {
        var (address, addrT, addrP) = EffectiveAddress(s, ins);
        bool write = ins.Op != Opcode.Load;
        var vmsa = program.Vmsa!;
        var variable = vmsa.ByVirtualAddress(address);
        if (variable is null)
        {
            int loc = program.LocationAt(address);
            if (loc < 0)
            {
                throw Unsupported(ins, $"unsupported: '{ins.Text}' accesses {program.DescribeAddress(address)}, which is no variable, physical page or page-table entry of the test");
            }
            if (El0 && !s.InHandler)
            {
                // User code may not touch physical memory or the page tables directly.
                TakeFault(s, ins, loc, FaultKind.Permission, el0: true);
                return;
            }
            s.Translated = loc;
            Explore(s);
            return;
        }
        if (vmsa.VmidOf(thread) is int vmid and > 0)
        {
            // A thread in a virtual machine: its address is an IPA (the guest's stage 1 is off), translated by its
            // VM's stage-2 entry alone, whose read is a walk tagged with the VMID.
            Walk(s, ins, variable, address, write, 3, program.AddressOf(variable.Stage2Locs[vmid]), addrT, addrP, vmid);
            return;
        }
        int first = vmsa.FirstLevel;
        Walk(s, ins, variable, address, write, first, VmsaInfo.TableBase(first) + (VmsaInfo.Index(address, first) * 8), addrT, addrP);
    }

    /// <summary>
    /// One level of the walk: a read of the entry at <paramref name="entryAddress"/>, once per value it may have.
    /// A table entry (levels 0–2) that is invalid faults, else leads to the next level's entry in the table it
    /// maps; the level-3 entry (or, for a VM, its stage-2 entry) decides the access, as herd's single-level
    /// walk does.
    /// </summary>
    private void Walk(ThreadState s, Instr ins, VmsaVariable variable, long address, bool write, int level, long entryAddress, ulong addrT, ulong addrP, int vmid = 0)
    {
        int entryLoc = program.LocationAt(entryAddress);
        if (entryLoc < 0)
        {
            throw Unsupported(ins, $"unsupported: the walk of '{ins.Text}' reads a level-{level} entry at {entryAddress:x}, which is no entry of the test");
        }
        long offset = address - variable.VirtualAddress;
        var values = domain[entryLoc];
        for (int i = 0; i < values.Count; i++)
        {
            var b = i == values.Count - 1 ? s : s.Clone();
            long entry = values[i];
            bool updates = level == 3 && vmid == 0 && Updates != HardwareUpdate.None;
            var walkFlags = EventFlags.Implicit | (updates ? EventFlags.Atomic : 0);
            int walk = AddEvent(b, Access(b, ins, EventKind.Read, walkFlags, entryLoc, entry, addrT, addrP) with { Page = address >> 12, Vmid = vmid, Asid = vmid == 0 ? b.Asid : 0 }, 0, 0);
            var pte = vmid > 0 ? PteFields.Default(Pte.DecodeStage2(entry).OutputAddress) : Pte.Decode(entry);
            if (level < 3)
            {
                if (!pte.Valid)
                {
                    TakeFault(b, ins, variable.DataLoc, FaultKind.Translation, el0: false);
                    continue;
                }
                Walk(b, ins, variable, address, write, level + 1, pte.OutputAddress + (VmsaInfo.Index(address, level + 1) * 8), addrT, addrP);
                continue;
            }
            var fault = vmid > 0 ? Pte.FaultOfStage2(Pte.DecodeStage2(entry), write) : Pte.FaultOf(pte, write, Updates, El0 && !b.InHandler);
            if (fault is { } kind)
            {
                TakeFault(b, ins, variable.DataLoc, kind, el0: false);
                continue;
            }
            int loc = program.LocationAt(pte.OutputAddress + offset);
            if (loc < 0)
            {
                throw Unsupported(ins, $"unsupported: '{ins.Text}' translates to physical address {pte.OutputAddress + offset:x}, which is no location of the test");
            }
            if (updates && Pte.Update(pte, write, Updates) is { } updated)
            {
                var hu = Access(b, ins, EventKind.Write, EventFlags.Implicit | EventFlags.Atomic, entryLoc, updated, addrT, addrP);
                int w = AddEvent(b, hu, 0, 0);
                b.Events[walk] = b.Events[walk] with { RmwWrite = w };
                Written[entryLoc].Add(updated);
                b.Writes++;
            }
            b.Translated = loc;
            Explore(b);
        }
    }

    /// <summary>
    /// The access faults: a fault event (after the walk that read the entry), ELR_EL1 set to the instruction,
    /// then the thread's handler if it has one; else the thread stops (herd's <c>fatal</c> and <c>precise</c>
    /// faults), or with <c>imprecise</c> faults the instruction is tried again.
    /// </summary>
    private void TakeFault(ThreadState s, Instr ins, int loc, FaultKind kind, bool el0)
    {
        bool handled = code.FaultHandler is not null && !s.InHandler;
        var e = new Event
        {
            Kind = EventKind.Fault,
            Flags = handled ? EventFlags.Handled : EventFlags.None,
            Loc = loc,
            Value = FaultValue.Encode(loc, kind, el0),
            Instance = s.Instances,
            Instr = ins,
            Ctrl = s.CtrlTaint,
            PickCtrl = s.CtrlPick,
        };
        AddEvent(s, e, 0, 0);
        if (!s.InHandler)
        {
            s.Faults.Add(new TakenFault(s.Pc, loc, kind, el0));
        }
        s.Instances++;
        if (!handled && program.Vmsa!.Imprecise)
        {
            // The fault is handled elsewhere and the instruction retried, as a backward jump bounded by the unrolling.
            if (++s.LoopCount[s.Pc] > unroll)
            {
                CutPath(s);
                return;
            }
            Explore(s);
            return;
        }
        if (!handled)
        {
            Finish(s);
            return;
        }
        s.Elr = Program.CodeAddress(thread, s.Pc);
        s.InHandler = true;
        s.Pc = 0;
        Explore(s);
    }

    /// <summary>A TLBI: an event for the entry of the page in Rn (VA &gt;&gt; 12), or for every entry.</summary>
    private void Tlbi(ThreadState s, Instr ins)
    {
        int loc = -1;
        long pageNumber = -1;
        int asid = 0;
        ulong addrT = 0, addrP = 0;
        if (ins.Tlbi.TakesAddress)
        {
            (long page, asid) = TlbiOp.Operand(s.Get(ins.Rn));
            // A page that holds no variable (herd reads the register as it is) invalidates no entry of the test.
            loc = program.Vmsa!.Variables.FirstOrDefault(v => v.VirtualAddress >> 12 == page)?.PteLoc ?? NoEntry;
            pageNumber = ins.Tlbi.Target == TlbiTarget.Asid ? -1 : page;
            (addrT, addrP) = s.Dep(ins.Rn);
        }
        AddEvent(s, new Event { Kind = EventKind.Tlbi, Loc = loc, Page = pageNumber, Vmid = s.Vmid, Asid = asid, Instance = s.Instances, Instr = ins, Addr = addrT, PickAddr = addrP, Ctrl = s.CtrlTaint, PickCtrl = s.CtrlPick }, 0, 0);
    }

    /// <summary>ERET: leaves the handler for the instruction ELR_EL1 names; an exception return is context-synchronising.</summary>
    private bool Eret(ThreadState s, Instr ins)
    {
        AddEvent(s, new Event { Kind = EventKind.Fence, Fence = FenceKind.Isb, Instance = s.Instances, Instr = ins, Ctrl = s.CtrlTaint, PickCtrl = s.CtrlPick }, 0, 0);
        s.Instances++;
        long index = (s.Elr - Program.CodeAddress(thread, 0)) / 4;
        if (!s.InHandler || index < 0 || index > code.Code.Length)
        {
            throw Unsupported(ins, $"unsupported: '{ins.Text}' returns to an address that is no instruction of P{thread}");
        }
        // Returning to the faulting instruction retries it; like a backward jump, that is bounded by the unrolling.
        s.InHandler = false;
        if (index <= FaultedAt(s) && ++s.LoopCount[(int)index] > unroll)
        {
            CutPath(s);
            return false;
        }
        s.Pc = (int)index;
        return true;
    }

    private static int FaultedAt(ThreadState s) => s.Faults.Count == 0 ? -1 : s.Faults[^1].Instr;


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
