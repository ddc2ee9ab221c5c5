using System.Text.Json;
using Vrm.Explore.Results;

namespace Vrm.Cli.Output;

/// <summary>The machine-readable report of a litmus run: one object per test.</summary>
public static class JsonFormat
{
    /// <summary>
    /// How every JSON report is written: indented, and with text as it is (a message's quotes, arrows and
    /// non-ASCII names are not escaped to \uXXXX; the output is for tools and people, never embedded in HTML).
    /// </summary>
    public static JsonWriterOptions Options { get; } = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter w, TestOutcome t)
    {
        w.WriteStartObject();
        w.WriteString("file", t.File);
        w.WriteString("name", t.Name);
        if (t.Error is { } error)
        {
            w.WriteString("status", t.Unsupported ? "unsupported" : "error");
            w.WriteString("message", error);
            w.WriteEndObject();
            return;
        }
        foreach (var r in t.Results)
        {
            w.WriteStartObject(r.Model);
            w.WriteString("condition", HerdFormat.Condition(r.Program));
            w.WriteString("verdict", r.Ok ? "Ok" : "No");
            w.WriteString("observation", r.Observation);
            w.WriteNumber("positive", r.Positive);
            w.WriteNumber("negative", r.Negative);
            w.WriteNumber("candidates", r.Candidates);
            w.WriteBoolean("complete", r.Completion == Completion.Complete);
            if (r.IncompleteReason is not null)
            {
                w.WriteString("incomplete", r.IncompleteReason);
            }
            w.WriteBoolean("unrollBoundHit", r.Cut);
            w.WriteStartArray("flags");
            foreach (var f in r.Flags)
            {
                w.WriteStringValue(f);
            }
            w.WriteEndArray();
            w.WriteStartArray("diagnostics");
            foreach (var d in r.Diagnoses)
            {
                w.WriteStringValue(d.Message);
            }
            w.WriteEndArray();
            w.WriteStartArray("states");
            foreach (var s in r.States)
            {
                w.WriteStartObject();
                for (int i = 0; i < r.Displayed.Count; i++)
                {
                    w.WriteString(r.Program.FormatObservable(r.Displayed[i]), r.Program.FormatValue(s.Values[i]));
                }
                w.WriteBoolean("satisfies", s.Satisfies);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (r.Forbidden is { } forbidden)
            {
                WriteForbidden(w, r, forbidden);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// Why the condition is never satisfied: candidates that would satisfy it per axiom that forbids them, and
    /// per final state one of them with the axiom's witness (its events, and each edge with its relation).
    /// </summary>
    private static void WriteForbidden(Utf8JsonWriter w, ModelResult r, ForbiddenReport forbidden)
    {
        w.WriteStartObject("forbiddenBy");
        foreach (var (axiom, count) in forbidden.ByAxiom)
        {
            w.WriteNumber(axiom, count);
        }
        w.WriteEndObject();
        w.WriteBoolean("forbiddenComplete", forbidden.Complete);
        w.WriteStartArray("forbidden");
        foreach (var f in forbidden.Witnesses)
        {
            var x = f.Execution.Shape;
            w.WriteStartObject();
            w.WriteStartObject("state");
            for (int i = 0; i < r.Displayed.Count; i++)
            {
                w.WriteString(r.Program.FormatObservable(r.Displayed[i]), r.Program.FormatValue(f.State.Values[i]));
            }
            w.WriteEndObject();
            w.WriteString("axiom", f.Failure.Name);
            w.WriteStartObject("events");
            foreach (int e in f.Failure.Witness.SelectMany(edge => (int[])[edge.From, edge.To]).Distinct().Order())
            {
                w.WriteStartObject(DotFormat.EventName(e));
                w.WriteString("thread", x.IsInit(e) ? "init" : $"P{x.Thread[e]}");
                w.WriteString("event", DotFormat.Access(r.Program, x, e));
                if (x.Events[e].Instr is { } instr)
                {
                    w.WriteString("instruction", instr.Text);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartArray("witness");
            foreach (var edge in f.Failure.Witness)
            {
                w.WriteStartObject();
                w.WriteString("from", DotFormat.EventName(edge.From));
                w.WriteString("to", DotFormat.EventName(edge.To));
                w.WriteString("relation", edge.Relation);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
