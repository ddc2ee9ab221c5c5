using Vrm.Syntax;

namespace Vrm.Programs;

/// <summary>A malloc (or calloc) call site of a C program, as a report names it.</summary>
/// <param name="Function">The C function the call is in.</param>
/// <param name="File">The source file, or null for the program's own.</param>
/// <param name="ElementSize">The size of the C type the block is used as (the cast after the call).</param>
/// <param name="FixedSize">True when the call's size is a constant, so every block has exactly its cells.</param>
public sealed record HeapSite(int Index, string Call, string Function, string? File, SourcePos Pos, long ElementSize, bool FixedSize);

/// <summary>
/// One heap block: the <paramref name="Number"/>-th block call site <paramref name="Site"/> hands out in thread
/// <paramref name="Thread"/>. Its cells are locations like a global's; <paramref name="StatusLoc"/> is a hidden
/// location that says whether it is allocated (see <see cref="HeapInfo"/>).
/// </summary>
public sealed record HeapBlock(string Name, int Site, int Thread, int Number, long Address, long Capacity, int StatusLoc);

/// <summary>
/// The bounded heap of a C program. Each malloc call site has, per thread, a fixed number of blocks made in
/// advance (like the thread frames) at <see cref="Program.HeapBlockAddress"/>; each call hands out the next one,
/// so no two calls share a block and a freed block is never reused. A block's status location holds 0 before its
/// malloc, 1 + the size in bytes while it is allocated, and <see cref="Freed"/> after its free; every access to
/// a cell of the block also reads it (as a walk reads a page-table entry), so the explorer orders accesses and
/// frees and sees a use after free.
/// </summary>
public sealed class HeapInfo
{
    public const long Freed = -1;

    private readonly int[] blockOfLoc;
    private readonly Dictionary<long, int> byAddress;

    public HeapInfo(IReadOnlyList<HeapSite> sites, IReadOnlyList<HeapBlock> blocks, int[] blockOfLoc, int blocksPerSite, int elements)
    {
        Sites = sites;
        Blocks = blocks;
        this.blockOfLoc = blockOfLoc;
        BlocksPerSite = blocksPerSite;
        Elements = elements;
        byAddress = blocks.Select((b, i) => (b.Address, i)).ToDictionary(p => p.Address, p => p.i);
    }

    public IReadOnlyList<HeapSite> Sites { get; }

    public IReadOnlyList<HeapBlock> Blocks { get; }

    /// <summary>How many blocks each site has per thread (raised by lowering again, <see cref="HeapCapacityException"/>).</summary>
    public int BlocksPerSite { get; }

    /// <summary>How many elements a block of a site whose size is not a constant holds.</summary>
    public int Elements { get; }

    /// <summary>The block a location (a cell or the status) belongs to, or -1.</summary>
    public int BlockOfLoc(int loc) => loc < blockOfLoc.Length ? blockOfLoc[loc] : -1;

    /// <summary>The block that starts at <paramref name="address"/>, or -1.</summary>
    public int BlockAt(long address) => byAddress.TryGetValue(address, out int b) ? b : -1;

    /// <summary>The block whose region holds <paramref name="address"/> (its start included), or -1.</summary>
    public int BlockContaining(long address) =>
        byAddress.TryGetValue(address - ((address - Program.StackBase) % Program.HeapBlockStride), out int b) ? b : -1;
}

/// <summary>
/// A C program's malloc call site handed out more blocks than were made for it, or a larger block than its
/// cells hold: lower it again with at least <see cref="Blocks"/> blocks per site and <see cref="Elements"/>
/// elements per variable-size block.
/// </summary>
public sealed class HeapCapacityException(int blocks, int elements) : Exception($"a C program needs {blocks} heap blocks per call site of {elements} elements")
{
    public int Blocks { get; } = blocks;

    public int Elements { get; } = elements;
}
