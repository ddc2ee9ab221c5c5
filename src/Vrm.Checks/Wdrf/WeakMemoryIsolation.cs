using Vrm.Models.Mmu;

namespace Vrm.Checks.Wdrf;

/// <summary>Memory no user or VM may reach: <see cref="Size"/> bytes of physical memory from <see cref="Start"/>.</summary>
public sealed record PrivateRange(long Start, long Size, string Name)
{
    public bool Overlaps(long start, long size) => start < Start + Size && start + size > Start;
}

/// <summary>A user/VM translation that reaches kernel-private memory, or a user/VM access that does.</summary>
public sealed record IsolationBreach(string Message, long VirtualAddress, long PhysicalAddress, PrivateRange Range);

/// <summary>
/// VRM's Weak-Memory-Isolation condition on one state: no translation a user or VM can use (its stage-1 or
/// stage-2 root) maps kernel-private memory. With this, user code modelled as data oracles — arbitrary loads
/// and stores through its own translation — can never touch what the kernel keeps to itself, on Arm too: a
/// stale TLB entry can only hold a translation that was once in the table, and every state is checked.
/// SeKVM proves the same as "the set of KCore pages never changes" and host_iso/vm_iso.
/// </summary>
public static class WeakMemoryIsolation
{
    public const string Name = "Weak-Memory-Isolation";

    /// <summary>The first leaf of a user root's table that maps into a private range, or null.</summary>
    public static IsolationBreach? CheckTables(Func<long, long> read, IReadOnlyList<TranslationRoot> userRoots, IReadOnlyList<PrivateRange> kernelPrivate)
    {
        foreach (var root in userRoots)
        {
            foreach (var (va, entry, level) in TableWalk.Leaves(read, root.Table, root.StartLevel))
            {
                var t = TableWalk.Leaf(entry, level, va);
                if (kernelPrivate.FirstOrDefault(r => r.Overlaps(t.OutputAddress, TableWalk.SpanOf(level))) is { } range)
                {
                    return new IsolationBreach($"{root.Name}'s table maps 0x{va:x} to 0x{t.OutputAddress:x}, in kernel-private '{range.Name}'", va, t.OutputAddress, range);
                }
            }
        }
        return null;
    }

    /// <summary>A user/VM access at a physical address: a breach when it lands in a private range.</summary>
    public static IsolationBreach? CheckAccess(long virtualAddress, long physicalAddress, int size, IReadOnlyList<PrivateRange> kernelPrivate) =>
        kernelPrivate.FirstOrDefault(r => r.Overlaps(physicalAddress, size)) is { } range
            ? new IsolationBreach($"a user/VM access of 0x{virtualAddress:x} reaches 0x{physicalAddress:x} in kernel-private '{range.Name}'", virtualAddress, physicalAddress, range)
            : null;
}
