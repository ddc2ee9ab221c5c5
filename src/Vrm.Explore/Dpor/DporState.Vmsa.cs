using Vrm.Explore.Stepping;
using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>
/// Where an access goes: its location, and in a page-table program the entry its walk read (<see cref="Walk"/>,
/// -1 for an untranslated access), the entry's value, the fault it causes, and the physical address it reaches.
/// </summary>
internal readonly record struct Translation(int Loc, int Walk, long Entry, FaultKind? Fault, long Physical, int[]? Path = null);

/// <summary>
/// Translation under SC: there is no TLB, so an access to a virtual address reads its page-table entry from
/// memory in the same step as the access itself. An invalid entry is a translation fault, a clear access flag
/// an access-flag fault (no hardware updates), a write to a read-only page a permission fault; each ends the
/// execution as a violation. C code runs at EL1, so physical memory and the entries are reached untranslated.
/// </summary>
internal sealed partial class DporState
{
    private Translation Translate(long address, Instr ins)
    {
        if (ins.Root >= 0)
        {
            return TranslateUser(address, Program.Kernel!.Roots[ins.Root]);
        }
        if (Program.Vmsa is not { } vmsa || address < Program.AddressBase || address >= Program.PhysicalBase)
        {
            return new Translation(Program.LocationAt(address), -1, 0, null, address);
        }
        var v = PageOf(vmsa, address);
        if (v is null)
        {
            return new Translation(-1, -1, 0, null, address);
        }
        long entry = Mem[v.PteLoc];
        var pte = Pte.Decode(entry);
        bool write = ins.Op != Opcode.Load;
        // No hardware updates of the entry, and C runs at EL1.
        var fault = Pte.FaultOf(pte, write, HardwareUpdate.None, el0: false);
        long physical = pte.OutputAddress + (address - v.VirtualAddress);
        return new Translation(fault is null ? Program.LocationAt(physical) : -1, v.PteLoc, entry, fault, physical);
    }

    /// <summary>
    /// A user/VM access walks the tables the C code built from its root, all levels in the one SC step. An
    /// entry that is no valid descriptor, or that lies in no memory the program has, is a translation fault;
    /// so is an output address in no variable (the oracle touches only memory the program models).
    /// </summary>
    private Translation TranslateUser(long address, RootDeclaration root)
    {
        var path = new List<int>(4);
        long table = root.Table;
        for (int level = root.StartLevel; level <= 3; level++)
        {
            int loc = VmsaWalk.UserEntryLoc(Program, table, address, level);
            if (loc < 0)
            {
                break;
            }
            path.Add(loc);
            long entry = Mem[loc];
            var step = VmsaWalk.UserEntry(Program, entry, address, level);
            if (step.Leaf)
            {
                return new Translation(step.Target, loc, entry, step.Fault ? FaultKind.Translation : null, step.Physical, [.. path]);
            }
            if (step.Fault)
            {
                return new Translation(-1, loc, entry, FaultKind.Translation, 0, [.. path]);
            }
            table = step.NextTable;
        }
        return new Translation(-1, path.Count > 0 ? path[^1] : -1, 0, FaultKind.Translation, 0, [.. path]);
    }

    /// <summary>
    /// A user/VM access that does not translate: only its walk happened. The oracle goes on (a load gives 0), as
    /// user code goes on after the kernel handles its fault.
    /// </summary>
    private void UserFault(DporThread th, Instr ins, DporEvent ev, Translation at)
    {
        ev.Loc = at.Walk;
        ev.Value = at.Entry;
        ev.Kind = StepKind.Read;
        ev.NonAtomic = false;
        ev.WalkOnly = true;
        ev.WalkLoc = -1;
        ev.Path = at.Path;
        if (ins.Op == Opcode.Load)
        {
            th.Set(ins.Rd, 0, 0, ins.Wide);
        }
        th.Pc++;
    }

    private static VmsaVariable? PageOf(VmsaInfo vmsa, long address) =>
        vmsa.Variables.FirstOrDefault(v => address >= v.VirtualAddress && address - v.VirtualAddress < 4096);

    /// <summary>The access faults: its event is the walk's read of the entry, and the violation says why.</summary>
    private void Fault(DporThread th, Instr ins, DporEvent ev, long address, Translation at)
    {
        var v = PageOf(Program.Vmsa!, address)!;
        ev.Loc = at.Walk;
        ev.Value = at.Entry;
        ev.Kind = StepKind.Read;
        // A walk is the MMU's read, not a C access: it takes part in no data race.
        ev.NonAtomic = false;
        ev.WalkOnly = true;
        Stop = new ThreadStop(StopReason.InvalidAccess, FaultMessage(Program, at.Fault!.Value, ins.Op != Opcode.Load, VirtualName(v, address), v, at.Entry), th.Id, ins);
        th.Status = ThreadStatus.Finished;
    }

    /// <summary>
    /// How a fault reads in a report: <c>translation fault: read of x through PTE(x) = 0 (not valid)</c>. Shared
    /// with the relaxed check, which knows the location and kind but not the entry (<paramref name="entry"/> null).
    /// </summary>
    public static string FaultMessage(Program p, FaultKind kind, bool write, string name, VmsaVariable v, long? entry)
    {
        string what = kind switch
        {
            FaultKind.Translation => "translation fault",
            FaultKind.AccessFlag => "access-flag fault",
            _ => "permission fault",
        };
        string why = kind switch
        {
            FaultKind.Translation => "not valid",
            FaultKind.AccessFlag => "access flag clear",
            _ => "read-only",
        };
        string state = kind switch
        {
            FaultKind.Translation => "is not valid",
            FaultKind.AccessFlag => "has its access flag clear",
            _ => "is read-only",
        };
        string access = write ? "write to " : "read of ";
        string through = entry is { } e ? $" through PTE({v.Name}) = {p.FormatValue(e)} ({why})" : $": PTE({v.Name}) {state}";
        return $"{what}: {access}{name}{through}";
    }

    /// <summary>The cell a virtual address names in the initial mapping: <c>x</c>, or <c>s.1</c> for a field of a page.</summary>
    private string VirtualName(VmsaVariable v, long address)
    {
        int loc = Program.LocationAt(v.PhysicalAddress + (address - v.VirtualAddress));
        return loc >= 0 ? Program.Locations[loc] : v.Name;
    }

    /// <summary>Why an access reaches no variable, naming the translation when there was one.</summary>
    private string NoVariable(long address, Translation at)
    {
        if (at.Walk < 0)
        {
            return Program.Vmsa is not null && address >= Program.AddressBase && address < Program.PhysicalBase
                ? $"access to virtual address 0x{address:x}, which is in no vrm_page variable"
                : $"access to address {Program.DescribeAddress(address)}, which is no variable";
        }
        var v = PageOf(Program.Vmsa!, address)!;
        return $"access to {VirtualName(v, address)} translates through PTE({v.Name}) = {Program.FormatValue(at.Entry)} to physical address 0x{at.Physical:x}, which is no variable";
    }
}
