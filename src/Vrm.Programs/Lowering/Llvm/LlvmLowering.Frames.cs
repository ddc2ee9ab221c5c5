using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// Thread frames: the memory each thread has of its own. A C local whose address is taken and a
/// thread-local variable are one copy per thread, not one per function: thread i's frame is at
/// <see cref="Program.FrameBase"/>(i), its SP holds that base, and the code addresses its cells
/// SP-relative. In a frame, thread-local variables come first, then one region per thread template with
/// the address-taken locals of every inlined call of that template's code.
/// </summary>
internal sealed partial class ModuleLowering
{
    /// <summary>Each template's locals start this far into a frame (template t at (t+1) regions, thread-locals at 0).</summary>
    private const long RegionStride = 1L << 24;

    private readonly Dictionary<string, Dictionary<string, string>> promotable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> threadLocalOffset = new(StringComparer.Ordinal);
    private readonly List<(string Name, LType Type, long Offset)> threadLocals = [];
    private readonly List<List<(string Name, LType Type, long Offset)>> frameSlots = [];
    private readonly List<long> frameSizes = [];
    private long threadLocalSize;

    /// <summary>The locals of <paramref name="f"/> that are registers, computed once per function.</summary>
    public Dictionary<string, string> PromotableIn(Function f)
    {
        if (!promotable.TryGetValue(f.Name, out var set))
        {
            set = LocalSlots.Promotable(f, layout);
            promotable[f.Name] = set;
        }
        return set;
    }

    /// <summary>Reserves a local of <paramref name="type"/> in the frame region of <paramref name="template"/>; its offset from SP.</summary>
    public long FrameSlot(int template, string name, LType type)
    {
        while (frameSlots.Count <= template)
        {
            frameSlots.Add([]);
            frameSizes.Add(0);
        }
        long offset = Align(frameSizes[template], type);
        frameSlots[template].Add((name, type, offset));
        frameSizes[template] = offset + Math.Max(1, layout.SizeOf(type));
        if (frameSizes[template] > RegionStride)
        {
            throw Error(Syntax.SourcePos.None, $"the locals of thread '{templateNames[template]}' take more than {RegionStride} bytes");
        }
        return RegionBase(template) + offset;
    }

    private static long RegionBase(int template) => (template + 1) * RegionStride;

    private long Align(long at, LType type)
    {
        long align = Math.Min(8, layout.AlignOf(type));
        return (at + align - 1) / align * align;
    }

    private void PlaceThreadLocal(Global g)
    {
        long offset = Align(threadLocalSize, g.Type);
        threadLocalOffset[g.Name] = offset;
        threadLocals.Add((g.Name, g.Type, offset));
        threadLocalSize = offset + Math.Max(1, layout.SizeOf(g.Type));
    }

    /// <summary>The SP-relative address of a thread-local variable (or a constant GEP or cast of one), or null.</summary>
    public long? ThreadLocalOffset(LValue v) => v switch
    {
        GlobalRef g when threadLocalOffset.TryGetValue(g.Name, out long o) => o,
        ConstExpr { Expr: CastInstr c } => ThreadLocalOffset(c.Value.Value),
        ConstExpr { Expr: GetElementPtrInstr gep } when ThreadLocalOffset(gep.Base.Value) is long o =>
            o + layout.ConstantOffset(gep.SourceType, [.. gep.Indices.Select(i => Constant(i.Value))]),
        _ => null,
    };

    /// <summary>
    /// Makes the frame cells of every thread that may run: main (thread 0) runs template 0; with main, threads
    /// 1..capacity-1 may run any spawned template; without it thread t runs template t.
    /// </summary>
    /// <returns>The frame capacity (<see cref="Program.FrameCapacity"/>) and how many threads got frames.</returns>
    private (int Capacity, int Threads) PlaceFrames(bool hasMain, int? capacity, int spawnSites)
    {
        int threads = hasMain ? capacity ?? Math.Max(2, spawnSites + 1) : templateNames.Count;
        bool spawnedNeedFrames = threadLocals.Count > 0 || frameSlots.Skip(1).Any(s => s.Count > 0) || SpawnedAllocate;
        for (int id = 0; id < threads; id++)
        {
            long frame = Program.FrameBase(id);
            string suffix = id == 0 && hasMain ? "" : $"@T{id}";
            foreach (var (name, type, offset) in threadLocals)
            {
                PlaceAt(name + (hasMain ? $"@T{id}" : suffix), type, frame + offset, id);
                InitGlobal(module.Globals.First(g => g.Name == name));
            }
            var templates = hasMain ? id == 0 ? [0] : Enumerable.Range(1, Math.Max(0, templateNames.Count - 1)) : [id];
            foreach (int t in templates.Where(t => t < frameSlots.Count))
            {
                foreach (var (name, type, offset) in frameSlots[t])
                {
                    PlaceAt(name + suffix, type, frame + RegionBase(t) + offset, id);
                }
            }
        }
        return (hasMain && spawnedNeedFrames ? threads : int.MaxValue, threads);
    }
}
