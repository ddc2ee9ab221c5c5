using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore.Promising;

/// <summary>
/// Page-table programs under Promising-Arm with an MMU (see Local.Mmu.cs): each access to a virtual address
/// first walks its entry, reading any message of the entry the TLB may still hold; a TLBI is a message that
/// forces the walks ordered after it to see at least the entries it was ordered after.
/// </summary>
internal sealed partial class ThreadRunner
{
    private int TlbiLoc => Program.Locations.Count;

    private bool El0 => Program.Vmsa!.El0Threads.Contains(tid);

    /// <summary>Walks the entry of the access <paramref name="ins"/> is about to make, once per entry it may read.</summary>
    protected override void Translate(PromisingThreadState s, Instr ins)
    {
        if (ins.Root >= 0)
        {
            TranslateUser(s, ins);
            return;
        }
        var (address, vaddr) = Addressing.Effective(s, ins);
        s.Walked = null;
        var start = VmsaWalk.Start(Program, tid, ins, address, El0 && !s.InHandler);
        if (start.Variable is not { } variable)
        {
            if (start.El0Fault)
            {
                // User code may not touch physical memory or the page tables directly.
                TakeFault(s, start.Direct, FaultKind.Permission, el0: true, vaddr, int.MaxValue);
                return;
            }
            s.Translated = start.Direct;
            s.WalkView = View.Bot;
            s.AccessBound = int.MaxValue;
            Explore(s);
            return;
        }
        int pre = s.L.WalkPre(vaddr);
        long offset = address - variable.VirtualAddress;
        int horizon = s.Horizon.Where(h => h.Offset == offset).Select(h => h.Pre).DefaultIfEmpty(0).Max();
        var walk = new WalkContext(ins, variable, variableIndex[variable], address, ins.Op != Opcode.Load, vaddr, horizon, start.Vmid);
        Walk(s, walk, start.Level, start.EntryAddress, pre, int.MaxValue, stage2: start.Vmid > 0);
    }

    /// <summary>What every level of one walk shares; <see cref="Vmid"/> tags a stage-2 walk (0: stage 1).</summary>
    private sealed record WalkContext(Instr Ins, VmsaVariable Variable, int Page, long Address, bool Write, View Vaddr, int Horizon, int Vmid);

    /// <summary>
    /// One level of a walk, once per message of the entry it may read. A table entry leads to the next level
    /// (whose read is ordered after it: its address comes from it); the level-3 entry decides the access.
    /// <paramref name="bound"/> carries the TLBIs the levels read so far must stay below.
    /// </summary>
    private void Walk(PromisingThreadState s, WalkContext w, int level, long entryAddress, int pre, int bound, bool stage2 = false)
    {
        int entryLoc = VmsaWalk.EntryLoc(Program, w.Ins, level, entryAddress);
        bool leaf = level == 3;
        long offset = w.Address - w.Variable.VirtualAddress;
        for (int ts = 0; ts <= mem.Count; ts++)
        {
            if (ts > 0 && (mem[ts].Loc != entryLoc || OwnPromise(s, ts)))
            {
                continue;
            }
            long value = mem.ValueAt(entryLoc, ts);
            var (entry, fault) = VmsaWalk.Classify(value, level, stage2, w.Write, Updates, El0 && !s.InHandler);
            // An entry that faults for translation or the access flag is never cached (herd's TLBUncacheable);
            // with FEAT_ETS2 its walk also comes after the explicit accesses before it (ets-ob).
            int uncached = Program.Vmsa!.Ets2 ? Math.Max(pre, Math.Max(s.L.Vro.P, s.L.Vwo.P)) : pre;
            if (fault is FaultKind.Translation or FaultKind.AccessFlag && ts < mem.LatestAtOrBelow(entryLoc, uncached))
            {
                continue;
            }
            // herd's same-low-order-bits relates memory accesses only: a fault does not inherit earlier walks' views.
            bool global = stage2 || !leaf || !Pte.Decode(value).Ng;
            if (mem.TlbiBound(TlbiLoc, tid, entryLoc, w.Page, leaf, w.Vmid, stage2 ? 0 : s.Asid, global, ts, pre, fault is null ? Math.Max(pre, w.Horizon) : pre) is not int levelBound)
            {
                continue;
            }
            var b = s.Clone();
            var post = b.L.Walk(pre, ts);
            b.ReadOld |= ts < mem.LatestAtOrBelow(entryLoc, mem.Count);
            WalkedLevel(b, w.Ins, w.Variable, w.Vmid, entryLoc, ts, leaf);
            int both = Math.Min(bound, levelBound);
            if (fault is { } kind)
            {
                TakeFault(b, w.Variable.DataLoc, kind, el0: false, w.Vaddr.Join(post), both);
                continue;
            }
            if (!leaf)
            {
                Walk(b, w, level + 1, VmsaWalk.NextEntry(entry, w.Address, level), post.S, both);
                continue;
            }
            int loc = VmsaWalk.Target(Program, w.Ins, entry, offset);
            b.Translated = loc;
            b.WalkView = post;
            b.AccessBound = both;
            // A later walk at the same page offset is ordered as if after what this walk saw (rf into a walk is in ob).
            b.Horizon = [.. b.Horizon.Where(h => h.Offset != offset), (offset, Math.Max(post.S, w.Horizon))];
            if (!stage2 && Pte.Update(entry, w.Write, Updates) is { } updated)
            {
                HardwareUpdate(b, w.Ins, entryLoc, ts, updated, post.Join(w.Vaddr).Join(new View(b.L.Vcap.P, b.L.Vcap.P)).P);
                continue;
            }
            Explore(b);
        }
    }

    private HardwareUpdate Updates => VmsaWalk.UpdatesOf(Program.Vmsa!, tid);

    /// <summary>
    /// The hardware sets the access flag (or the dirty bit) of the entry the walk read at <paramref name="read"/>:
    /// a message of this thread right after that one (no write of the entry in between, by anyone: herd's
    /// atomic axiom makes no exception for hardware updates), above the walk and the control dependencies.
    /// </summary>
    private void HardwareUpdate(PromisingThreadState s, Instr ins, int pte, int read, long value, int pre)
    {
        for (int ts = Math.Max(pre, read) + 1; ts <= mem.Count; ts++)
        {
            var m = mem[ts];
            if (m.Loc == pte && m.Val == value && OwnPromise(s, ts) && mem.NoWriteBetween(pte, read, ts))
            {
                var b = s.Clone();
                b.L.FulfilUpdate(ts);
                Fulfilled(b, ts, ins, pre, FulfilKind.Update);
                Explore(b);
            }
        }
        if (!allowNew)
        {
            return;
        }
        // The update may be promised before writes this run made after its read (the search then places it
        // there), so it is proposed even when it cannot be appended here.
        result.AddNewWrite(pte, value);
        if (mem.NoWriteBetween(pte, read, mem.Count + 1) && mem.Count + 1 > pre)
        {
            ExploreFresh(s, pte, value, (b, ts) =>
            {
                b.L.FulfilUpdate(ts);
                Fulfilled(b, ts, ins, pre, FulfilKind.Update);
            });
        }
    }

    /// <summary>
    /// The access after a walk that did not respect a TLBI comes before that TLBI: its view is below it (and
    /// it reads and writes only messages below it, see <see cref="PromisingThreadState.AccessBound"/>).
    /// </summary>
    private static bool BelowTlbis(PromisingThreadState s, View pre, bool write) => (write ? pre.P : pre.S) < s.AccessBound;

    /// <summary>
    /// A fault: recorded for the condition; then the stepper's rule (the handler, a retry, or the end). Entering
    /// the handler is context synchronising, like an ISB.
    /// </summary>
    private void TakeFault(PromisingThreadState s, int loc, FaultKind kind, bool el0, View deps, int bound)
    {
        if (s.L.FaultPre(deps) >= bound)
        {
            return;
        }
        Accessed(s, s.L.FaultPre(deps));
        switch (EnterFault(s, loc, kind, el0))
        {
            case FaultOutcome.Handler:
                // What the faulting access's address and walk depend on is ordered before the handler (IFB-ob).
                s.L.Control(deps);
                s.L.Isb();
                s.L.IsbWalks();
                Explore(s);
                break;
            case FaultOutcome.Retry:
                Explore(s);
                break;
        }
    }

    /// <summary>
    /// A TLBI: a message at a location of its own that this thread promised (or, certifying, appends), whose
    /// value records what it invalidates, its view, and whether a later full DSB of this path completes it.
    /// </summary>
    protected override Flow Tlbi(PromisingThreadState s, Instr ins)
    {
        int entry = TlbiMessage.All;
        int asid = 0;
        var vaddr = View.Bot;
        if (Program.Vmsa is null)
        {
            return UserTlbi(s, ins);
        }
        if (ins.Tlbi.TakesAddress)
        {
            (long page, asid) = TlbiOp.Operand(s.Get(ins.Rn));
            vaddr = s.ViewOf(ins.Rn);
            int variable = VmsaWalk.VariableOfPage(Program.Vmsa!, page);
            entry = ins.Tlbi.Target == TlbiTarget.Asid ? TlbiMessage.All : variable;
            if (ins.Tlbi.Target != TlbiTarget.Asid && variable < 0)
            {
                // A page without variables: nothing the test translates is invalidated.
                return Next(s);
            }
        }
        return TlbiMessages(s, ins, entry, s.Vmid, asid, vaddr);
    }

    /// <summary>The TLBI's message, once per answer to whether a later full DSB completes it.</summary>
    private Flow TlbiMessages(PromisingThreadState s, Instr ins, int entry, int vmid, int asid, View vaddr)
    {
        int pre = s.L.TlbiPre(vaddr);
        foreach (bool completed in Completions(s))
        {
            long val = new TlbiMessage(entry, ins.Tlbi.Domain != ShareDomain.NonShareable, completed, ins.Tlbi.LastLevel, pre)
            {
                Target = ins.Tlbi.Target,
                Vmid = vmid,
                Asid = asid,
            }.Encode();
            ForEachTlbiSlot(s, ins, val, pre, b =>
            {
                if (completed)
                {
                    b.MustDsb++;
                }
                else
                {
                    b.NoDsb = true;
                }
            });
        }
        return Flow.Stop;
    }

    /// <summary>
    /// Whether a later full DSB completes the TLBI at the pc: in straight-line code (no branch, no handler) it is
    /// known when no access that could fault comes before that DSB, or when there is none; otherwise the path
    /// claims one and the DSB rule (or the end of the thread) checks the claim.
    /// </summary>
    private bool[] Completions(PromisingThreadState s)
    {
        var code = Code(s);
        if (code.Any(i => i.Target >= 0 || i.Op == Opcode.Eret) || this.code.FaultHandler is not null)
        {
            return [true, false];
        }
        foreach (var i in code.Skip(s.Pc + 1))
        {
            if (i.Op == Opcode.Fence && i.Fence == FenceKind.DsbFull)
            {
                return [true];
            }
            if (i.IsMemory)
            {
                return [true, false];
            }
        }
        return [false];
    }

    private void ForEachTlbiSlot(PromisingThreadState s, Instr ins, long val, int pre, Action<PromisingThreadState> claim)
    {
        for (int ts = pre + 1; ts <= mem.Count; ts++)
        {
            var m = mem[ts];
            if (m.Loc == TlbiLoc && m.Val == val && OwnPromise(s, ts))
            {
                var b = s.Clone();
                b.L.FulfilTlbi(ts);
                Fulfilled(b, ts, ins, pre, FulfilKind.Tlbi);
                claim(b);
                b.Pc++;
                Explore(b);
            }
        }
        if (allowNew)
        {
            ExploreFresh(s, TlbiLoc, val, (b, ts) =>
            {
                b.L.FulfilTlbi(ts);
                Fulfilled(b, ts, ins, pre, FulfilKind.Tlbi);
                claim(b);
                b.Pc++;
            });
        }
    }

    /// <summary>A DSB: the full one completes this path's TLBIs (and must not follow one that said it would not be completed).</summary>
    private bool Dsb(PromisingThreadState s, FenceKind kind)
    {
        s.L.Dsb(kind, Program.Vmsa?.Ets2 == true);
        if (kind == FenceKind.DsbFull)
        {
            if (s.NoDsb)
            {
                return false;
            }
            s.MustDsb = 0;
        }
        return true;
    }
}
