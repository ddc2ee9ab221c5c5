using Vrm.Syntax;

namespace Vrm.Programs;

/// <summary>
/// Something whose final value a condition can mention: a thread's register, a memory location, or (in a
/// page-table program) a fault atom, index <see cref="Fault"/> of <see cref="VmsaInfo.Faults"/>, whose value
/// is a <see cref="FaultValue"/>.
/// </summary>
public readonly record struct Observable(int Thread, int Reg, int Loc, int Fault = -1)
{
    public static Observable Register(int thread, int reg) => new(thread, reg, -1);

    public static Observable Memory(int loc) => new(-1, Programs.Reg.None, loc);

    public static Observable FaultAtom(int fault) => new(-1, Programs.Reg.None, -1, fault);

    public bool IsMemory => Loc >= 0;

    public bool IsFault => Fault >= 0;
}

public abstract record Cond;

public sealed record ConstCond(bool Value) : Cond;

public sealed record AtomCond(Observable Target, long Value, bool Equal) : Cond;

public sealed record NotCond(Cond Operand) : Cond;

/// <summary>A fault atom of a page-table program: holds when the fault observable's value is not 0.</summary>
public sealed record FaultCond(Observable Target) : Cond;

public sealed record AndCond(Cond Left, Cond Right) : Cond;

public sealed record OrCond(Cond Left, Cond Right) : Cond;

public enum CondKind { Exists, NotExists, Forall }

public sealed record ThreadProgram(int Index, string Name, Instr[] Code, IReadOnlyList<(int Reg, long Value)> InitRegs)
{
    /// <summary>The code labels of the thread and the index of the instruction each names (<c>Code.Length</c> at the end).</summary>
    public IReadOnlyDictionary<string, int> Labels { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The fault handler (herd's <c>P0.F</c> column) of a page-table program: the code this thread runs, with its
    /// registers, when it takes a fault. It is not a thread of its own; its labels are its own.
    /// </summary>
    public ThreadProgram? FaultHandler { get; init; }
}

/// <summary>
/// A whole program in the thread IR: shared locations with their initial values, the threads, and what the
/// user asks about the final states. Models and explorers see only this, never the front-end that made it.
/// </summary>
public sealed record Program(
    string Name,
    string File,
    IReadOnlyList<string> Locations,
    long[] InitMemory,
    IReadOnlyList<ThreadProgram> Threads,
    CondKind ConditionKind,
    Cond Condition,
    Cond? Filter,
    IReadOnlyList<Observable> Observed)
{
    /// <summary>Variables are placed this far apart from this base, so values and addresses can share a register.</summary>
    /// <remarks>
    /// A page-table program (<see cref="Vmsa"/>) has four disjoint ranges below 2^48, all 4 KiB aligned, so
    /// each kind of value reads back unambiguously: variable k's virtual address is
    /// <c>AddressBase + k*AddressStride</c> (what <c>0:X1=x</c> puts in a register); its physical page
    /// <c>PA(x)</c> is <c>PhysicalBase + k*AddressStride</c>, and its data cell, the location named <c>x</c>,
    /// is there; its level-3 page-table entry <c>PTE(x)</c> is at <c>PageTableBase + (VA - AddressBase) / 4096 * 8</c>,
    /// as in one real level-3 table; code labels (<c>label:"P1:L1"</c>) are <c>CodeBase + thread*AddressStride + 4*index</c>.
    /// Descriptors (<see cref="Pte"/>) always have bit 1 set, which no address has.
    /// </remarks>
    public const long AddressBase = 0x1000_0000_0000L;

    public const long AddressStride = 0x1_0000L;

    public const long PhysicalBase = 0x2000_0000_0000L;

    public const long PageTableBase = 0x3000_0000_0000L;

    public const long CodeBase = 0x4000_0000_0000L;

    /// <summary>
    /// The frames of a C program's threads: thread <c>i</c>'s address-taken locals and thread-local variables are
    /// at <see cref="FrameBase"/>(i), which its SP holds (outside the translated range, so never translated).
    /// </summary>
    public const long StackBase = 0x5000_0000_0000L;

    public const long FrameStride = 1L << 32;

    /// <summary>How many times a counted loop (<see cref="Instr.Counted"/>) may iterate before the explorer cuts it as an endless loop.</summary>
    public const int CountedLoopCap = 100_000;

    public static long FrameBase(int thread) => StackBase + (thread * FrameStride);

    /// <summary>Where in a thread's frame its heap blocks start: one region of <see cref="HeapSiteStride"/> bytes per malloc call site.</summary>
    public const long HeapOffset = 1L << 31;

    public const long HeapSiteStride = 1L << 24;

    /// <summary>A heap block's region (its largest size): block k of a site is k strides into the site's region.</summary>
    public const long HeapBlockStride = AddressStride;

    public const int MaxHeapSites = (int)((FrameStride - HeapOffset) / HeapSiteStride);

    /// <summary>How many blocks one call site may hand out in one thread: its region holds no more.</summary>
    public const int MaxHeapBlocks = (int)(HeapSiteStride / HeapBlockStride);

    /// <summary>The status locations of heap blocks (<see cref="HeapInfo"/>) are here, where no C pointer points.</summary>
    public const long HeapStatusBase = 0x6000_0000_0000L;

    /// <summary>The address of block <paramref name="number"/> of malloc call site <paramref name="site"/> in thread <paramref name="thread"/>.</summary>
    public static long HeapBlockAddress(int thread, int site, long number) =>
        FrameBase(thread) + HeapOffset + (site * HeapSiteStride) + (number * HeapBlockStride);

    /// <summary>The bounded heap of a C program that calls malloc; null for other programs.</summary>
    public HeapInfo? Heap { get; init; }

    /// <summary>The kernel annotations of a C program (null when it has none): locks, private memory, roots, user threads.</summary>
    public KernelInfo? Kernel { get; init; }

    /// <summary>
    /// Thread templates that are invariants (<c>VRM_INVARIANT</c>), the last ones: code the SC explorer runs on a
    /// state to check it, never started as threads.
    /// </summary>
    public IReadOnlyList<int> Invariants { get; init; } = [];

    /// <summary>Operations with an atomic specification (<c>VRM_SPEC</c>), whose spec templates come after the invariants.</summary>
    public IReadOnlyList<Operation> Operations { get; init; } = [];

    /// <summary>Abstraction relations (<c>VRM_ABSTRACTION</c>), templates after the specifications': checked at the end of a linearization.</summary>
    public IReadOnlyList<int> Abstractions { get; init; } = [];

    /// <summary>The templates a program without main starts, one thread each: all but the invariants, specifications and relations.</summary>
    public int StartedTemplates => Threads.Count - Invariants.Count - Operations.Count - Abstractions.Count;

    /// <summary>
    /// Thread ids below this have frames; a C program that starts more threads must be lowered again with a
    /// larger capacity (<see cref="FrameCapacityException"/>). Unlimited when no started thread needs a frame.
    /// </summary>
    public int FrameCapacity { get; init; } = int.MaxValue;

    /// <summary>Gives a starting thread its frame (SP) in a C program; refuses an id beyond the frames made.</summary>
    public void StartFrame(long[] registers, int thread)
    {
        if (!Spawns && FrameOwners.Length == 0)
        {
            return;
        }
        if (thread >= FrameCapacity)
        {
            throw new FrameCapacityException(thread + 1);
        }
        registers[Reg.Sp] = FrameBase(thread);
    }

    /// <summary>Page-table programs (herd's -variant vmsa): variables, entries, faults; null for other programs.</summary>
    public VmsaInfo? Vmsa { get; init; }

    /// <summary>The value of a code label: the address of instruction <paramref name="index"/> of thread <paramref name="thread"/>.</summary>
    public static long CodeAddress(int thread, int index) => CodeBase + (thread * AddressStride) + (4L * index);

    /// <summary><c>label:"P1:L1"</c> when <paramref name="value"/> is the address of a labelled instruction, else null.</summary>
    public string? CodeLabel(long value)
    {
        long offset = value - CodeBase;
        if (offset < 0 || offset >= Threads.Count * AddressStride || offset % 4 != 0)
        {
            return null;
        }
        int thread = (int)(offset / AddressStride), index = (int)(offset % AddressStride / 4);
        foreach (var (name, at) in Threads[thread].Labels)
        {
            if (at == index)
            {
                return $"label:\"P{thread}:{name}\"";
            }
        }
        return null;
    }

    private Dictionary<long, int>? byAddress;

    /// <summary>The byte address of each location (array cells lie next to each other).</summary>
    public required long[] Addresses { get; init; }

    public long AddressOf(int loc) => Addresses[loc];

    /// <summary>Registers per thread: the architectural ones, plus the virtual registers a C lowering uses.</summary>
    public int RegisterCount { get; init; } = Reg.Count;

    /// <summary>The size in bytes of each location (8 unless a C type says otherwise); empty means all 8.</summary>
    public int[] Sizes { get; init; } = [];

    /// <summary>
    /// True when only thread 0 starts and the others are templates started by <see cref="Opcode.Spawn"/>
    /// (a C program's main and its pthread_create calls); litmus programs start every thread.
    /// </summary>
    public bool Spawns { get; init; }

    /// <summary>
    /// Some thread loads or stores through a <c>VRM_ROOT</c> table (<see cref="Instr.Root"/> ≥ 0): a model that
    /// runs the program walks those tables, so locations reach threads through entries no analysis follows.
    /// </summary>
    public bool UserAccesses => Threads.Any(t => t.Code.Any(i => i.Root >= 0));

    public int SizeOf(int loc) => Sizes.Length == 0 ? 8 : Sizes[loc];

    /// <summary>A fresh copy of the initial memory, each cell cut to its size (what a load of it reads first).</summary>
    public long[] StartMemory()
    {
        var mem = new long[Locations.Count];
        for (int i = 0; i < mem.Length; i++)
        {
            int size = SizeOf(i);
            mem[i] = size >= 8 ? InitMemory[i] : InitMemory[i] & ((1L << (size * 8)) - 1);
        }
        return mem;
    }

    /// <summary>For a C local whose address was taken (an alloca), the thread template whose stack holds it; empty when there are none.</summary>
    public int[] FrameOwners { get; init; } = [];

    /// <summary>The template whose stack frame the location is in, or -1 for a global.</summary>
    public int FrameOwner(int loc) => FrameOwners.Length == 0 ? -1 : FrameOwners[loc];

    /// <summary>The location at an address, or -1 when the address is not the start of a known location.</summary>
    public int LocationAt(long address)
    {
        byAddress ??= Addresses.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i);
        return byAddress.TryGetValue(address, out int loc) ? loc : -1;
    }

    /// <summary>Describes an address that is no location: the variable it falls in and the offset, when it is near one.</summary>
    /// <summary>
    /// An access to an address that is no location of the test: an error in the test (an uninitialised base
    /// register holds 0, an index ran past an array), not a feature vrm lacks.
    /// </summary>
    public DiagnosticException OutOfBounds(Instr ins, long address) =>
        new(new Diagnostic(ins.SourceFile ?? File, ins.Pos, $"'{ins.Text}' accesses {DescribeAddress(address)}, which is not a location of the test (out-of-bounds access; is its address register initialised?)"));

    public string DescribeAddress(long address)
    {
        // A page-table program's variables are reached by virtual address: name the variable below it.
        if (Vmsa?.Variables.Where(v => v.VirtualAddress <= address && address - v.VirtualAddress < AddressStride).MaxBy(v => v.VirtualAddress) is { } variable)
        {
            return $"{variable.Name}+{address - variable.VirtualAddress}";
        }
        var (best, offset) = Containing(address);
        return best < 0 ? address.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Locations[best]}+{offset}";
    }

    /// <summary>The location nearest below an address (within one variable's stride) and the offset into it; -1 when none.</summary>
    public (int Loc, long Offset) Containing(long address)
    {
        int best = -1;
        for (int i = 0; i < Addresses.Length; i++)
        {
            if (Addresses[i] <= address && address - Addresses[i] < AddressStride && (best < 0 || Addresses[i] > Addresses[best]))
            {
                best = i;
            }
        }
        return best < 0 ? (-1, 0) : (best, address - Addresses[best]);
    }

    /// <summary>How herd prints a value: a location's name when it is that location's address, else a number.</summary>
    public string FormatValue(long value)
    {
        if (Vmsa?.FormatValue(this, value) is { } special)
        {
            return special;
        }
        int loc = Vmsa is null ? LocationAt(value) : -1;
        return loc >= 0 ? Locations[loc] : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public string FormatObservable(Observable o) =>
        o.IsFault ? Vmsa!.FormatAtom(this, Vmsa.Faults[o.Fault])
        : o.IsMemory ? $"[{Locations[o.Loc]}]" : $"{o.Thread}:{Reg.Name(o.Reg)}";
}

/// <summary>A C program started more threads than it has frames for: lower it again with at least <see cref="Needed"/>.</summary>
public sealed class FrameCapacityException(int needed) : Exception($"a C program needs frames for {needed} threads")
{
    public int Needed { get; } = needed;
}
