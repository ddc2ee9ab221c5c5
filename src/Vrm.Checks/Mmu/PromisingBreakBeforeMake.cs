using Vrm.Explore;
using Vrm.Models;
using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Checks.Mmu;

/// <summary>
/// <see cref="BreakBeforeMake"/> on Promising-Arm: a message makes an entry TLB-cacheable over an older cacheable
/// message of the entry (the initial value is timestamp 0) for another page, and no invalid message of the
/// entry between them was ordered before a completed TLBI of the page that was ordered before the new write.
/// Timestamp order is coherence; "ordered before" is Promising's view: the TLBI's message records the view it
/// is ordered after, the run the view its write is. A view may cover messages that nothing orders (the
/// memory just put them below), which could hide a missing break in that memory; but the search also explores
/// the memory whose timestamps put the write's ordered-before events first, where its views cover what that
/// order does, and the warning is raised there.
/// </summary>
public sealed class PromisingBreakBeforeMake : ICheck
{
    public bool JudgesPromisingRuns => true;

    public IEnumerable<Diagnosis> OnRuns(PromisingRuns x)
    {
        var found = new HashSet<Diagnosis>();
        for (int ts = 1; ts <= x.Messages.Count; ts++)
        {
            var m = x[ts];
            if (PageEntries.EntryOf(x.Program.Vmsa!, m.Loc) is not var (variable, vmid) || !PageEntries.Cacheable(m.Val, vmid))
            {
                continue;
            }
            foreach (var (instr, pre) in Writers(x, ts))
            {
                Judge(x, ts, instr, pre, variable, vmid, found);
            }
        }
        return found;
    }

    /// <summary>
    /// The instructions that made the message in the runs of its thread (stores and hardware updates alike, as
    /// herd's check takes every write), with the view each is ordered after. A spurious access-flag update's
    /// pseudo-thread has no instruction and orders its update after nothing.
    /// </summary>
    private static IEnumerable<(Instr? Instr, int Pre)> Writers(PromisingRuns x, int ts)
    {
        int tid = x[ts].Tid;
        if (tid >= x.Threads.Count)
        {
            return [(null, 0)];
        }
        var made = new HashSet<(Instr?, int)>();
        foreach (var run in x.Threads[tid])
        {
            for (var f = run; f is not null; f = f.Before)
            {
                if (f.Fact is Fulfilled { Kind: not FulfilKind.Tlbi } w && w.Ts == ts)
                {
                    made.Add((w.Instr, w.Pre));
                }
            }
        }
        return made;
    }

    private static void Judge(PromisingRuns x, int ts, Instr? instr, int pre, VmsaVariable variable, int vmid, HashSet<Diagnosis> found)
    {
        var p = x.Program;
        var m = x[ts];
        for (int old = 0; old < ts; old++)
        {
            if (old > 0 && x[old].Loc != m.Loc)
            {
                continue;
            }
            long value = x.ValueAt(m.Loc, old);
            if (PageEntries.Cacheable(value, vmid) && PageEntries.NeedsBreak(p, value, m.Val, vmid, l => Written(x, l))
                && !Broken(x, old, ts, pre, variable, vmid, value))
            {
                string thread = Diagnosis.ThreadToken(m.Tid);
                string writer = instr is null ? thread : MaintenanceText.Named(thread, instr);
                found.Add(new Diagnosis(BreakBeforeMake.Flag, PageEntries.BbmMessage(p, writer, m.Loc, m.Val, value, vmid), instr?.Pos ?? default));
            }
        }
    }

    /// <summary>The values a location holds in the memory's executions: its initial one and its messages'.</summary>
    private static IEnumerable<long> Written(PromisingRuns x, int loc) =>
        x.Messages.Where(m => m.Loc == loc).Select(m => m.Val).Append(x.Program.InitMemory[loc]);

    /// <summary>An invalid message after the old one, ordered before a completed TLBI of the page that is ordered before the new write.</summary>
    private static bool Broken(PromisingRuns x, int old, int write, int pre, VmsaVariable variable, int vmid, long oldValue)
    {
        int loc = x[write].Loc;
        int page = x.Program.Vmsa!.Variables.ToList().IndexOf(variable);
        // Which TLBIs invalidate what a walk of the old entry cached: its page, stage and VMID.
        bool global = vmid != 0 || !Pte.Decode(oldValue).Ng;
        for (int u = old + 1; u < write; u++)
        {
            if (x[u].Loc != loc || PageEntries.Cacheable(x[u].Val, vmid))
            {
                continue;
            }
            for (int t = u + 1; t <= pre; t++)
            {
                if (x[t].Loc == x.TlbiLoc && TlbiMessage.Decode(x[t].Val) is { Completed: true } tlbi && tlbi.Pre >= u
                    && tlbi.Covers(page, leaf: true, vmid, walkAsid: 0, global))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
