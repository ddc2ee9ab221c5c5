using Vrm.Models.Executions;
using Vrm.Models.Relations;

namespace Vrm.Models.Arm;

/// <summary>
/// The witnesses of failed axioms, built only when a report asks for them (the search needs only a yes or no):
/// which coherence shape breaks SC per location, the write that comes inside an rmw, and the ob cycle with
/// each edge named by the part of ob it comes from.
/// </summary>
public sealed partial class ArmModel
{
    /// <summary>
    /// The five shapes of an SC-per-location cycle, as irreflexive compositions over explicit accesses: herd's
    /// three internal axioms in the cat file's order, then the two its coherence generation rules out (pco).
    /// </summary>
    private static AxiomFailure CoherenceShape(ArmShape s, Communication c)
    {
        var rf = c.Rf.Restrict(s.Exp, s.Exp);
        var co = c.Co.Restrict(s.Exp, s.Exp);
        var fr = c.Fr.Restrict(s.Exp, s.Exp);
        var readThenWrite = s.ReadThenWrite;
        (string Name, (string, Relation)[] Steps)[] shapes =
        [
            ("CoRW1", [("po-loc", readThenWrite), ("rf", rf)]),
            ("CoWW", [("po-loc", s.PoLoc.Restrict(s.ExpW, s.ExpW)), ("co", co)]),
            ("CoWR", [("po-loc", s.PoLoc.Restrict(s.ExpW, s.ExpR)), ("fr", fr)]),
            ("CoRR", [("rf", rf), ("po-loc", s.ReadThenRead), ("fr", fr)]),
            ("CoRW2", [("rf", rf), ("po-loc", readThenWrite), ("co", co)]),
        ];
        foreach (var (name, steps) in shapes)
        {
            var composed = steps[0].Item2;
            foreach (var (_, step) in steps.Skip(1))
            {
                composed = composed.Seq(step);
            }
            if (!composed.IsIrreflexive(out int e))
            {
                return new AxiomFailure("internal", name, [.. RmwNamed(s, Path(e, e, steps))]);
            }
        }
        // Not reached when the five shapes are complete; kept so that a failure is never reported without a witness.
        var all = s.PoLocOrRmw | (c.Rf | c.Fr | c.Co).Restrict(s.Exp, s.Exp);
        all.IsAcyclic(out var cycle);
        return new AxiomFailure("internal", "sc-per-location", [.. RmwNamed(s, Edges(cycle, (a, b) =>
            c.Rf.Has(a, b) ? "rf" : c.Co.Has(a, b) ? "co" : c.Fr.Has(a, b) ? "fr" : "po-loc"))]);
    }

    /// <summary>A po-loc step between the read and write of one atomic is its rmw.</summary>
    private static IEnumerable<WitnessEdge> RmwNamed(ArmShape s, IEnumerable<WitnessEdge> edges) =>
        edges.Select(e => e.Relation == "po-loc" && s.Rmw.Has(e.From, e.To) ? e with { Relation = "rmw" } : e);

    /// <summary>A path from <paramref name="from"/> to <paramref name="to"/> that takes one edge of each step in turn.</summary>
    private static List<WitnessEdge> Path(int from, int to, ReadOnlySpan<(string Name, Relation R)> steps)
    {
        var (name, r) = steps[0];
        if (steps.Length == 1)
        {
            return r.Has(from, to) ? [new WitnessEdge(from, to, name)] : [];
        }
        for (int next = 0; next < r.N; next++)
        {
            if (r.Has(from, next) && Path(next, to, steps[1..]) is { Count: > 0 } rest)
            {
                return [new WitnessEdge(from, next, name), .. rest];
            }
        }
        return [];
    }

    /// <summary>The first broken rmw pair, with a write between its read and write in coherence.</summary>
    private static AxiomFailure AtomicWitness(Communication c, Relation broken)
    {
        var (r, w) = broken.Pairs()[0];
        int between = Enumerable.Range(0, broken.N).First(k => c.Fr.Has(r, k) && c.Co.Has(k, w));
        return new AxiomFailure("atomic", null, [new(r, between, "fr"), new(between, w, "co"), new(r, w, "rmw")]);
    }

    /// <summary>
    /// An ob cycle with each edge named by its part of ob. local-hw-reqs is kept closed, so each of its edges is
    /// opened into the steps of lob (dob, bob, aob...) that make it; Exp-obs edges are named rfe, coe or fre; the
    /// edges no part has come from a choice of TLBI-after (TLBI-ca from a TLBI, TLBI-ob otherwise). A cycle that
    /// goes through a page-table relation names the first of them in <see cref="PageParts"/> as its part.
    /// </summary>
    private static AxiomFailure ExternalWitness(CandidateExecution x, ArmShape s, Communication c, List<(string Name, Relation Part)> parts, int[] cycle)
    {
        var localParts = new Dictionary<int, IReadOnlyList<(string Name, ulong[] Pairs)>>();
        var edges = new List<WitnessEdge>();
        for (int i = 0; i < cycle.Length; i++)
        {
            int a = cycle[i], b = cycle[(i + 1) % cycle.Length];
            if (s.Local.Has(a, b))
            {
                edges.AddRange(LocalSteps(x, a, b, localParts));
                continue;
            }
            string? name = parts.FirstOrDefault(p => p.Part.Has(a, b)).Name;
            name = name switch
            {
                null => x.Events[a].Kind == EventKind.Tlbi ? "TLBI-ca" : "TLBI-ob",
                "Exp-obs" => c.Rf.Has(a, b) ? "rfe" : c.Co.Has(a, b) ? "coe" : "fre",
                _ => name,
            };
            edges.Add(new WitnessEdge(a, b, name));
        }
        string? part = PageParts.FirstOrDefault(p => edges.Any(e => e.Relation == p));
        return new AxiomFailure("external", part, edges);
    }

    /// <summary>The page-table relations an external cycle may go through, the most telling first.</summary>
    private static readonly string[] PageParts = ["TLBI-ob", "TLBI-ca", "TTD-obs", "HU-ca", "TLBuncacheable-ca", "tr-ib"];

    /// <summary>
    /// The shortest path of lob steps from <paramref name="a"/> to <paramref name="b"/> in their thread, each
    /// named by the first part of lob that has it; a single "lob" edge when pick-lob alone makes the pair.
    /// </summary>
    private static List<WitnessEdge> LocalSteps(CandidateExecution x, int a, int b, Dictionary<int, IReadOnlyList<(string Name, ulong[] Pairs)>> cache)
    {
        int t = x.Thread[a], off = x.Offset[t];
        if (!cache.TryGetValue(t, out var parts))
        {
            cache[t] = parts = LocalOrder.Parts(x.Traces[t], x.Program.Vmsa?.Ets2 == true);
        }
        int n = x.Traces[t].Memory.Length;
        var previous = new int[n];
        Array.Fill(previous, -1);
        var queue = new Queue<int>([a - off]);
        while (queue.Count > 0 && previous[b - off] < 0)
        {
            int p = queue.Dequeue();
            for (int q = 0; q < n; q++)
            {
                if (previous[q] < 0 && q != a - off && parts.Any(part => (part.Pairs[p] & (1UL << q)) != 0))
                {
                    previous[q] = p;
                    queue.Enqueue(q);
                }
            }
        }
        if (previous[b - off] < 0)
        {
            return [new WitnessEdge(a, b, "lob")];
        }
        var steps = new List<WitnessEdge>();
        for (int q = b - off; q != a - off; q = previous[q])
        {
            int p = previous[q];
            steps.Add(new WitnessEdge(off + p, off + q, parts.First(part => (part.Pairs[p] & (1UL << q)) != 0).Name));
        }
        steps.Reverse();
        return steps;
    }

    private static IEnumerable<WitnessEdge> Edges(int[] cycle, Func<int, int, string> name) =>
        cycle.Select((a, i) => new WitnessEdge(a, cycle[(i + 1) % cycle.Length], name(a, cycle[(i + 1) % cycle.Length])));
}
