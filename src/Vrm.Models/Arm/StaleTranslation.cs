using Vrm.Models.Executions;
using Vrm.Programs;

namespace Vrm.Models.Arm;

/// <summary>
/// A walk that used a stale entry: it read an entry although a later write of that entry (in coherence) is
/// ordered before the access (or fault) the walk made. The TLB kept the old translation; the message says which maintenance is missing: a TLBI
/// of the page after the write, the DSB that completes it, its broadcast form, or the context
/// synchronisation (ISB) that makes the translating CPU see it.
/// </summary>
public static class StaleTranslation
{
    public static IEnumerable<Diagnosis> Check(CandidateExecution x, BitMatrix ob)
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
            while (access < x.N && x.Events[access].IsUpdate && x.Thread[access] == x.Thread[r])
            {
                access++;
            }
            if (access >= x.N || x.Thread[access] != x.Thread[r] || x.Events[access].Instance != walk.Instance)
            {
                continue;
            }
            var order = x.Co[walk.Loc];
            for (int k = order.Length - 1; k > x.CoRank[x.Rf[r]]; k--)
            {
                int w = order[k];
                if (!x.Events[w].IsExplicit || !ob.Has(w, access))
                {
                    continue;
                }
                var entry = p.Vmsa!.ByPteLoc(walk.Loc)!;
                yield return new Diagnosis(null,
                    $"{VmsaText.Event(x, r)} translated {entry.Name} with the stale entry {p.FormatValue(x.Events[x.Rf[r]].Value)} "
                    + $"although {VmsaText.Event(x, w)} wrote {p.FormatValue(x.Events[w].Value)} before it: {Missing(x, ob, w, r)}",
                    walk.Instr.Pos);
                break;
            }
        }
    }

    /// <summary>What the writer or the translating thread lacks for the walk to see the new entry.</summary>
    private static string Missing(CandidateExecution x, BitMatrix ob, int write, int walk)
    {
        var writer = x.Traces[x.Thread[write]];
        int start = x.Offset[x.Thread[write]];
        int tlbi = -1;
        for (int e = write + 1; e < start + writer.Memory.Length; e++)
        {
            var ev = x.Events[e];
            if (ev.Kind == EventKind.Tlbi && (ev.Loc == -1 || ev.Loc == x.Events[walk].Loc)
                && (tlbi < 0 || !x.Events[tlbi].Has(EventFlags.Completed) || !ob.Has(write, tlbi)))
            {
                tlbi = e;
            }
        }
        string w = $"P{x.Thread[write]}", r = $"P{x.Thread[walk]}";
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
}
