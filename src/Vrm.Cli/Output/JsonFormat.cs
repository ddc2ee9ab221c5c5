using System.Text.Json;
using Vrm.Explore.Results;

namespace Vrm.Cli.Output;

/// <summary>The machine-readable report of a litmus run: one object per test.</summary>
public static class JsonFormat
{
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
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
