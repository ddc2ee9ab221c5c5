using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Checks.Wdrf;

/// <summary>
/// Transactional-Page-Table over one execution: each critical section (a CPU's hold of a lock to its release of
/// it), with the memory at the hold, the section's writes to page-table memory, its TLBIs and DSBs in program
/// order; each section is judged by <see cref="TransactionalPageTable"/>. A write belongs to the section of the
/// lock that protects it (VRM's log of a table address since its PULL), or, when the CPU does not hold that lock,
/// to its innermost open section; TLBIs and DSBs to every open section of the CPU. So a CPU that holds an outer
/// lock (a VM's record) across several sections of a page-table lock makes one change per inner section, as
/// SeKVM's verify_and_load_images does.
/// </summary>
internal sealed class TransactionChecker(WdrfRunner runner, ExecutionReplay replay)
{
    private sealed class Section(int thread, long lockAddress, long[] before)
    {
        public readonly int Thread = thread;
        public readonly long Lock = lockAddress;
        public readonly long[] Before = before;
        public int Depth = 1;
        public readonly List<SectionEvent> Events = [];
        public readonly List<(PageTableWrite Write, int Step)> Writes = [];
    }

    // Open sections in the order they were opened (the innermost of a CPU last).
    private readonly List<Section> open = [];

    public void Run()
    {
        var mem = replay.Initial();
        for (int i = 0; i < replay.Trace.Count; i++)
        {
            var step = replay.Trace[i];
            replay.Apply(mem, i);
            if (step.Kind is StepKind.Write or StepKind.Update && step.Loc >= 0 && !step.WalkOnly && open.FindLast(o => o.Thread == step.Thread) is { } innermost)
            {
                long address = runner.Program.AddressOf(step.Loc);
                var s = runner.Protections.LockOf(address, 8) is long lockAddress && open.Find(o => o.Thread == step.Thread && o.Lock == lockAddress) is { } owning
                    ? owning
                    : innermost;
                var w = new PageTableWrite(address, step.Written, replay.Site(step.Instr));
                s.Events.Add(new SectionEvent(Write: w));
                s.Writes.Add((w, i));
            }
            foreach (var m in step.Marks)
            {
                if (Mark(m, mem) && runner.Violated(WdrfRunner.TransactionalPageTableName))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Follows a hold, release, TLBI or DSB; true when it closed a section.</summary>
    private bool Mark(Mark m, long[] mem)
    {
        var s = m.Instr.Op == Opcode.Annotate && m.Instr.Annotation is AnnotationKind.Hold or AnnotationKind.Release
            ? open.Find(o => o.Thread == m.Thread && o.Lock == m.Operand) : null;
        switch (m.Instr.Op)
        {
            case Opcode.Annotate when m.Instr.Annotation == AnnotationKind.Hold:
                if (s is null)
                {
                    open.Add(new Section(m.Thread, m.Operand, (long[])mem.Clone()));
                }
                else
                {
                    s.Depth++;
                }
                return false;
            case Opcode.Annotate when m.Instr.Annotation == AnnotationKind.Release && s is not null:
                if (--s.Depth == 0)
                {
                    open.Remove(s);
                    Judge(m.Thread, s);
                    return true;
                }
                return false;
            case Opcode.Tlbi:
                var tlbi = new SectionEvent(Tlbi: Invalidation(m));
                open.Where(o => o.Thread == m.Thread).ToList().ForEach(o => o.Events.Add(tlbi));
                return false;
            case Opcode.Fence when m.Instr.Fence is FenceKind.DsbFull or FenceKind.DsbSt:
                var dsb = new SectionEvent(Dsb: m.Instr.Fence == FenceKind.DsbFull, StoreDsb: m.Instr.Fence == FenceKind.DsbSt);
                open.Where(o => o.Thread == m.Thread).ToList().ForEach(o => o.Events.Add(dsb));
                return false;
            default:
                return false;
        }
    }

    private Invalidation Invalidation(Mark m)
    {
        var op = m.Instr.Tlbi;
        long? page = op.TakesAddress ? TlbiOp.Operand(m.Operand).Page : null;
        bool stage2 = op.Target is TlbiTarget.Ipa or TlbiTarget.VmAllS12 or TlbiTarget.All;
        bool stage1 = op.Target is not TlbiTarget.Ipa;
        // C code sets no VTTBR_EL2, so a VMID-scoped TLBI is taken to be for the VM whose table changed.
        return new Invalidation(page, stage1, stage2, null, op.Domain != ShareDomain.NonShareable, replay.Site(m.Instr), op.LastLevel);
    }

    private void Judge(int cpu, Section s)
    {
        // A section that wrote nothing changed no table; walking every root's tables to learn that was most of h1's time.
        if (s.Writes.Count == 0)
        {
            return;
        }
        var before = replay.Reader(s.Before);
        var all = s.Writes.Select(w => w.Write).ToList();
        var tables = TransactionalPageTable.TableLevels(before, all, runner.Roots);
        var writes = s.Writes.Where(w => tables.ContainsKey(w.Write.Address & ~0xFFFL)).ToList();
        if (writes.Count == 0)
        {
            return;
        }
        int StepOf(PageTableWrite w) => writes.First(p => ReferenceEquals(p.Write, w)).Step;
        var tableWrites = writes.Select(w => w.Write).ToList();
        if (TransactionalPageTable.Discipline(before, tableWrites, runner.Roots) is [var problem, ..])
        {
            runner.Keep(WdrfRunner.TransactionalPageTableName, $"T{cpu}'s critical section: the write at {problem.Write.Site} {problem.Message}", replay, StepOf(problem.Write));
            return;
        }
        if (TransactionalPageTable.MixedWalks(before, tableWrites, runner.Roots) is [var mixed, ..])
        {
            string seen = string.Join(", ", mixed.Seen.Select(w => w.Site));
            runner.Keep(WdrfRunner.TransactionalPageTableName,
                $"T{cpu}'s critical section: a walk of 0x{mixed.VirtualAddress:x} through {mixed.Root.Name} that sees only the writes at {seen} gives {runner.Describe(mixed.Mixed, mixed.Before.Mapped ? mixed.Before : mixed.After)}, neither the translation before the section ({runner.Describe(mixed.Before, mixed.Mixed)}) nor after it ({runner.Describe(mixed.After, mixed.Mixed)})",
                replay, StepOf(mixed.Seen[^1]));
            return;
        }
        var events = s.Events.Where(e => e.Write is null || tableWrites.Contains(e.Write)).ToList();
        if (TransactionalPageTable.MissingInvalidations(before, events, runner.Roots) is [var (root, va, write, unordered), ..])
        {
            runner.Keep(WdrfRunner.TransactionalPageTableName, unordered
                ? $"T{cpu}'s critical section: the write at {write.Site} changes {root.Name}'s translation of 0x{va:x}, and no DSB orders it before the TLBI that invalidates it: a walk after the TLBI may still read the old entry and keep it in its TLB (write, DSB, TLBI, DSB)"
                : $"T{cpu}'s critical section: the write at {write.Site} changes {root.Name}'s translation of 0x{va:x}, and no broadcast TLBI of it completed by a DSB follows before the lock is released: another CPU's TLB may keep the old translation",
                replay, StepOf(write));
        }
    }
}
