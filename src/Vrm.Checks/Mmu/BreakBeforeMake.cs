using Vrm.Models;
using Vrm.Models.Executions;
using Vrm.Models.Relations;
using Vrm.Programs;

namespace Vrm.Checks.Mmu;

/// <summary>
/// aarch64bbm.cat's <c>Warning-BBM-expected</c>: a valid, accessed (TLB-cacheable) entry is replaced by
/// another such entry for a different page without break-before-make, that is without an invalid entry
/// coherence-between them that is ordered before a TLBI of the page which is ordered before the new write.
/// Only flagged, as herd does: the execution is still allowed. vrm checks stage-2 entries the same way.
/// </summary>
public sealed class BreakBeforeMake : IConsistentExecutionCheck
{
    public const string Flag = "Warning-BBM-expected";

    public IEnumerable<Diagnosis> Check(CandidateExecution x, Relation ob)
    {
        var vmsa = x.Program.Vmsa!;
        for (int e2 = 0; e2 < x.N; e2++)
        {
            var w = x.Events[e2];
            if (!w.IsWrite || EntryOf(vmsa, w.Loc) is not var (variable, vmid) || !Cacheable(w.Value, vmid))
            {
                continue;
            }
            for (int e1 = 0; e1 < x.N; e1++)
            {
                var old = x.Events[e1];
                if (e1 == e2 || !old.IsMemory || old.Loc != w.Loc || !Cacheable(old.Value, vmid) || !CoherenceBefore(x, e1, e2)
                    || !NeedsBreak(x, old.Value, w.Value, vmid) || Broken(x, ob, e1, e2, variable, vmid))
                {
                    continue;
                }
                yield return new Diagnosis(Flag, Message(x, e1, e2, variable, vmid), w.Instr?.Pos ?? default);
            }
        }
    }

    /// <summary>
    /// The page entry at <paramref name="loc"/>: a variable's level-3 entry (VMID 0), or its stage-2 entry in a
    /// virtual machine's table (vrm's extension: stage-2 remaps need break-before-make as much).
    /// </summary>
    private static (VmsaVariable Variable, int Vmid)? EntryOf(VmsaInfo vmsa, int loc)
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
    private static bool Cacheable(long value, int vmid)
    {
        if (vmid > 0)
        {
            var s2 = Pte.DecodeStage2(value);
            return Pte.IsStage2Descriptor(value) && s2.Valid && s2.Af;
        }
        var f = Pte.Decode(value);
        return Pte.IsDescriptor(value) && f.Valid && f.Af;
    }

    /// <summary>herd's <c>ca</c>: coherence order between writes, from-reads from a read.</summary>
    private static bool CoherenceBefore(CandidateExecution x, int e1, int e2)
    {
        int w1 = x.Events[e1].IsWrite ? e1 : x.Rf[e1];
        return w1 >= 0 && x.CoRank[w1] < x.CoRank[e2];
    }

    /// <summary>
    /// The output address changes, and one of the pages is writable or their contents may differ (herd's
    /// TTD-OA-update with TTD-at-least-one-writable or TTD-memory-contents-mismatch).
    /// </summary>
    private static bool NeedsBreak(CandidateExecution x, long before, long after, int vmid)
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
        int la = x.Program.LocationAt(oaA), lb = x.Program.LocationAt(oaB);
        return la < 0 || lb < 0 || WrittenValues(x, la).Except(WrittenValues(x, lb)).Any() || WrittenValues(x, lb).Except(WrittenValues(x, la)).Any();
    }

    private static IEnumerable<long> WrittenValues(CandidateExecution x, int loc) =>
        x.Events.Where(e => e.IsWrite && e.Loc == loc).Select(e => e.Value).Distinct();

    /// <summary>herd's BBM: an invalid (or access-flag-clear) entry after the old one, ordered before a TLBI of the page ordered before the new entry.</summary>
    private static bool Broken(CandidateExecution x, Relation ob, int e1, int e2, VmsaVariable variable, int vmid)
    {
        int loc = x.Events[e2].Loc;
        // A walk of the entry, to ask which TLBIs invalidate what it caches: its page, stage and VMID.
        var walk = new Event { Kind = EventKind.Read, Flags = EventFlags.Implicit, Loc = loc, Value = x.Events[e1].Value, Page = variable.VirtualAddress >> 12, Vmid = vmid };
        for (int u = 0; u < x.N; u++)
        {
            var ev = x.Events[u];
            if (!ev.IsWrite || u == e2 || ev.Loc != loc || Cacheable(ev.Value, vmid) || !CoherenceBefore(x, e1, u))
            {
                continue;
            }
            for (int t = 0; t < x.N; t++)
            {
                var tlbi = x.Events[t];
                if (tlbi.Invalidates(walk, leaf: true) && ob.Has(u, t) && ob.Has(t, e2))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static string Message(CandidateExecution x, int e1, int e2, VmsaVariable variable, int vmid)
    {
        var p = x.Program;
        string tlbi = vmid > 0 ? $"TLBI IPAS2E1IS of the IPA with VMID {vmid} in VTTBR_EL2" : "TLBI of the page";
        return $"{VmsaText.Event(x, e2)} writes {p.FormatValue(x.Events[e2].Value)} to {p.Locations[x.Events[e2].Loc]}, which held the valid entry "
            + $"{p.FormatValue(x.Events[e1].Value)} for another page, without break-before-make: first write an invalid entry, "
            + $"DSB, {tlbi}, DSB, then the new entry";
    }
}
