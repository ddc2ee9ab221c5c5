using Vrm.Explore;
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
public sealed class BreakBeforeMake : ICheck
{
    public bool JudgesConsistentExecutions => true;

    public const string Flag = "Warning-BBM-expected";

    public IEnumerable<Diagnosis> OnConsistentExecution(CandidateExecution x, Relation ob)
    {
        var vmsa = x.Program.Vmsa!;
        for (int e2 = 0; e2 < x.N; e2++)
        {
            var w = x.Events[e2];
            if (!w.IsWrite || PageEntries.EntryOf(vmsa, w.Loc) is not var (variable, vmid) || !PageEntries.Cacheable(w.Value, vmid))
            {
                continue;
            }
            for (int e1 = 0; e1 < x.N; e1++)
            {
                var old = x.Events[e1];
                if (e1 == e2 || !old.IsMemory || old.Loc != w.Loc || !PageEntries.Cacheable(old.Value, vmid) || !CoherenceBefore(x, e1, e2)
                    || !PageEntries.NeedsBreak(x.Program, old.Value, w.Value, vmid, l => WrittenValues(x, l)) || Broken(x, ob, e1, e2, variable, vmid))
                {
                    continue;
                }
                yield return new Diagnosis(Flag, Message(x, e1, e2, vmid), w.Instr?.Pos ?? default);
            }
        }
    }

    /// <summary>herd's <c>ca</c>: coherence order between writes, from-reads from a read.</summary>
    private static bool CoherenceBefore(CandidateExecution x, int e1, int e2)
    {
        int w1 = x.Events[e1].IsWrite ? e1 : x.Rf[e1];
        return w1 >= 0 && x.CoRank[w1] < x.CoRank[e2];
    }

    private static IEnumerable<long> WrittenValues(CandidateExecution x, int loc) =>
        x.Events.Where(e => e.IsWrite && e.Loc == loc).Select(e => e.Value);

    /// <summary>herd's BBM: an invalid (or access-flag-clear) entry after the old one, ordered before a TLBI of the page ordered before the new entry.</summary>
    private static bool Broken(CandidateExecution x, Relation ob, int e1, int e2, VmsaVariable variable, int vmid)
    {
        int loc = x.Events[e2].Loc;
        // A walk of the entry, to ask which TLBIs invalidate what it caches: its page, stage and VMID.
        var walk = new Event { Kind = EventKind.Read, Flags = EventFlags.Implicit, Loc = loc, Value = x.Events[e1].Value, Page = variable.VirtualAddress >> 12, Vmid = vmid };
        for (int u = 0; u < x.N; u++)
        {
            var ev = x.Events[u];
            if (!ev.IsWrite || u == e2 || ev.Loc != loc || PageEntries.Cacheable(ev.Value, vmid) || !CoherenceBefore(x, e1, u))
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

    private static string Message(CandidateExecution x, int e1, int e2, int vmid) =>
        PageEntries.BbmMessage(x.Program, VmsaText.Event(x, e2), x.Events[e2].Loc, x.Events[e2].Value, x.Events[e1].Value, vmid);
}
