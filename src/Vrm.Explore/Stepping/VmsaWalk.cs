using Vrm.Models.Mmu;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Stepping;

/// <summary>
/// Where a page-table program's access starts: reached untranslated (a physical address or an entry, which
/// EL0 code may not touch: <see cref="El0Fault"/>), or by a walk from the entry at <see cref="EntryAddress"/>
/// of <see cref="Level"/> (a VM's thread: its stage-2 entry alone, <see cref="Vmid"/> &gt; 0).
/// </summary>
internal readonly record struct WalkStart(int Direct, bool El0Fault, VmsaVariable? Variable, int Level, long EntryAddress, int Vmid);

/// <summary>
/// What one level of a walk through a C program's own tables (<c>VRM_ROOT</c>) makes of the entry it read: a
/// fault (<see cref="Fault"/>), the next table (<see cref="NextTable"/>), or a leaf (page or block) that maps the
/// access to <see cref="Physical"/>, location <see cref="Target"/> (-1, a fault: no memory the program has).
/// </summary>
internal readonly record struct UserLevel(bool Fault, bool Leaf, long NextTable, int Target, long Physical);

/// <summary>
/// The translation rules of herd's <c>-variant vmsa</c> that do not depend on the memory model: where a walk
/// starts, which entry each level reads, what an entry read means (the next level, a fault, or the page), and
/// which entry a TLBI by address names. The models decide which value each read may see.
/// </summary>
internal static class VmsaWalk
{
    /// <summary>The location of a TLBI by address whose page holds no variable: it matches no walk.</summary>
    public const int NoEntry = -2;

    /// <param name="el0">The access is EL0 code's (outside a handler, which runs at EL1).</param>
    public static WalkStart Start(Program program, int thread, Instr ins, long address, bool el0)
    {
        var vmsa = program.Vmsa!;
        var variable = vmsa.ByVirtualAddress(address);
        if (variable is null)
        {
            int loc = program.LocationAt(address);
            if (loc < 0)
            {
                throw Unsupported(program, ins, $"unsupported: '{ins.Text}' accesses {program.DescribeAddress(address)}, which is no variable, physical page or page-table entry of the test");
            }
            return new WalkStart(loc, el0, null, 0, 0, 0);
        }
        if (vmsa.VmidOf(thread) is int vmid and > 0)
        {
            // A thread in a virtual machine: its address is an IPA (the guest's stage 1 is off), translated by its
            // VM's stage-2 entry alone, whose read is a walk tagged with the VMID.
            return new WalkStart(-1, false, variable, 3, program.AddressOf(variable.Stage2Locs[vmid]), vmid);
        }
        int first = vmsa.FirstLevel;
        return new WalkStart(-1, false, variable, first, VmsaInfo.TableBase(first) + (VmsaInfo.Index(address, first) * 8), 0);
    }

    /// <summary>The location of the entry a level of the walk reads.</summary>
    public static int EntryLoc(Program program, Instr ins, int level, long entryAddress)
    {
        int loc = program.LocationAt(entryAddress);
        return loc >= 0 ? loc
            : throw Unsupported(program, ins, $"unsupported: the walk of '{ins.Text}' reads a level-{level} entry at {entryAddress:x}, which is no entry of the test");
    }

    /// <summary>
    /// What an entry read at <paramref name="level"/> means: its fields (a stage-2 entry's output address only),
    /// and the fault it causes, or null when the walk goes on (a table entry) or the access may proceed (the leaf).
    /// </summary>
    public static (PteFields Entry, FaultKind? Fault) Classify(long value, int level, bool stage2, bool write, HardwareUpdate updates, bool el0)
    {
        if (stage2)
        {
            var f = Pte.DecodeStage2(value);
            return (PteFields.Default(f.OutputAddress), Pte.FaultOfStage2(f, write));
        }
        var pte = Pte.Decode(value);
        return (pte, level < 3 ? (pte.Valid ? null : FaultKind.Translation) : Pte.FaultOf(pte, write, updates, el0));
    }

    /// <summary>The address of the next level's entry, in the table a table entry maps.</summary>
    public static long NextEntry(PteFields entry, long address, int level) => entry.OutputAddress + (VmsaInfo.Index(address, level + 1) * 8);

    /// <summary>The location the leaf maps the access to.</summary>
    public static int Target(Program program, Instr ins, PteFields leaf, long offset)
    {
        int loc = program.LocationAt(leaf.OutputAddress + offset);
        return loc >= 0 ? loc
            : throw Unsupported(program, ins, $"unsupported: '{ins.Text}' translates to physical address {leaf.OutputAddress + offset:x}, which is no location of the test");
    }

    /// <summary>The index of the variable whose page a TLBI by address names (VA &gt;&gt; 12), or -1: it invalidates nothing of the test.</summary>
    public static int VariableOfPage(VmsaInfo vmsa, long page)
    {
        for (int i = 0; i < vmsa.Variables.Count; i++)
        {
            if (vmsa.Variables[i].VirtualAddress >> 12 == page)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The location of the entry a walk through C tables reads at <paramref name="level"/> of <paramref name="table"/>; -1 (a fault) outside the program's memory.</summary>
    public static int UserEntryLoc(Program program, long table, long address, int level) =>
        program.LocationAt(table + (8L * TableWalk.IndexAt(address, level)));

    /// <summary>
    /// An entry of a C program's table as VMSAv8-64 reads it (<see cref="TableWalk"/>): a leaf maps the access,
    /// a table entry leads on, anything else faults. The models share it; they differ in which value the walk reads.
    /// </summary>
    public static UserLevel UserEntry(Program program, long entry, long address, int level)
    {
        if (TableWalk.IsLeaf(entry, level))
        {
            long physical = TableWalk.Leaf(entry, level, address).OutputAddress;
            int target = program.LocationAt(physical);
            return new UserLevel(target < 0, true, 0, target, physical);
        }
        return TableWalk.IsTable(entry, level)
            ? new UserLevel(false, false, entry & TableWalk.AddressMask, -1, 0)
            : new UserLevel(true, false, 0, -1, 0);
    }

    /// <summary>The hardware updates the thread's walks make (herd's <c>TTHM</c>).</summary>
    public static HardwareUpdate UpdatesOf(VmsaInfo vmsa, int thread) => vmsa.Updates.Count > thread ? vmsa.Updates[thread] : HardwareUpdate.None;

    /// <summary>A construct of the test vrm does not model: reported like herd's unsupported tests.</summary>
    public static DiagnosticException Unsupported(Program program, Instr ins, string message) =>
        new(new Diagnostic(program.File, ins.Pos, message), unsupported: true);
}
