using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// The bounded heap (<see cref="HeapInfo"/>): each malloc call site of a thread template gets, in every thread
/// that may run the template, <see cref="HeapLimits.BlocksPerSite"/> blocks made in advance in the thread's
/// frame. A block's cells are laid out as the C type the program uses the pointer as.
/// </summary>
internal sealed partial class ModuleLowering
{
    private readonly List<(HeapSite Site, int Template, LType Element, long? Count)> heapSites = [];
    private readonly HeapLimits heapLimits;

    /// <summary>Registers a malloc call site of <paramref name="template"/>; its index (the region of its blocks).</summary>
    /// <param name="count">How many elements every block holds when the size is a constant; null when it is known only when the call runs.</param>
    public int HeapSite(int template, string function, LType element, long? count, string call, LInstr at)
    {
        int index = heapSites.Count;
        if (index >= Program.MaxHeapSites)
        {
            throw Error(at, $"more than {Program.MaxHeapSites} malloc call sites (after inlining): vrm's heap has room for no more", unsupported: true);
        }
        long elementSize = Math.Max(1, layout.SizeOf(element));
        if (count * elementSize > Program.HeapBlockStride)
        {
            throw Error(at, $"{call} of more than {Program.HeapBlockStride} bytes: vrm's heap blocks are at most that large", unsupported: true);
        }
        var (f, pos) = Where(at);
        heapSites.Add((new HeapSite(index, call, function, f == file ? null : f, pos, elementSize, count is not null), template, element, count));
        return index;
    }

    /// <summary>Makes every thread's blocks of every site its templates have, after the frames.</summary>
    private HeapInfo? PlaceHeap(bool hasMain, int threads)
    {
        if (heapSites.Count == 0)
        {
            return null;
        }
        var blocks = new List<HeapBlock>();
        var cellBlocks = new List<(int First, int Count, int Block)>();
        for (int id = 0; id < threads; id++)
        {
            foreach (var (site, template, element, count) in heapSites)
            {
                bool runs = hasMain ? (template == 0) == (id == 0) : template == id;
                if (!runs)
                {
                    continue;
                }
                // A block of a size known only when the call runs holds the elements asked for, as far as a block can.
                long elements = count ?? Math.Min(heapLimits.Elements, Program.HeapBlockStride / site.ElementSize);
                var type = elements == 1 ? element : new ArrayType(elements, element);
                for (int k = 0; k < Math.Min(heapLimits.BlocksPerSite, Program.MaxHeapBlocks); k++)
                {
                    long address = Program.HeapBlockAddress(id, site.Index, k);
                    // malloc:12#0@T1 is the first block of the malloc on line 12 in thread 1; its cells are named after it.
                    // When threads of several functions run that line (a helper they both call), the name says whose copy.
                    int first = locNames.Count;
                    string copy = heapSites.Count(s => s.Site.Call == site.Call && s.Site.Pos.Line == site.Pos.Line && s.Template != template) > 0 ? $"({templateNames[template]})" : "";
                    string name = PlaceAt($"{site.Call}:{site.Pos.Line}{copy}#{k}" + (id == 0 && hasMain ? "" : $"@T{id}"), type, address, -1);
                    int status = locNames.Count;
                    locNames.Add(name + "#state");
                    locAddresses.Add(Program.HeapStatusBase + (blocks.Count * 8));
                    locSizes.Add(8);
                    initial.Add(0);
                    owners.Add(-1);
                    cellBlocks.Add((first, status + 1 - first, blocks.Count));
                    blocks.Add(new HeapBlock(name, site.Index, id, k, address, elements * site.ElementSize, status));
                }
            }
        }
        var blockOfLoc = new int[locNames.Count];
        Array.Fill(blockOfLoc, -1);
        foreach (var (first, count, block) in cellBlocks)
        {
            Array.Fill(blockOfLoc, block, first, count);
        }
        return new HeapInfo([.. heapSites.Select(s => s.Site)], blocks, blockOfLoc, heapLimits.BlocksPerSite, heapLimits.Elements);
    }

    /// <summary>True when a spawned thread runs code with a malloc call site, so it needs a frame for its blocks.</summary>
    private bool SpawnedAllocate => heapSites.Exists(s => s.Template > 0);
}

/// <summary>
/// How large the bounded heap is made: blocks per malloc call site and thread, and the elements of a block whose
/// size is known only when the call runs. Exceeding either lowers the program again, larger.
/// </summary>
public sealed record HeapLimits(int BlocksPerSite, int Elements)
{
    public static readonly HeapLimits Default = new(2, 4);
}
