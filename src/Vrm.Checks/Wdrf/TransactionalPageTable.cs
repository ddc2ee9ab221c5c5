using Vrm.Models.Mmu;

namespace Vrm.Checks.Wdrf;

/// <summary>One write of a critical section to page-table memory, in program order; <see cref="Site"/> says where (for reports).</summary>
public sealed record PageTableWrite(long Address, long Value, string Site);

/// <summary>
/// A translation root: the table a walk starts at and its first level (0 for four levels); a stage-2 root
/// (a VM's VTTBR_EL2) has the VM's VMID, whose TLB entries only VMID-tagged invalidations remove.
/// </summary>
public sealed record TranslationRoot(string Name, long Table, int StartLevel = 0, bool Stage2 = false, int Vmid = 0);

/// <summary>
/// A TLB invalidation in a critical section: of one page (<see cref="Page"/>, an address &gt;&gt; 12) or of all
/// pages (null); of stage-1 or stage-2 entries (or both, as ALLE1 and VMALLS12E1 do); for one VMID (the
/// issuing CPU's VTTBR_EL2) or every VMID (null); broadcast (the IS/OS forms) or local to the CPU; of the
/// last level of the walk only (the L forms, such as VALE1IS), which leaves cached table entries in place.
/// </summary>
public sealed record Invalidation(long? Page, bool Stage1, bool Stage2, int? Vmid, bool Broadcast, string Site, bool LastLevel = false)
{
    /// <summary>Whether it invalidates the root's translation of the <paramref name="span"/> bytes from <paramref name="va"/> (a page, or a block).</summary>
    /// <remarks>A TLBI by address removes every entry that translates that address, so any page of a block names the block.</remarks>
    public bool Covers(TranslationRoot root, long va, long span = 4096) =>
        Broadcast && (root.Stage2 ? Stage2 : Stage1) && (Vmid is null || !root.Stage2 || Vmid == root.Vmid)
        && (Page is null || (Page >= va >> 12 && Page < (va + span) >> 12));
}

/// <summary>
/// What else a critical section did, in program order with its page-table writes: a TLBI, a full DSB
/// (<see cref="Dsb"/>, which completes earlier TLBIs), or a DSB ST (<see cref="StoreDsb"/>, which like a full DSB
/// orders earlier writes before a later TLBI, but completes none).
/// </summary>
public sealed record SectionEvent(PageTableWrite? Write = null, Invalidation? Tlbi = null, bool Dsb = false, bool StoreDsb = false)
{
    public bool OrdersWrites => Dsb || StoreDsb;
}

/// <summary>What is wrong with one critical section's page-table writes.</summary>
public sealed record TransactionProblem(string Message, PageTableWrite Write);

/// <summary>
/// A walk that a lock-free MMU could make while the section runs and that gives neither the translation
/// before the section nor the one after it: the address, what it gave, and which writes it saw.
/// </summary>
public sealed record MixedWalk(TranslationRoot Root, long VirtualAddress, Translation Mixed, Translation Before, Translation After, IReadOnlyList<PageTableWrite> Seen);

/// <summary>
/// VRM's Transactional-Page-Table condition on one critical section of a page-table lock. The MMU walks the
/// tables without the lock, so it may see any subset of the section's writes, in any order (the SeKVM proof
/// quantifies over exactly that: <c>sample_and_shuffle_updates</c>). The section is transactional when every
/// such walk gives the old or the new translation, never a mix. Two checks:
/// <list type="bullet">
/// <item>the discipline SeKVM's code keeps (<c>tstate</c>): at most one write that changes or removes a valid
/// entry, and table descriptors written only into empty entries and pointing to zeroed tables;</item>
/// <item>the semantic condition itself, decided per walk path rather than over 2^k·k! memories: after any
/// subset of writes in any order, an entry holds its old value or one of the values written to it, and the
/// entries a walk reads are independent, so the walks of an address are the paths through those choices.</item>
/// </list>
/// </summary>
public static class TransactionalPageTable
{
    /// <summary>The section's writes that break SeKVM's discipline, with why.</summary>
    public static List<TransactionProblem> Discipline(Func<long, long> before, IReadOnlyList<PageTableWrite> writes, IReadOnlyList<TranslationRoot> roots)
    {
        var problems = new List<TransactionProblem>();
        var memory = new Dictionary<long, long>();
        long Read(long a) => memory.TryGetValue(a, out long v) ? v : before(a);
        var levels = TableLevels(before, writes, roots);
        PageTableWrite? changed = null;
        foreach (var w in writes)
        {
            long entryTable = w.Address & ~0xFFFL;
            if (!levels.TryGetValue(entryTable, out int level))
            {
                memory[w.Address] = w.Value;
                continue;
            }
            long old = Read(w.Address);
            if (TableWalk.IsTable(w.Value, level))
            {
                if ((old & 1) != 0 && old != w.Value)
                {
                    problems.Add(new TransactionProblem($"writes a table descriptor over the valid entry 0x{old:x}: a table may only be installed in an empty entry", w));
                }
                long next = w.Value & TableWalk.AddressMask;
                for (int i = 0; i < TableWalk.EntriesPerTable; i++)
                {
                    long e = Read(next + (8L * i));
                    if ((e & 1) != 0)
                    {
                        problems.Add(new TransactionProblem($"installs the table at 0x{next:x}, whose entry {i} is already valid (0x{e:x}): a new table must be zeroed", w));
                        break;
                    }
                }
            }
            else if ((old & 1) != 0 && old != w.Value)
            {
                if (changed is not null)
                {
                    problems.Add(new TransactionProblem($"changes the valid entry 0x{old:x} at 0x{w.Address:x}, the second change of a valid translation in this critical section (the first: {changed.Site})", w));
                }
                changed ??= w;
            }
            memory[w.Address] = w.Value;
        }
        return problems;
    }

    /// <summary>Every walk of every root that sees part of the section's writes and gives neither the old nor the new translation.</summary>
    public static List<MixedWalk> MixedWalks(Func<long, long> before, IReadOnlyList<PageTableWrite> writes, IReadOnlyList<TranslationRoot> roots)
    {
        var written = new Dictionary<long, List<PageTableWrite>>();
        var after = new Dictionary<long, long>();
        foreach (var w in writes)
        {
            if (!written.TryGetValue(w.Address, out var list))
            {
                written[w.Address] = list = [];
            }
            list.Add(w);
            after[w.Address] = w.Value;
        }
        long After(long a) => after.TryGetValue(a, out long v) ? v : before(a);
        var found = new List<MixedWalk>();
        foreach (var root in roots)
        {
            var candidates = new SortedSet<long>();
            Leaves(root.Table & TableWalk.AddressMask, root.StartLevel, 0, candidates, []);
            foreach (long va in candidates)
            {
                var old = TableWalk.Walk(before, root.Table, va, root.StartLevel);
                var now = TableWalk.Walk(After, root.Table, va, root.StartLevel);
                if (FirstMix(root.Table & TableWalk.AddressMask, root.StartLevel, va, old, now, []) is { } mix)
                {
                    found.Add(new MixedWalk(root, va, mix.Result, old, now, mix.Seen));
                }
            }
        }
        return found;

        // The values an entry may hold after some subset of the writes: its old value, or one written to it.
        IEnumerable<(long Value, PageTableWrite? By)> Choices(long address)
        {
            yield return (before(address), null);
            if (written.TryGetValue(address, out var list))
            {
                foreach (var w in list)
                {
                    yield return (w.Value, w);
                }
            }
        }

        // The base addresses of every leaf some choice of values reaches: the addresses whose walks can change.
        void Leaves(long table, int level, long prefix, SortedSet<long> into, HashSet<(long, int, long)> seen)
        {
            if (!seen.Add((table, level, prefix)))
            {
                return;
            }
            for (int i = 0; i < TableWalk.EntriesPerTable; i++)
            {
                long address = table + (8L * i);
                long va = prefix | ((long)i << (39 - (9 * level)));
                foreach (var (value, _) in Choices(address))
                {
                    if (TableWalk.IsLeaf(value, level))
                    {
                        into.Add(va);
                    }
                    else if (TableWalk.IsTable(value, level))
                    {
                        Leaves(value & TableWalk.AddressMask, level + 1, va, into, seen);
                    }
                }
            }
        }

        // Depth first over the choices along va's walk: the first result that is neither old nor new.
        (Translation Result, List<PageTableWrite> Seen)? FirstMix(long table, int level, long va, Translation old, Translation now, List<PageTableWrite> path)
        {
            foreach (var (value, by) in Choices(table + (8L * TableWalk.IndexAt(va, level))))
            {
                if (by is not null)
                {
                    path.Add(by);
                }
                (Translation, List<PageTableWrite>)? mix = null;
                if (TableWalk.IsTable(value, level))
                {
                    mix = FirstMix(value & TableWalk.AddressMask, level + 1, va, old, now, path);
                }
                else
                {
                    var result = TableWalk.IsLeaf(value, level) ? TableWalk.Leaf(value, level, va) : Translation.Fault(level);
                    if (!result.SameAs(old) && !result.SameAs(now))
                    {
                        mix = (result, [.. path]);
                    }
                }
                if (by is not null)
                {
                    path.RemoveAt(path.Count - 1);
                }
                if (mix is not null)
                {
                    return mix;
                }
            }
            return null;
        }
    }

    /// <summary>
    /// The translations the section changed or removed that no broadcast TLBI covering them (right stage, VMID
    /// and page), ordered after the write by a DSB and completed by a later full DSB, invalidates before the
    /// release: another CPU may go on using the old translation from its TLB after the lock is free.
    /// <c>Unordered</c>: a covering TLBI completed by a DSB is there, but no DSB orders the write before it, so the
    /// TLBI may take effect before a walk can see the write, and that walk caches the old entry again.
    /// </summary>
    public static List<(TranslationRoot Root, long VirtualAddress, PageTableWrite Write, bool Unordered)> MissingInvalidations(
        Func<long, long> before, IReadOnlyList<SectionEvent> section, IReadOnlyList<TranslationRoot> roots)
    {
        var missing = new List<(TranslationRoot, long, PageTableWrite, bool)>();
        var memory = new Dictionary<long, long>();
        long Read(long a) => memory.TryGetValue(a, out long v) ? v : before(a);
        var levels = TableLevels(before, [.. section.Where(e => e.Write is not null).Select(e => e.Write!)], roots);
        for (int i = 0; i < section.Count; i++)
        {
            if (section[i].Write is not { } w)
            {
                continue;
            }
            // A table descriptor changed: walks may have cached it, and a last-level TLBI leaves those entries.
            bool tableEntry = levels.TryGetValue(w.Address & ~0xFFFL, out int level) && level < 3 && TableWalk.IsTable(Read(w.Address), level);
            var changed = new List<(TranslationRoot, long, long Span)>();
            foreach (var root in roots)
            {
                var was = TableWalk.Leaves(Read, root.Table, root.StartLevel).Select(l => (va: l.VirtualAddress, span: TableWalk.SpanOf(l.Level), t: TableWalk.Walk(Read, root.Table, l.VirtualAddress, root.StartLevel))).ToList();
                memory[w.Address] = w.Value;
                changed.AddRange(was.Where(p => !p.t.SameAs(TableWalk.Walk(Read, root.Table, p.va, root.StartLevel))).Select(p => (root, p.va, p.span)));
                memory.Remove(w.Address);
            }
            memory[w.Address] = w.Value;
            foreach (var (root, va, span) in changed)
            {
                // A DSB after the write (Arm's break-before-make: a TLBI is ordered after earlier writes only by a
                // DSB), a covering TLBI after it, then a full DSB after that TLBI.
                int CompletedTlbiFrom(int start)
                {
                    for (int j = start; j < section.Count; j++)
                    {
                        if (section[j].Tlbi is { } t && t.Covers(root, va, span) && !(tableEntry && t.LastLevel) && section.Skip(j + 1).Any(e => e.Dsb))
                        {
                            return j;
                        }
                    }
                    return -1;
                }
                int dsb = i + 1;
                while (dsb < section.Count && !section[dsb].OrdersWrites)
                {
                    dsb++;
                }
                if (dsb == section.Count || CompletedTlbiFrom(dsb + 1) < 0)
                {
                    missing.Add((root, va, w, CompletedTlbiFrom(i + 1) >= 0));
                }
            }
        }
        return missing;
    }

    /// <summary>The level of every table reachable from the roots before, during or after the section.</summary>
    internal static Dictionary<long, int> TableLevels(Func<long, long> before, IReadOnlyList<PageTableWrite> writes, IReadOnlyList<TranslationRoot> roots)
    {
        var values = new Dictionary<long, List<long>>();
        foreach (var w in writes)
        {
            if (!values.TryGetValue(w.Address, out var list))
            {
                values[w.Address] = list = [];
            }
            list.Add(w.Value);
        }
        var levels = new Dictionary<long, int>();
        var work = new Queue<(long Table, int Level)>(roots.Select(r => (r.Table & TableWalk.AddressMask, r.StartLevel)));
        while (work.Count > 0)
        {
            var (table, level) = work.Dequeue();
            if (level > 3 || !levels.TryAdd(table, level))
            {
                continue;
            }
            for (int i = 0; i < TableWalk.EntriesPerTable; i++)
            {
                long address = table + (8L * i);
                foreach (long v in values.GetValueOrDefault(address, []).Prepend(before(address)))
                {
                    if (TableWalk.IsTable(v, level))
                    {
                        work.Enqueue((v & TableWalk.AddressMask, level + 1));
                    }
                }
            }
        }
        return levels;
    }
}
