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
public sealed class StaleTranslation : IConsistentExecutionCheck
{
    public IEnumerable<Diagnosis> Check(CandidateExecution x, Relation ob)
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
                yield return new Diagnosis(null,
                    $"{VmsaText.Event(x, r)} translated {page} with the stale entry {(ArmModel.Leaf(x, r) ? "" : p.Locations[walk.Loc] + "=")}{p.FormatValue(x.Events[x.Rf[r]].Value)} "
                    + $"although {VmsaText.Event(x, w)} wrote {p.FormatValue(x.Events[w].Value)} before it: {Missing(x, ob, w, r)}",
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
            return $"{w}'s '{other.Instr!.Text}' (line {other.Instr.Pos.Line}) names ASID {other.Asid}, but {r} walked the non-global entry with ASID {x.Events[walk].Asid}";
        }
        if (tlbi < 0 && LastLevelOnly(x, write, walk) is { } last)
        {
            return $"{w}'s '{last.Instr!.Text}' (line {last.Instr.Pos.Line}) invalidates only last-level entries; the table entry needs a TLBI of every level (VAAE1IS, not VALE1IS)";
        }
        if (tlbi < 0)
        {
            return $"{w} has no TLBI of the page after that write (TLBI VAAE1IS with the page number, then DSB ISH)";
        }
        var t = x.Events[tlbi];
        string named = $"{w}'s '{t.Instr!.Text}' (line {t.Instr.Pos.Line})";
        if (!ob.Has(write, tlbi))
        {
            return $"the write is not ordered before {named}: put a DSB between them";
        }
        if (!t.Has(EventFlags.Completed))
        {
            return $"{named} is not completed by a DSB";
        }
        if (x.Thread[write] != x.Thread[walk] && t.Instr.Tlbi.Domain == ShareDomain.NonShareable)
        {
            return $"{named} invalidates only {w}'s TLB; {r} needs the broadcast form (…IS)";
        }
        return $"{r} does not order the translation after {w}'s TLBI: it needs a context synchronisation (ISB after a control dependency, or DSB; ISB) before the access";
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
        string fix = $"TLBI IPAS2E1IS with the IPA page, with VMID {vmid} in VTTBR_EL2, then DSB ISH";
        for (int e = write + 1; e < end; e++)
        {
            if (x.Events[e] is { Kind: EventKind.Tlbi } t && (t.Page == -1 || t.Page == x.Events[walk].Page))
            {
                string named = $"{w}'s '{t.Instr!.Text}' (line {t.Instr.Pos.Line})";
                return t.Instr.Tlbi.Target is TlbiTarget.Ipa or TlbiTarget.VmAllS12
                    ? $"{named} ran with VMID {t.Vmid} in VTTBR_EL2, not VM {vmid}'s: {fix}"
                    : $"{named} invalidates stage-1 entries only; VM {vmid}'s stage-2 entry needs {fix}";
            }
        }
        return $"{w} has no TLBI of VM {vmid}'s stage-2 entry after that write ({fix})";
    }
}
