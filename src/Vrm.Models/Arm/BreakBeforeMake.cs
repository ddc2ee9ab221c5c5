using Vrm.Models.Executions;
using Vrm.Programs;

namespace Vrm.Models.Arm;

/// <summary>
/// aarch64bbm.cat's <c>Warning-BBM-expected</c>: a valid, accessed (TLB-cacheable) entry is replaced by
/// another such entry for a different page without break-before-make, that is without an invalid entry
/// coherence-between them that is ordered before a TLBI of the page which is ordered before the new write.
/// Only flagged, as herd does: the execution is still allowed.
/// </summary>
public static class BreakBeforeMake
{
    public const string Flag = "Warning-BBM-expected";

    public static IEnumerable<Diagnosis> Check(CandidateExecution x, BitMatrix ob)
    {
        var vmsa = x.Program.Vmsa!;
        for (int e2 = 0; e2 < x.N; e2++)
        {
            var w = x.Events[e2];
            if (!w.IsWrite || vmsa.ByPteLoc(w.Loc) is null || !Cacheable(w.Value))
            {
                continue;
            }
            for (int e1 = 0; e1 < x.N; e1++)
            {
                var old = x.Events[e1];
                if (e1 == e2 || !old.IsMemory || old.Loc != w.Loc || !Cacheable(old.Value) || !CoherenceBefore(x, e1, e2)
                    || !NeedsBreak(x, old.Value, w.Value) || Broken(x, ob, e1, e2))
                {
                    continue;
                }
                yield return new Diagnosis(Flag, Message(x, e1, e2), w.Instr?.Pos ?? default);
            }
        }
    }

    /// <summary>A valid entry with its access flag set: one the TLB may hold (herd's TLBCacheableTTD).</summary>
    private static bool Cacheable(long value)
    {
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
    private static bool NeedsBreak(CandidateExecution x, long before, long after)
    {
        PteFields a = Pte.Decode(before), b = Pte.Decode(after);
        if (a.OutputAddress == b.OutputAddress)
        {
            return false;
        }
        if (a.Db || b.Db)
        {
            return true;
        }
        int la = x.Program.LocationAt(a.OutputAddress), lb = x.Program.LocationAt(b.OutputAddress);
        return la < 0 || lb < 0 || WrittenValues(x, la).Except(WrittenValues(x, lb)).Any() || WrittenValues(x, lb).Except(WrittenValues(x, la)).Any();
    }

    private static IEnumerable<long> WrittenValues(CandidateExecution x, int loc) =>
        x.Events.Where(e => e.IsWrite && e.Loc == loc).Select(e => e.Value).Distinct();

    /// <summary>herd's BBM: an invalid (or access-flag-clear) entry after the old one, ordered before a TLBI of the page ordered before the new entry.</summary>
    private static bool Broken(CandidateExecution x, BitMatrix ob, int e1, int e2)
    {
        int loc = x.Events[e2].Loc;
        for (int u = 0; u < x.N; u++)
        {
            var ev = x.Events[u];
            if (!ev.IsWrite || u == e2 || ev.Loc != loc || Cacheable(ev.Value) || !CoherenceBefore(x, e1, u))
            {
                continue;
            }
            for (int t = 0; t < x.N; t++)
            {
                var tlbi = x.Events[t];
                if (tlbi.Kind == EventKind.Tlbi && (tlbi.Page == -1 || tlbi.Loc == loc) && ob.Has(u, t) && ob.Has(t, e2))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static string Message(CandidateExecution x, int e1, int e2)
    {
        var p = x.Program;
        var entry = p.Vmsa!.ByPteLoc(x.Events[e2].Loc)!;
        return $"{VmsaText.Event(x, e2)} writes {p.FormatValue(x.Events[e2].Value)} to PTE({entry.Name}), which held the valid entry "
            + $"{p.FormatValue(x.Events[e1].Value)} for another page, without break-before-make: first write an invalid entry, "
            + $"DSB, TLBI of the page, DSB, then the new entry";
    }
}
