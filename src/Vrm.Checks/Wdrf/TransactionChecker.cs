using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Checks.Wdrf;

/// <summary>
/// Transactional-Page-Table over one execution: each CPU's critical sections (from its first hold to the
/// release that leaves it holding nothing), with the memory at the hold, the section's writes to page-table
/// memory, its TLBIs and DSBs in program order; each section is judged by <see cref="TransactionalPageTable"/>.
/// </summary>
internal sealed class TransactionChecker(WdrfRunner runner, ExecutionReplay replay)
{
    private sealed class Section(long[] before)
    {
        public readonly long[] Before = before;
        public int Depth = 1;
        public readonly List<SectionEvent> Events = [];
        public readonly List<(PageTableWrite Write, int Step)> Writes = [];
    }

    private readonly Dictionary<int, Section> open = [];

    public void Run()
    {
        var mem = replay.Initial();
        for (int i = 0; i < replay.Trace.Count; i++)
        {
            var step = replay.Trace[i];
            replay.Apply(mem, i);
            if (step.Kind is StepKind.Write or StepKind.Update && step.Loc >= 0 && !step.WalkOnly && open.TryGetValue(step.Thread, out var s))
            {
                var w = new PageTableWrite(runner.Program.AddressOf(step.Loc), step.Written, replay.Site(step.Instr));
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
        open.TryGetValue(m.Thread, out var s);
        switch (m.Instr.Op)
        {
            case Opcode.Annotate when m.Instr.Annotation == AnnotationKind.Hold:
                if (s is null)
                {
                    open[m.Thread] = new Section((long[])mem.Clone());
                }
                else
                {
                    s.Depth++;
                }
                return false;
            case Opcode.Annotate when s is not null:
                if (--s.Depth == 0)
                {
                    open.Remove(m.Thread);
                    Judge(m.Thread, s);
                    return true;
                }
                return false;
            case Opcode.Tlbi when s is not null:
                s.Events.Add(new SectionEvent(Tlbi: Invalidation(m)));
                return false;
            case Opcode.Fence when s is not null && m.Instr.Fence == FenceKind.DsbFull:
                s.Events.Add(new SectionEvent(Dsb: true));
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
                $"T{cpu}'s critical section: a walk of 0x{mixed.VirtualAddress:x} through {mixed.Root.Name} that sees only the writes at {seen} gives {runner.Describe(mixed.Mixed)}, neither the translation before the section ({runner.Describe(mixed.Before)}) nor after it ({runner.Describe(mixed.After)})",
                replay, StepOf(mixed.Seen[^1]));
            return;
        }
        var events = s.Events.Where(e => e.Write is null || tableWrites.Contains(e.Write)).ToList();
        if (TransactionalPageTable.MissingInvalidations(before, events, runner.Roots) is [var (root, va, write), ..])
        {
            runner.Keep(WdrfRunner.TransactionalPageTableName,
                $"T{cpu}'s critical section: the write at {write.Site} changes {root.Name}'s translation of 0x{va:x}, and no broadcast TLBI of it completed by a DSB follows before the lock is released: another CPU's TLB may keep the old translation",
                replay, StepOf(write));
        }
    }
}
