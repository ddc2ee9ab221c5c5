using Vrm.Programs;

namespace Vrm.Checks.Mmu;

/// <summary>
/// What break-before-make asks of page-table entries, the same for the axiomatic models' executions and
/// Promising's memories: which locations are page entries, which values a TLB may hold, which changes need a
/// break, and how the warning reads.
/// </summary>
internal static class PageEntries
{
    /// <summary>
    /// The page entry at <paramref name="loc"/>: a variable's level-3 entry (VMID 0), or its stage-2 entry in a
    /// virtual machine's table (vrm's extension: stage-2 remaps need break-before-make as much).
    /// </summary>
    public static (VmsaVariable Variable, int Vmid)? EntryOf(VmsaInfo vmsa, int loc)
    {
        if (vmsa.ByPteLoc(loc) is { } v)
        {
            return (v, 0);
        }
        foreach (var variable in vmsa.Variables)
        {
            foreach (var (vmid, s2) in variable.Stage2Locs)
            {
                if (s2 == loc)
                {
                    return (variable, vmid);
                }
            }
        }
        return null;
    }

    /// <summary>A valid entry with its access flag set: one the TLB may hold (herd's TLBCacheableTTD).</summary>
    public static bool Cacheable(long value, int vmid)
    {
        if (vmid > 0)
        {
            var s2 = Pte.DecodeStage2(value);
            return Pte.IsStage2Descriptor(value) && s2.Valid && s2.Af;
        }
        var f = Pte.Decode(value);
        return Pte.IsDescriptor(value) && f.Valid && f.Af;
    }

    /// <summary>
    /// The output address changes, and one of the pages is writable or their contents may differ (herd's
    /// TTD-OA-update with TTD-at-least-one-writable or TTD-memory-contents-mismatch); <paramref name="written"/>
    /// gives the values a location holds in the execution, its initial one included.
    /// </summary>
    public static bool NeedsBreak(Program p, long before, long after, int vmid, Func<int, IEnumerable<long>> written)
    {
        var (oaA, writableA) = vmid > 0 ? (Pte.DecodeStage2(before).OutputAddress, Pte.DecodeStage2(before).Write) : (Pte.Decode(before).OutputAddress, Pte.Decode(before).Db);
        var (oaB, writableB) = vmid > 0 ? (Pte.DecodeStage2(after).OutputAddress, Pte.DecodeStage2(after).Write) : (Pte.Decode(after).OutputAddress, Pte.Decode(after).Db);
        if (oaA == oaB)
        {
            return false;
        }
        if (writableA || writableB)
        {
            return true;
        }
        int la = p.LocationAt(oaA), lb = p.LocationAt(oaB);
        if (la < 0 || lb < 0)
        {
            return true;
        }
        var a = written(la).Distinct().ToList();
        var b = written(lb).Distinct().ToList();
        return a.Except(b).Any() || b.Except(a).Any();
    }

    /// <summary>The warning for <paramref name="writer"/> (a thread's instruction, as diagnostics name it) replacing <paramref name="old"/> at <paramref name="loc"/> by <paramref name="value"/>.</summary>
    public static string BbmMessage(Program p, string writer, int loc, long value, long old, int vmid)
    {
        string tlbi = vmid > 0 ? $"TLBI IPAS2E1IS of the IPA with VMID {vmid} in VTTBR_EL2" : "TLBI of the page";
        return $"{writer} writes {p.FormatValue(value)} to {p.Locations[loc]}, which held the valid entry "
            + $"{p.FormatValue(old)} for another page, without break-before-make: first write an invalid entry, "
            + $"DSB, {tlbi}, DSB, then the new entry";
    }
}
