using Vrm.Models.Mmu;

namespace Vrm.Checks.Wdrf;

/// <summary>A write that changed or removed a translation of the kernel's own table, and the translation it had.</summary>
public sealed record KernelMappingChange(PageTableWrite Write, long VirtualAddress, Translation Before, Translation After);

/// <summary>
/// VRM's Write-Once-Kernel-Mapping condition: the kernel's own translations only ever go from unmapped to
/// mapped; once an address translates, no write changes or removes that translation (so the kernel never
/// needs a TLBI for its own table). SeKVM proves it for KCore's table (<c>core_map</c>), which only
/// <c>remap_vm_image</c> writes, into empty remap slots. Checked on the writes of a whole execution, in order,
/// by walking every address a written entry translates before and after each write.
/// </summary>
public static class WriteOnceKernelMapping
{
    public static List<KernelMappingChange> Check(Func<long, long> initial, IReadOnlyList<PageTableWrite> writes, TranslationRoot kernel)
    {
        var memory = new Dictionary<long, long>();
        long Read(long a) => memory.TryGetValue(a, out long v) ? v : initial(a);
        var changes = new List<KernelMappingChange>();
        foreach (var w in writes)
        {
            var mapped = TableWalk.Leaves(Read, kernel.Table, kernel.StartLevel).Select(l => l.VirtualAddress).ToList();
            var before = mapped.Select(va => TableWalk.Walk(Read, kernel.Table, va, kernel.StartLevel)).ToList();
            memory[w.Address] = w.Value;
            for (int i = 0; i < mapped.Count; i++)
            {
                var after = TableWalk.Walk(Read, kernel.Table, mapped[i], kernel.StartLevel);
                if (!before[i].SameAs(after))
                {
                    changes.Add(new KernelMappingChange(w, mapped[i], before[i], after));
                    break;
                }
            }
        }
        return changes;
    }
}
