using Vrm.Explore;
using Vrm.Models;
using Vrm.Models.Arm;
using Vrm.Models.Executions;
using Vrm.Models.Relations;
using Vrm.Programs;

namespace Vrm.Checks.Mmu;

/// <summary>
/// A walk that used a stale entry: it read an entry although a later write of that entry (in coherence) is
/// ordered before the access (or fault) the walk made. The TLB kept the old translation; the message says which maintenance is missing: a TLBI
/// of the page after the write, the DSB that completes it, its broadcast form, or the context
/// synchronisation (ISB) that makes the translating CPU see it.
/// </summary>
public sealed class StaleTranslation : ICheck
{
    public bool JudgesConsistentExecutions => true;

    public IEnumerable<Diagnosis> OnConsistentExecution(CandidateExecution x, Relation ob)
    {
        var p = x.Program;
        for (int r = 0; r < x.N; r++)
        {
            var walk = x.Events[r];
            if (!walk.IsWalk || walk.Instr is null || x.Rf[r] < 0)
            {
                continue;
            }
            int access = r + 1;
            while (access < x.N && (x.Events[access].IsUpdate || x.Events[access].IsWalk) && x.Thread[access] == x.Thread[r])
            {
                access++;
            }
            if (access >= x.N || x.Thread[access] != x.Thread[r] || x.Events[access].Instance != walk.Instance)
            {
                continue;
            }
            // The first newer write ordered before the access: the one whose maintenance is missing (with
            // break-before-make, the invalidation, not the new entry after it).
            var order = x.Co[walk.Loc];
            for (int k = x.CoRank[x.Rf[r]] + 1; k < order.Length; k++)
            {
                int w = order[k];
                if (!x.Events[w].IsExplicit || !ob.Has(w, access))
                {
                    continue;
                }
                string page = p.Vmsa!.Variables.FirstOrDefault(v => v.VirtualAddress >> 12 == walk.Page)?.Name ?? p.Locations[walk.Loc];
                string entry = (ArmModel.Leaf(x, r) ? "" : p.Locations[walk.Loc] + "=") + p.FormatValue(x.Events[x.Rf[r]].Value);
                yield return new Diagnosis(null,
                    MaintenanceText.Stale(VmsaText.Event(x, r), page, entry, VmsaText.Event(x, w), p.FormatValue(x.Events[w].Value), Missing(x, ob, w, r)),
                    walk.Instr.Pos);
                break;
            }
        }
    }

    /// <summary>What the writer or the translating thread lacks for the walk to see the new entry.</summary>
    private static string Missing(CandidateExecution x, Relation ob, int write, int walk)
    {
        var writer = x.Traces[x.Thread[write]];
        int start = x.Offset[x.Thread[write]];
        int tlbi = -1;
        for (int e = write + 1; e < start + writer.Memory.Length; e++)
        {
            var ev = x.Events[e];
            if (ev.Invalidates(x.Events[walk], ArmModel.Leaf(x, walk))
                && (tlbi < 0 || !x.Events[tlbi].Has(EventFlags.Completed) || !ob.Has(write, tlbi)))
            {
                tlbi = e;
            }
        }
        string w = Diagnosis.ThreadToken(x.Thread[write]), r = Diagnosis.ThreadToken(x.Thread[walk]);
        if (tlbi < 0 && x.Events[walk].Vmid is int vmid and > 0)
        {
            return Stage2Missing(x, write, walk, vmid, w);
        }
        if (tlbi < 0 && OtherAsid(x, write, walk) is { } other)
        {
            return MaintenanceText.OtherAsid(MaintenanceText.Named(w, other.Instr!), other.Asid, r, x.Events[walk].Asid);
        }
        if (tlbi < 0 && LastLevelOnly(x, write, walk) is { } last)
        {
            return MaintenanceText.LastLevelOnly(MaintenanceText.Named(w, last.Instr!));
        }
        if (tlbi < 0)
        {
            return MaintenanceText.NoTlbi(w);
        }
        var t = x.Events[tlbi];
        string named = MaintenanceText.Named(w, t.Instr!);
        if (!ob.Has(write, tlbi))
        {
            return MaintenanceText.NotOrdered(named);
        }
        if (!t.Has(EventFlags.Completed))
        {
            return MaintenanceText.NotCompleted(named);
        }
        if (x.Thread[write] != x.Thread[walk] && t.Instr!.Tlbi.Domain == ShareDomain.NonShareable)
        {
            return MaintenanceText.LocalOnly(named, w, r);
        }
        return MaintenanceText.NoContextSync(r, w);
    }

    /// <summary>A TLBI of the walk's page for another ASID after the write, which leaves a non-global entry cached.</summary>
    private static Event? OtherAsid(CandidateExecution x, int write, int walk)
    {
        int end = x.Offset[x.Thread[write]] + x.Traces[x.Thread[write]].Memory.Length;
        for (int e = write + 1; e < end; e++)
        {
            if (x.Events[e] is { Kind: EventKind.Tlbi, Instr.Tlbi.Target: TlbiTarget.Va or TlbiTarget.Asid } t
                && (t.Page == -1 || t.Page == x.Events[walk].Page) && t.Asid != x.Events[walk].Asid)
            {
                return t;
            }
        }
        return null;
    }

    /// <summary>A last-level TLBI of the walk's page after the write, which leaves a table entry cached.</summary>
    private static Event? LastLevelOnly(CandidateExecution x, int write, int walk)
    {
        int end = x.Offset[x.Thread[write]] + x.Traces[x.Thread[write]].Memory.Length;
        for (int e = write + 1; e < end; e++)
        {
            if (x.Events[e] is { Kind: EventKind.Tlbi } t && t.Invalidates(x.Events[walk], leaf: true))
            {
                return t;
            }
        }
        return null;
    }

    /// <summary>A stage-2 entry without its TLBI: a stage-1 TLBI, or a stage-2 one for another VMID, does not reach it.</summary>
    private static string Stage2Missing(CandidateExecution x, int write, int walk, int vmid, string w)
    {
        int end = x.Offset[x.Thread[write]] + x.Traces[x.Thread[write]].Memory.Length;
        for (int e = write + 1; e < end; e++)
        {
            if (x.Events[e] is { Kind: EventKind.Tlbi } t && (t.Page == -1 || t.Page == x.Events[walk].Page))
            {
                return MaintenanceText.Stage2(w, vmid, MaintenanceText.Named(w, t.Instr!), t.Instr!.Tlbi.Target, t.Vmid);
            }
        }
        return MaintenanceText.Stage2(w, vmid, null, default, 0);
    }
}
