using System.Text;
using Vrm.Explore.Dpor;

namespace Vrm.Cli.Output;

/// <summary>
/// A violation's trace as a Graphviz picture: one column per thread in program order, reads-from edges
/// from each write to the reads that saw it, the racing pair in red.
/// </summary>
public static class TraceGraph
{
    public static string Render(CheckResult r)
    {
        var p = r.Program;
        var v = r.Violation!;
        var sb = new StringBuilder();
        sb.AppendLine("digraph trace {");
        sb.AppendLine($"  label=\"{DotFormat.Escape(Path.GetFileName(p.File) + ": " + v.Message)}\"; labelloc=t; rankdir=TB; node [shape=box, fontname=\"monospace\", fontsize=10];");
        foreach (var thread in v.Trace.Select(s => s.Thread).Distinct().Order())
        {
            sb.AppendLine($"  subgraph cluster_{thread} {{ label=\"T{thread} {DotFormat.Escape(p.Threads[v.Trace.First(s => s.Thread == thread).Template].Name)}\";");
            int previous = -1;
            for (int i = 0; i < v.Trace.Count; i++)
            {
                var s = v.Trace[i];
                if (s.Thread != thread)
                {
                    continue;
                }
                bool racing = v.Kind == ViolationKind.DataRace && (i == v.OtherStep || i == v.Trace.Count - 1);
                sb.AppendLine($"    s{i} [label=\"{i + 1}. {DotFormat.Escape(CheckReport.Where(p, s.Instr))}\\n{DotFormat.Escape(CheckReport.Step(p, s).Trim())}\"{(racing ? ", color=red, fontcolor=red" : "")}];");
                if (previous >= 0)
                {
                    sb.AppendLine($"    s{previous} -> s{i} [label=po];");
                }
                previous = i;
            }
            sb.AppendLine("  }");
        }
        for (int i = 0; i < v.Trace.Count; i++)
        {
            var s = v.Trace[i];
            if (s.Kind is not (StepKind.Read or StepKind.Update or StepKind.FailedUpdate))
            {
                continue;
            }
            for (int j = i - 1; j >= 0; j--)
            {
                var w = v.Trace[j];
                if (w.Loc == s.Loc && w.Kind is StepKind.Write or StepKind.Update)
                {
                    if (w.Thread != s.Thread)
                    {
                        sb.AppendLine($"  s{j} -> s{i} [label=rf, color=darkgreen, fontcolor=darkgreen, constraint=false];");
                    }
                    break;
                }
            }
        }
        sb.AppendLine("}");
        return sb.ToString();
    }

    /// <summary>
    /// Writes FILE.dot and FILE.svg when Graphviz is there; any other target is a folder (created if need be)
    /// that gets one named after the program, so vrm never writes a file of another kind.
    /// </summary>
    public static void Write(string target, CheckResult r, TextWriter error)
    {
        string path = target.EndsWith(".dot", StringComparison.Ordinal) && !Directory.Exists(target)
            ? target
            : Path.Combine(target, Path.GetFileNameWithoutExtension(r.Program.File) + "-trace.dot");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Render(r));
        if (DotFormat.HasDot())
        {
            DotFormat.RunDot(path, error);
        }
        else
        {
            error.WriteLine("vrm: note: Graphviz 'dot' is not installed; wrote the .dot file only");
        }
    }
}
