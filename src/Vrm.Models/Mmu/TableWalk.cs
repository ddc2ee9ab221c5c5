namespace Vrm.Models.Mmu;

/// <summary>
/// What a translation table walk gives for one address: a fault at some level, or the output address of
/// the address and the leaf descriptor's attribute bits (everything but the output address).
/// </summary>
public readonly record struct Translation(bool Mapped, long OutputAddress, long Attributes, int Level)
{
    public static Translation Fault(int level) => new(false, 0, 0, level);

    /// <summary>Two walks agree when both fault (at whatever level) or both map to the same place with the same attributes.</summary>
    public bool SameAs(Translation other) =>
        Mapped == other.Mapped && (!Mapped || (OutputAddress == other.OutputAddress && Attributes == other.Attributes));

    public override string ToString() => Mapped ? $"0x{OutputAddress:x} (attributes 0x{Attributes:x}, level {Level})" : "a translation fault";
}

/// <summary>
/// AArch64 VMSAv8-64 translation with the 4 KiB granule and 48-bit addresses, as the architecture defines the
/// descriptors (the same for stage 1 and stage 2 apart from the attribute bits, which are compared whole):
/// bits[1:0] of an entry are <c>x0</c> invalid, <c>11</c> a table (levels 0–2) or a page (level 3), <c>01</c> a
/// block (levels 1–2; elsewhere invalid); the next table or the output address is bits[47:12] (block: [47:21]
/// or [47:30]). A walk starts at <c>StartLevel</c> (0 for a four-level table, 1 or 2 for shorter ones).
/// </summary>
public static class TableWalk
{
    public const long AddressMask = 0x0000_FFFF_FFFF_F000L;
    public const int EntriesPerTable = 512;

    public static int IndexAt(long va, int level) => (int)((va >> (39 - (9 * level))) & 0x1FF);

    /// <summary>Bytes mapped by one entry of a level: 512 GiB, 1 GiB, 2 MiB, 4 KiB.</summary>
    public static long SpanOf(int level) => 1L << (39 - (9 * level));

    public static bool IsTable(long entry, int level) => level < 3 && (entry & 3) == 3;

    public static bool IsLeaf(long entry, int level) => level == 3 ? (entry & 3) == 3 : level >= 1 && (entry & 3) == 1;

    /// <summary>The entry's address and its value, level by level, for an address whose walk starts at table <paramref name="root"/>.</summary>
    public static Translation Walk(Func<long, long> read, long root, long va, int startLevel = 0)
    {
        long table = root & AddressMask;
        for (int level = startLevel; level <= 3; level++)
        {
            long entry = read(table + (8L * IndexAt(va, level)));
            if (IsLeaf(entry, level))
            {
                return Leaf(entry, level, va);
            }
            if (!IsTable(entry, level))
            {
                return Translation.Fault(level);
            }
            table = entry & AddressMask;
        }
        return Translation.Fault(3);
    }

    /// <summary>Every leaf entry reachable from a table: the address range it maps (its base), its value and level.</summary>
    public static IEnumerable<(long VirtualAddress, long Entry, int Level)> Leaves(Func<long, long> read, long root, int startLevel = 0)
    {
        var seen = new HashSet<(long, int, long)>();
        var work = new Stack<(long Table, int Level, long Prefix)>();
        work.Push((root & AddressMask, startLevel, 0));
        while (work.Count > 0)
        {
            var (table, level, prefix) = work.Pop();
            if (!seen.Add((table, level, prefix)))
            {
                continue;
            }
            for (int i = 0; i < EntriesPerTable; i++)
            {
                long entry = read(table + (8L * i));
                long va = prefix | ((long)i << (39 - (9 * level)));
                if (IsLeaf(entry, level))
                {
                    yield return (va, entry, level);
                }
                else if (IsTable(entry, level))
                {
                    work.Push((entry & AddressMask, level + 1, va));
                }
            }
        }
    }

    /// <summary>The translation a leaf entry of <paramref name="level"/> gives <paramref name="va"/>.</summary>
    public static Translation Leaf(long entry, int level, long va)
    {
        long span = SpanOf(level);
        long baseAddress = entry & AddressMask & ~(span - 1);
        return new Translation(true, baseAddress + (va & (span - 1)), entry & ~AddressMask, level);
    }
}
