using Vrm.Syntax.Litmus;

namespace Vrm.Programs;

/// <summary>
/// A variable of a page-table program: the virtual address code uses, the physical page behind it (where
/// the data cell <see cref="DataLoc"/> lives) and its level-3 page-table entry (location <see cref="PteLoc"/>).
/// </summary>
public sealed record VmsaVariable(string Name, long VirtualAddress, long PhysicalAddress, long PteAddress, int DataLoc, int PteLoc)
{
    /// <summary>The entries a walk of this variable reads, from the first level to its level-3 entry (<see cref="PteLoc"/> alone with one level).</summary>
    public IReadOnlyList<int> EntryLocs { get; init; } = [PteLoc];

    /// <summary>Per VMID, the location of the variable's stage-2 entry in that virtual machine's table.</summary>
    public IReadOnlyDictionary<int, int> Stage2Locs { get; init; } = new Dictionary<int, int>();
}

/// <summary>
/// A fault atom of the condition or the <c>locations</c> list: thread <see cref="Thread"/> took a fault,
/// at the instruction labelled <see cref="Label"/> (index <see cref="Instr"/>) when given, on location
/// <see cref="Loc"/> (a data cell or a page-table entry) when given, of herd's <see cref="Type"/> (such as
/// <c>MMU:Translation</c>) when given.
/// </summary>
public sealed record FaultAtom(int Thread, string? Label, int Instr, int Loc, string? Type)
{
    /// <summary>The atom's final value for a thread that took <paramref name="faults"/>: the first that matches, encoded, or 0.</summary>
    public long ValueIn(IReadOnlyList<TakenFault> faults)
    {
        foreach (var f in faults)
        {
            if ((Label is null || Instr == f.Instr) && (Loc < 0 || Loc == f.Loc) && (Type is null || Type == "MMU:" + f.Kind))
            {
                return FaultValue.Encode(f.Loc, f.Kind, f.El0);
            }
        }
        return 0;
    }
}

/// <summary>A fault a path took: at instruction <paramref name="Instr"/> of the thread's code, on location <paramref name="Loc"/>.</summary>
public readonly record struct TakenFault(int Instr, int Loc, FaultKind Kind, bool El0);

/// <summary>Hardware updates of page-table entries a thread performs (herd's <c>TTHM</c> header).</summary>
[Flags]
public enum HardwareUpdate
{
    None = 0,

    /// <summary>HA: the walk sets the access flag instead of taking an access-flag fault.</summary>
    AccessFlag = 1,

    /// <summary>HD: a write to a clean page with DBM set makes it dirty instead of taking a permission fault.</summary>
    DirtyBit = 2,
}

/// <summary>The kinds of MMU fault herd reports (<c>D-MMU:Translation</c>...).</summary>
public enum FaultKind { Translation = 1, AccessFlag = 2, Permission = 3 }

/// <summary>
/// The final value of a fault observable: 0 when the atom's fault did not happen, else the faulting location,
/// the kind and whether the thread ran at EL0, packed so that a model can report it as a number.
/// </summary>
public static class FaultValue
{
    public static long Encode(int loc, FaultKind kind, bool el0) => (loc + 1L) | ((long)kind << 32) | (el0 ? 1L << 40 : 0);

    public static (int Loc, FaultKind Kind, bool El0) Decode(long value) =>
        ((int)(value & 0xFFFF_FFFFL) - 1, (FaultKind)((value >> 32) & 0xFF), (value & (1L << 40)) != 0);
}

/// <summary>
/// What a page-table (VMSA) program adds to a <see cref="Program"/>: its variables with their physical
/// pages and page-table entries, hardware updates per thread, the threads at EL0, and the fault atoms its
/// condition mentions (observables of kind <see cref="Observable.IsFault"/> index <see cref="Faults"/>).
/// </summary>
public sealed record VmsaInfo(IReadOnlyList<VmsaVariable> Variables, IReadOnlyList<FaultAtom> Faults)
{
    /// <summary>Per thread, the TTHM hardware updates it performs.</summary>
    public IReadOnlyList<HardwareUpdate> Updates { get; init; } = [];

    /// <summary>Threads that run at EL0 (herd's <c>EL0=</c> header); the others run at EL1.</summary>
    public IReadOnlyList<int> El0Threads { get; init; } = [];

    /// <summary>herd's variants of the test (its <c>Variant=</c> header and the command line's), such as how faults are taken.</summary>
    public Variant Variants { get; init; }

    /// <summary>
    /// The translation levels a walk reads, ending at level 3: 1 is herd's layout (one level-3 table); 4 is a
    /// full AArch64 stage-1 walk with a 4 KiB granule, from the level-0 table through table descriptors.
    /// </summary>
    public int Levels { get; init; } = 1;

    public int FirstLevel => 4 - Levels;

    /// <summary>
    /// FEAT_ETS2 (<c>Variant=ETS2</c>, herd's "ETS2"): a DSB also orders later walks, and a walk that faults for
    /// translation or the access flag is ordered after the explicit accesses before it.
    /// </summary>
    public bool Ets2 => Variants.HasFlag(Variant.Ets2);

    /// <summary>
    /// herd's <c>imprecise</c>/<c>handled</c> faults: without a handler the fault is recorded and the instruction
    /// retried (herd's default, <c>fatal</c>/<c>precise</c>, ends the thread).
    /// </summary>
    public bool Imprecise => (Variants & (Variant.Imprecise | Variant.Handled)) != 0;

    /// <summary>Per thread, the VMID of the virtual machine it runs in (its accesses go through that VM's stage-2 table), or 0.</summary>
    public IReadOnlyList<int> Vmids { get; init; } = [];

    public int VmidOf(int thread) => thread < Vmids.Count ? Vmids[thread] : 0;

    /// <summary>The base of virtual machine <paramref name="vmid"/>'s stage-2 table (one level, indexed like a level-3 table).</summary>
    public static long Stage2TableBase(int vmid) => Program.PageTableBase + 0x10000 + (vmid * 0x1000L);

    /// <summary>
    /// The base of the level-<paramref name="level"/> table: level 3 at <see cref="Program.PageTableBase"/> (the
    /// entries herd's layout has), each level above one page higher.
    /// </summary>
    public static long TableBase(int level) => Program.PageTableBase + ((3 - level) * 0x1000L);

    /// <summary>The index of <paramref name="va"/>'s entry in its level-<paramref name="level"/> table: 9 bits of the address per level.</summary>
    public static long Index(long va, int level) => (va >> (12 + (9 * (3 - level)))) & 511;

    /// <summary>The level of the table whose base is <paramref name="address"/>, or -1.</summary>
    public int TableAt(long address)
    {
        for (int l = FirstLevel; l <= 3; l++)
        {
            if (TableBase(l) == address)
            {
                return l;
            }
        }
        return -1;
    }

    /// <summary>True when <paramref name="loc"/> is a translation-table entry (of any level).</summary>
    public bool IsEntry(int loc) => Variables.Any(v => v.EntryLocs.Contains(loc) || v.Stage2Locs.Values.Contains(loc));

    /// <summary>The variable whose virtual page holds <paramref name="address"/>, or null for a physical address.</summary>
    public VmsaVariable? ByVirtualAddress(long address) =>
        address is >= Program.AddressBase and < Program.PhysicalBase
            ? Variables.FirstOrDefault(v => address >= v.VirtualAddress && address - v.VirtualAddress < 4096)
            : null;

    public VmsaVariable? ByDataLoc(int loc) => Variables.FirstOrDefault(v => v.DataLoc == loc);

    public VmsaVariable? ByPteLoc(int loc) => Variables.FirstOrDefault(v => v.PteLoc == loc);

    /// <summary>How herd names a location that faults: <c>x</c> for a data cell, <c>PTE(x)</c> for an entry.</summary>
    public string FaultLocationName(Program p, int loc) => p.Locations[loc];

    /// <summary>
    /// herd's notation for a value of a page-table program, or null for a plain number: a variable's virtual
    /// address <c>x</c>, <c>PA(x)</c>, <c>PTE(x)</c>, a code label <c>label:"P1:L1"</c>, or a descriptor <c>(oa:PA(x), af:0)</c>.
    /// </summary>
    public string? FormatValue(Program p, long value)
    {
        foreach (var v in Variables)
        {
            if (value == v.VirtualAddress)
            {
                return v.Name;
            }
            if (value == v.PhysicalAddress)
            {
                return $"PA({v.Name})";
            }
            if (value == v.PteAddress)
            {
                return $"PTE({v.Name})";
            }
            foreach (var (vmid, loc) in v.Stage2Locs)
            {
                if (value == p.AddressOf(loc))
                {
                    return $"S2PTE({v.Name},{vmid})";
                }
            }
        }
        if (p.CodeLabel(value) is { } label)
        {
            return label;
        }
        if (Levels > 1 && TableAt(value) is int level and > 0)
        {
            return $"TABLE({level})";
        }
        if (Pte.IsStage2Descriptor(value))
        {
            var s2 = Pte.DecodeStage2(value);
            if (Variables.FirstOrDefault(v => v.PhysicalAddress == s2.OutputAddress) is { } target)
            {
                return Pte.FormatStage2(s2, _ => $"PA({target.Name})");
            }
        }
        if (Pte.IsDescriptor(value))
        {
            var fields = Pte.Decode(value);
            var oa = Variables.FirstOrDefault(v => v.PhysicalAddress == fields.OutputAddress) is { } pa ? $"PA({pa.Name})"
                : Variables.FirstOrDefault(v => v.PteAddress == fields.OutputAddress) is { } pte && Levels == 1 ? $"PTE({pte.Name})"
                : Levels > 1 && TableAt(fields.OutputAddress) is int table and > 0 ? $"TABLE({table})"
                : null;
            if (oa is not null)
            {
                return Pte.Format(fields, _ => oa);
            }
        }
        return null;
    }

    /// <summary>The atom as herd writes it in a condition: <c>fault(P0:L0,x,MMU:Translation)</c>.</summary>
    public string FormatAtom(Program p, FaultAtom f, string keyword = "fault") =>
        $"{keyword}(P{f.Thread}{(f.Label is null ? "" : ":" + f.Label)}{(f.Loc < 0 ? "" : "," + FaultLocationName(p, f.Loc))}{(f.Type is null ? "" : "," + f.Type)})";

    /// <summary>
    /// A fault atom in a final state, as herd prints it: a fault that happened shows where and of what kind
    /// (<c>Fault(P0:L0,x,D-MMU:Translation)</c>; the atom's own type when it names one), one that did not shows
    /// the atom (<c>~Fault(P0:L0,x)</c>).
    /// </summary>
    public string FormatState(Program p, FaultAtom f, long value)
    {
        if (value == 0)
        {
            return "~" + FormatAtom(p, f, "Fault");
        }
        var (loc, kind, el0) = FaultValue.Decode(value);
        var type = f.Type ?? "D-MMU:" + kind.ToString();
        var where = loc >= 0 ? "," + FaultLocationName(p, loc) : "";
        return $"Fault(P{f.Thread}{(f.Label is null ? "" : ":" + f.Label)}{where},{type}{(el0 ? ",EL0" : "")})";
    }

    /// <summary>herd's order of fault atoms in a state: by thread, then label, then location name.</summary>
    public int CompareFaults(Program p, FaultAtom a, FaultAtom b, long va, long vb)
    {
        int c = a.Thread.CompareTo(b.Thread);
        if (c != 0)
        {
            return c;
        }
        c = string.CompareOrdinal(a.Label ?? "", b.Label ?? "");
        if (c != 0)
        {
            return c;
        }
        string La(FaultAtom f, long v) => v != 0 && FaultValue.Decode(v).Loc is int l and >= 0 ? FaultLocationName(p, l) : f.Loc >= 0 ? FaultLocationName(p, f.Loc) : "";
        return string.CompareOrdinal(La(a, va), La(b, vb));
    }
}
