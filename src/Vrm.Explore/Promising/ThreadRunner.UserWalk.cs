using Vrm.Explore.Stepping;
using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore.Promising;

/// <summary>
/// A C program's user/VM accesses (<c>vrm_user_load/vrm_user_store</c> through a <c>VRM_ROOT</c> table) under
/// Promising-Arm with an MMU, by the rules of page-table litmus tests (ThreadRunner.Mmu.cs): each level of the
/// walk reads any message of its entry the TLB may still hold, a faulting entry only as the newest at or below
/// the walk's view (it is never cached), and the TLBIs the read does not respect bound the access below them.
/// </summary>
/// <remarks>
/// C has no VTTBR_EL2 or ASID registers, so the tags are fixed: every VM's walks carry <see cref="UserVmid"/>,
/// every user process's ASID 0, and a C TLBI is issued with both. A TLBI thus covers its page (or every page)
/// for every VM and process: it may invalidate more than the hardware would, never less. The search can then
/// miss an Arm-only outcome that a TLBI of the wrong VMID/ASID would allow, but what it finds is allowed.
/// </remarks>
internal sealed partial class ThreadRunner
{
    /// <summary>The VMID of every VM's walks and every C TLBI (0 tags stage 1, as in litmus tests).</summary>
    private const int UserVmid = 1;

    /// <summary>A walk's page when no message can name it (above <see cref="TlbiMessage.MaxPage"/>): only TLBIs of all pages cover it.</summary>
    private const int UnnamedPage = int.MaxValue;

    private const long PageOffset = 0xFFF;

    /// <summary>The nG bit of a stage-1 leaf: the entry belongs to one ASID.</summary>
    private const long NotGlobal = 1L << 11;

    /// <summary>
    /// One user/VM walk: the access, its address, the page a TLBI names, the VMID tag (0: a stage-1 walk), the
    /// address's view, and the horizon of earlier walks at the same page offset (see <see cref="PromisingThreadState.Horizon"/>).
    /// </summary>
    private sealed record UserWalk(Instr Ins, long Address, int Page, int Vmid, View Vaddr, int Horizon);

    private void TranslateUser(PromisingThreadState s, Instr ins)
    {
        var root = Program.Kernel!.Roots[ins.Root];
        var (address, vaddr) = Addressing.Effective(s, ins);
        long page = (long)((ulong)address >> 12);
        int horizon = s.Horizon.Where(h => h.Offset == (address & PageOffset)).Select(h => h.Pre).DefaultIfEmpty(0).Max();
        var w = new UserWalk(ins, address, page <= TlbiMessage.MaxPage ? (int)page : UnnamedPage, root.Kind == RootKind.Vm ? UserVmid : 0, vaddr, horizon);
        UserWalkLevel(s, w, root.StartLevel, root.Table, s.L.WalkPre(vaddr), int.MaxValue);
    }

    /// <summary>One level of a user walk, once per message of its entry it may read (see <see cref="Walk"/>).</summary>
    private void UserWalkLevel(PromisingThreadState s, UserWalk w, int level, long table, int pre, int bound)
    {
        int entryLoc = VmsaWalk.UserEntryLoc(Program, table, w.Address, level);
        if (entryLoc < 0)
        {
            // The entry lies in no memory of the program: a fault, as under SC, with no read.
            UserFault(s, w, w.Vaddr.Join(View.At(pre)), bound);
            return;
        }
        for (int ts = 0; ts <= mem.Count; ts++)
        {
            if (ts > 0 && (mem[ts].Loc != entryLoc || OwnPromise(s, ts)))
            {
                continue;
            }
            long value = mem.ValueAt(entryLoc, ts);
            var step = VmsaWalk.UserEntry(Program, value, w.Address, level);
            // A faulting entry is never cached (herd's TLBUncacheable): the walk reads it from memory.
            if (step.Fault && ts < mem.LatestAtOrBelow(entryLoc, pre))
            {
                continue;
            }
            bool leaf = step.Leaf || level == 3;
            bool global = w.Vmid != 0 || !step.Leaf || (value & NotGlobal) == 0;
            if (mem.TlbiBound(TlbiLoc, tid, entryLoc, w.Page, leaf, w.Vmid, 0, global, ts, pre, step.Fault ? pre : Math.Max(pre, w.Horizon)) is not int levelBound)
            {
                continue;
            }
            var b = s.Clone();
            var post = b.L.Walk(pre, ts);
            b.ReadOld |= ts < mem.LatestAtOrBelow(entryLoc, mem.Count);
            int both = Math.Min(bound, levelBound);
            if (step.Fault)
            {
                UserFault(b, w, w.Vaddr.Join(post), both);
            }
            else if (!step.Leaf)
            {
                // The next level's address comes from this entry: its read is ordered after this one.
                UserWalkLevel(b, w, level + 1, step.NextTable, post.S, both);
            }
            else
            {
                b.Translated = step.Target;
                b.WalkView = post;
                b.AccessBound = both;
                // As in litmus tests: a later walk at the same page offset is ordered as if after what this walk saw.
                long offset = w.Address & PageOffset;
                b.Horizon = [.. b.Horizon.Where(h => h.Offset != offset), (offset, Math.Max(post.S, w.Horizon))];
                Explore(b);
            }
        }
    }

    /// <summary>
    /// A user/VM access that does not translate makes no access: a load gives 0 and the thread goes on, as under
    /// SC (the kernel handles the fault). Like a litmus fault it comes before the TLBIs its walk did not respect.
    /// </summary>
    private void UserFault(PromisingThreadState s, UserWalk w, View deps, int bound)
    {
        if (s.L.FaultPre(deps) >= bound)
        {
            return;
        }
        if (w.Ins.Op == Opcode.Load)
        {
            s.Set(w.Ins.Rd, 0, deps, w.Ins.Wide);
        }
        Next(s);
        Explore(s);
    }

    /// <summary>
    /// A C TLBI: a message naming the page its register holds (<c>va &gt;&gt; 12</c>, as the walks name theirs), or
    /// every page, tagged so that it covers every VM and process (see the class remarks).
    /// </summary>
    private Flow UserTlbi(PromisingThreadState s, Instr ins)
    {
        int page = TlbiMessage.All;
        var vaddr = View.Bot;
        if (ins.Tlbi.TakesAddress)
        {
            vaddr = s.ViewOf(ins.Rn);
            long named = TlbiOp.Operand(s.Get(ins.Rn)).Page;
            if (ins.Tlbi.Target != TlbiTarget.Asid)
            {
                page = named <= TlbiMessage.MaxPage ? (int)named
                    : throw VmsaWalk.Unsupported(Program, ins, $"unsupported: '{ins.Text}' names page 0x{named:x}; --model promising models TLBIs of pages up to 0x{TlbiMessage.MaxPage:x} (addresses below 8 GiB)");
            }
        }
        return TlbiMessages(s, ins, page, UserVmid, 0, vaddr);
    }
}
