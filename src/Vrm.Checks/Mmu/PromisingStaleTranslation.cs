using Vrm.Explore;
using Vrm.Models;
using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Checks.Mmu;

/// <summary>
/// <see cref="StaleTranslation"/> on Promising-Arm: a level of an access's walk read a message of the entry
/// although a newer explicit write of it is ordered before the access, and the message says which
/// maintenance is missing. "Ordered before" cannot be the access's view alone: a view covers every message
/// the memory put below it, ordered or not (a reader that stored to another location, then translated,
/// would cover any earlier unmap), so it is <see cref="PromisingOrder"/>'s chains of herd's ob edges. Each
/// choice of one run per thread is an execution, so the reader's run may be paired with any run of the others.
/// </summary>
public sealed class PromisingStaleTranslation : ICheck
{
    public bool JudgesPromisingRuns => true;

    public IEnumerable<Diagnosis> OnRuns(PromisingRuns x)
    {
        var found = new HashSet<Diagnosis>();
        var order = new PromisingOrder(x);
        for (int reader = 0; reader < x.Threads.Count; reader++)
        {
            foreach (var run in x.Threads[reader])
            {
                var facts = run.InOrder();
                for (int i = 0; i < facts.Count; i++)
                {
                    if (facts[i] is TranslatedAccess access)
                    {
                        for (var level = access.Levels; level is not null; level = level.Outer)
                        {
                            Judge(x, order, reader, facts, i, level, found);
                        }
                    }
                }
            }
        }
        return found;
    }

    /// <summary>
    /// The first newer write of the level's entry that is ordered before the access (at <paramref name="at"/> in
    /// the reader's run <paramref name="facts"/>): the one whose maintenance is missing.
    /// </summary>
    private static void Judge(PromisingRuns x, PromisingOrder order, int reader, IReadOnlyList<RunFact> facts, int at, WalkRead level, HashSet<Diagnosis> found)
    {
        var p = x.Program;
        var access = (TranslatedAccess)facts[at];
        for (int ts = level.Ts + 1; ts <= Math.Min(access.View, x.Messages.Count); ts++)
        {
            var m = x[ts];
            if (m.Loc != level.EntryLoc || m.Tid >= x.Threads.Count)
            {
                continue;
            }
            // The runs that made the message by a store (the reader's own, or any of the writer's, each paired with the reader's run).
            var writers = m.Tid == reader ? [facts] : order.Runs(m.Tid).ToList();
            writers.RemoveAll(r => PromisingOrder.IndexOfWrite(r, ts) < 0);
            if (writers.Count == 0 || !order.Before(ts, reader, facts, at))
            {
                continue;
            }
            string entry = (level.Leaf ? "" : p.Locations[level.EntryLoc] + "=") + p.FormatValue(x.ValueAt(level.EntryLoc, level.Ts));
            foreach (var writerFacts in writers)
            {
                int write = PromisingOrder.IndexOfWrite(writerFacts, ts);
                found.Add(new Diagnosis(null,
                    MaintenanceText.Stale(MaintenanceText.Named(Diagnosis.ThreadToken(reader), access.Instr), access.Variable.Name, entry,
                        MaintenanceText.Named(Diagnosis.ThreadToken(m.Tid), ((Fulfilled)writerFacts[write]).Instr), p.FormatValue(m.Val),
                        Missing(x, writerFacts, write, access, level, m.Tid, reader)),
                    access.Instr.Pos));
            }
            return;
        }
    }

    /// <summary>What the writer's run (<paramref name="facts"/>, the write at <paramref name="at"/>) or the reader lacks for the walk to see the new entry.</summary>
    private static string Missing(PromisingRuns x, IReadOnlyList<RunFact> facts, int at, TranslatedAccess access, WalkRead level, int writer, int reader)
    {
        int write = ((Fulfilled)facts[at]).Ts;
        var after = facts.Skip(at + 1).OfType<Fulfilled>().Where(f => f.Kind == FulfilKind.Tlbi)
            .Select(f => (Fact: f, Msg: TlbiMessage.Decode(x[f.Ts].Val))).ToList();
        int page = x.Program.Vmsa!.Variables.ToList().IndexOf(access.Variable);
        bool global = access.Vmid > 0 || !level.Leaf || !Pte.Decode(x.ValueAt(level.EntryLoc, level.Ts)).Ng;
        (Fulfilled Fact, TlbiMessage Msg)? tlbi = null;
        foreach (var t in after)
        {
            if (t.Msg.Covers(page, level.Leaf, access.Vmid, access.Asid, global)
                && (tlbi is not { } chosen || !chosen.Msg.Completed || chosen.Msg.Pre < write))
            {
                tlbi = t;
            }
        }
        string w = Diagnosis.ThreadToken(writer), r = Diagnosis.ThreadToken(reader);
        string Named(Fulfilled f) => MaintenanceText.Named(w, f.Instr);
        if (tlbi is null && access.Vmid > 0)
        {
            var first = after.FirstOrDefault(t => t.Msg.Page == TlbiMessage.All || t.Msg.Page == page);
            return first.Fact is null ? MaintenanceText.Stage2(w, access.Vmid, null, default, 0)
                : MaintenanceText.Stage2(w, access.Vmid, Named(first.Fact), first.Msg.Target, first.Msg.Vmid);
        }
        if (tlbi is null && after.FirstOrDefault(t => t.Msg.Target is TlbiTarget.Va or TlbiTarget.Asid && (t.Msg.Page == TlbiMessage.All || t.Msg.Page == page)
            && t.Msg.Asid != access.Asid) is { Fact: not null } other)
        {
            return MaintenanceText.OtherAsid(Named(other.Fact), other.Msg.Asid, r, access.Asid);
        }
        if (tlbi is null && after.FirstOrDefault(t => t.Msg.Covers(page, leaf: true, access.Vmid, access.Asid, global)) is { Fact: not null } last)
        {
            return MaintenanceText.LastLevelOnly(Named(last.Fact));
        }
        if (tlbi is not { } found)
        {
            return MaintenanceText.NoTlbi(w);
        }
        return found.Msg.Pre < write ? MaintenanceText.NotOrdered(Named(found.Fact))
            : !found.Msg.Completed ? MaintenanceText.NotCompleted(Named(found.Fact))
            : writer != reader && !found.Msg.Broadcast ? MaintenanceText.LocalOnly(Named(found.Fact), w, r)
            : MaintenanceText.NoContextSync(r, w);
    }
}
