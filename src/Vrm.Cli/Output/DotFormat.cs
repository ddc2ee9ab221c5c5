using System.Diagnostics;
using System.Text;
using Vrm.Explore.Results;
using Vrm.Models;
using Vrm.Models.Executions;

namespace Vrm.Cli.Output;

/// <summary>
/// Pictures of witness executions in Graphviz, drawn like herd7's: one cluster per thread, events as
/// nodes, po, rf, co, fr and dependency edges in their usual colours.
/// </summary>
public static class DotFormat
{
    /// <param name="failure">For a forbidden candidate, the axiom that forbids it: its witness is drawn over the execution, in bold crimson.</param>
    public static string Render(ModelResult r, CandidateSnapshot w, int index, AxiomFailure? failure = null)
    {
        var x = w.Shape;
        var p = r.Program;
        var sb = new StringBuilder();
        string title = failure is null ? $"{p.Name}: {r.Model} witness {index}" : $"{p.Name}: {r.Model} forbidden {index}, by {Describe(failure)}";
        sb.Append("digraph \"").Append(Escape(p.Name)).Append(failure is null ? "-" : "-forbidden-").Append(index).Append("\" {\n");
        sb.Append("  label=\"").Append(Escape(title)).Append("\"; labelloc=t; fontname=\"Helvetica\";\n");
        sb.Append("  node [shape=none, fontname=\"Helvetica\", fontsize=11];\n");
        for (int e = 0; e < x.N; e++)
        {
            if (x.IsInit(e))
            {
                sb.Append($"  e{e} [label=\"init: W{p.Locations[x.Events[e].Loc]}={p.FormatValue(x.Events[e].Value)}\"];\n");
            }
        }
        for (int t = 0; t < x.Traces.Length; t++)
        {
            sb.Append($"  subgraph cluster_{t} {{ label=\"P{t}\"; color=grey;\n");
            int end = t + 1 < x.Traces.Length ? x.Offset[t + 1] : x.N;
            for (int e = x.Offset[t]; e < end; e++)
            {
                sb.Append($"    e{e} [label=\"{Label(p, x, e)}\"];\n");
            }
            for (int e = x.Offset[t]; e + 1 < end; e++)
            {
                sb.Append($"    e{e} -> e{e + 1} [label=\"po\", color=black];\n");
            }
            sb.Append("  }\n");
        }
        for (int e = 0; e < x.N; e++)
        {
            if (w.Rf[e] >= 0)
            {
                sb.Append($"  e{w.Rf[e]} -> e{e} [label=\"rf\", color=red, fontcolor=red];\n");
            }
        }
        foreach (var order in w.Co)
        {
            for (int i = 0; i + 1 < order.Length; i++)
            {
                sb.Append($"  e{order[i]} -> e{order[i + 1]} [label=\"co\", color=blue, fontcolor=blue];\n");
            }
        }
        AddFromReads(sb, x, w);
        AddDependencies(sb, x);
        foreach (var edge in failure?.Witness ?? [])
        {
            sb.Append($"  e{edge.From} -> e{edge.To} [label=\"{Escape(edge.Relation)}\", color=crimson, fontcolor=crimson, penwidth=2.5, constraint=false];\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>The axiom as the picture's title names it, with what it forbids.</summary>
    private static string Describe(AxiomFailure f) => f.Axiom switch
    {
        "external" => $"{f.Name} (a cycle in ob)",
        "internal" => $"{f.Name} (SC per location)",
        "atomic" => $"{f.Name} (a write between an rmw's read and write)",
        _ => f.Name,
    };

    /// <summary>An event's name in pictures and reports: a letter, as herd names them, while there are enough.</summary>
    public static string EventName(int e) => e < 26 ? ((char)('a' + e)).ToString() : $"e{e}";

    private static void AddFromReads(StringBuilder sb, CandidateExecution x, CandidateSnapshot w)
    {
        for (int r = 0; r < x.N; r++)
        {
            if (w.Rf[r] < 0)
            {
                continue;
            }
            var order = w.Co[x.Events[r].Loc];
            int rank = Array.IndexOf(order, w.Rf[r]);
            if (rank + 1 < order.Length)
            {
                sb.Append($"  e{r} -> e{order[rank + 1]} [label=\"fr\", color=orange, fontcolor=orange];\n");
            }
        }
    }

    private static void AddDependencies(StringBuilder sb, CandidateExecution x)
    {
        for (int t = 0; t < x.Traces.Length; t++)
        {
            var trace = x.Traces[t];
            var pos = new Dictionary<int, int>();
            for (int p = 0; p < trace.Memory.Length; p++)
            {
                pos[trace.Memory[p]] = x.Offset[t] + p;
            }
            foreach (int i in trace.Memory)
            {
                var e = trace.Events[i];
                Edge(sb, pos, e.Addr, pos[i], "addr", "indigo");
                Edge(sb, pos, e.Data, pos[i], "data", "darkgreen");
                Edge(sb, pos, e.Ctrl, pos[i], "ctrl", "brown");
            }
        }
    }

    private static void Edge(StringBuilder sb, Dictionary<int, int> pos, ulong sources, int to, string name, string colour)
    {
        foreach (int s in Models.Arm.LocalOrder.Bits(sources))
        {
            if (pos.TryGetValue(s, out int from))
            {
                sb.Append($"  e{from} -> e{to} [label=\"{name}\", color={colour}, fontcolor={colour}, style=dashed];\n");
            }
        }
    }

    /// <summary>herd's event labels; page-table programs add walks (Imp TTD R), hardware updates (HU), faults and TLBIs.</summary>
    private static string Label(Vrm.Programs.Program p, CandidateExecution x, int e) =>
        $"{Escape($"{EventName(e)}: {Access(p, x, e)}")}\\n{Escape(x.Events[e].Instr?.Text ?? "")}";

    /// <summary>What an event does, as herd writes it: <c>Wx=1</c>, <c>RAy=0</c>, <c>R(walk) ...</c>, <c>TLBI</c>.</summary>
    public static string Access(Vrm.Programs.Program p, CandidateExecution x, int e)
    {
        var ev = x.Events[e];
        return ev.Kind switch
        {
            EventKind.Fault => $"Fault({p.Locations[ev.Loc]})",
            EventKind.Tlbi => "TLBI",
            _ => (ev.IsWalk ? "R(walk) " : ev.IsUpdate ? "W(HU) " : ev.IsRead ? "R" : "W")
                + (ev.Has(EventFlags.Acquire) ? "A" : ev.Has(EventFlags.AcquirePC) ? "Q" : ev.Has(EventFlags.Release) ? "L" : "")
                + $"{p.Locations[ev.Loc]}={p.FormatValue(ev.Value)}",
        };
    }

    internal static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    public static void WriteAll(string folder, IEnumerable<TestOutcome> outcomes, TextWriter error)
    {
        Directory.CreateDirectory(folder);
        bool dot = HasDot();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in outcomes)
        {
            // Tests in different folders may share a name: later ones get a numbered prefix.
            var stem = Sanitize(o.Name);
            for (int k = 2; !used.Add(stem); k++)
            {
                stem = $"{Sanitize(o.Name)}~{k}";
            }
            foreach (var r in o.Results)
            {
                for (int i = 0; i < r.Witnesses.Count; i++)
                {
                    Write(Path.Combine(folder, $"{stem}-{r.Model}-{i}.dot"), Render(r, r.Witnesses[i], i), dot, error);
                }
                // A model that names its axiom without a witness (SC) has no cycle to draw.
                var forbidden = (r.Forbidden?.Witnesses ?? []).Where(f => f.Failure.Witness.Count > 0).ToList();
                for (int i = 0; i < forbidden.Count; i++)
                {
                    Write(Path.Combine(folder, $"{stem}-{r.Model}-forbidden-{i}.dot"), Render(r, forbidden[i].Execution, i, forbidden[i].Failure), dot, error);
                }
            }
        }
        if (!dot)
        {
            error.WriteLine("vrm: note: Graphviz 'dot' is not installed; wrote .dot files only");
        }
        if (outcomes.Any(o => o.Results.Any(r => r.Model == "promising")))
        {
            error.WriteLine("vrm: note: --graph draws candidate executions of the axiomatic models; Promising results have none");
        }
    }

    private static void Write(string path, string text, bool dot, TextWriter error)
    {
        File.WriteAllText(path, text);
        if (dot)
        {
            RunDot(path, error);
        }
    }

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '+' or '.' or '-' or '_' ? c : '_'));

    internal static bool HasDot() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "dot")));

    internal static void RunDot(string path, TextWriter error)
    {
        using var proc = Process.Start(new ProcessStartInfo("dot", ["-Tsvg", path, "-o", Path.ChangeExtension(path, ".svg")]) { RedirectStandardError = true });
        var messages = proc!.StandardError.ReadToEndAsync();
        // Graphviz can take minutes on a large picture: the .dot file is there, the SVG is a convenience.
        if (!proc.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            proc.Kill(entireProcessTree: true);
            error.WriteLine($"vrm: warning: dot took more than 60 s on {path}; no SVG");
            return;
        }
        if (proc.ExitCode != 0)
        {
            error.WriteLine($"vrm: warning: dot failed on {path}: {messages.GetAwaiter().GetResult().Trim()}");
        }
    }
}
