using Vrm.Cli.Output;
using Vrm.Explore;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Cli.Commands;

/// <summary>
/// <c>vrm check --model arm|promising</c>: the C program's threads as one litmus-shaped program on a relaxed
/// model; every final state is checked against the threads' assertions and what main asserts after joining.
/// </summary>
public static class RelaxedCheck
{
    public static int Execute(Program c, CheckCommand.CheckRequest req, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        StaticThreads st;
        try
        {
            st = StaticThreads.From(c);
        }
        catch (DiagnosticException e)
        {
            error.WriteLine(e.Diagnostic.ToString());
            return ExitCode.InputError;
        }
        var options = new ExploreOptions { Unroll = req.Options.Unroll, Timeout = req.Timeout, MaxStates = req.Options.MaxExecutions, MaxCandidates = req.Options.MaxExecutions };
        ModelResult r;
        try
        {
            r = MemoryModels.Get(req.Model).Run(st.Program, options, cancel);
        }
        catch (DiagnosticException e)
        {
            error.WriteLine(e.Diagnostic.ToString());
            return ExitCode.InputError;
        }
        var p = st.Program;
        var failures = new List<(List<string> Why, string Memory)>();
        foreach (var s in r.States)
        {
            long Value(Observable o) => s.Values[IndexOf(r, o)];
            var why = new List<string>();
            for (int t = 0; t < p.Threads.Count; t++)
            {
                long at = Value(Observable.Register(t, st.FailRegs[t]));
                if (at != 0)
                {
                    var ins = c.Threads[st.Templates[t]].Code[at - 1];
                    why.Add($"{CheckReport.Where(c, ins)}: T{(c.Spawns ? t + 1 : t)} {p.Threads[t].Name}: assertion failed: {ins.Text}");
                }
            }
            if (st.SuffixFails(l => Value(Observable.Memory(l))) is { } message)
            {
                why.Add($"main after joining: {message}");
            }
            if (why.Count > 0)
            {
                var memory = string.Join("; ", Enumerable.Range(0, c.Locations.Count)
                    .Where(l => c.FrameOwner(l) < 0)
                    .Select(l => $"{c.Locations[l]}={Value(Observable.Memory(l))}"));
                failures.Add((why, memory));
            }
        }
        string verdict = failures.Count > 0 ? "assertion fails" : r.Completion == Completion.Complete ? "ok" : "incomplete";
        if (req.Json)
        {
            WriteJson(output, c, req, r, failures, verdict);
            return failures.Count > 0 ? ExitCode.Violated : ExitCode.Ok;
        }
        output.WriteLine($"vrm check {c.File} (model {req.Model}, {p.Threads.Count} threads)");
        output.WriteLine($"Final states: {r.States.Count}" + (r.Cut ? $" (loops cut at --unroll {req.Options.Unroll})" : ""));
        foreach (var (why, memory) in failures.Take(5))
        {
            output.WriteLine("Assertion fails in a final state:\n  " + string.Join("\n  ", why) + $"\n  final memory: {memory}");
        }
        if (failures.Count > 5)
        {
            output.WriteLine($"... and {failures.Count - 5} more final states where an assertion fails");
        }
        if (r.Completion != Completion.Complete)
        {
            output.WriteLine($"Incomplete: {r.IncompleteReason}");
        }
        output.WriteLine($"Verdict: {verdict}");
        return failures.Count > 0 ? ExitCode.Violated : ExitCode.Ok;
    }

    private static void WriteJson(TextWriter output, Program c, CheckCommand.CheckRequest req, ModelResult r, List<(List<string> Why, string Memory)> failures, string verdict)
    {
        using var stream = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", c.File);
            w.WriteString("model", req.Model);
            w.WriteString("verdict", verdict);
            w.WriteNumber("finalStates", r.States.Count);
            w.WriteBoolean("loopBoundHit", r.Cut);
            w.WriteBoolean("complete", r.Completion == Completion.Complete);
            if (r.IncompleteReason is { } reason)
            {
                w.WriteString("incomplete", reason);
            }
            w.WriteNumber("seconds", Math.Round(r.Elapsed.TotalSeconds, 3));
            w.WriteStartArray("failingStates");
            foreach (var (why, memory) in failures)
            {
                w.WriteStartObject();
                w.WriteStartArray("assertions");
                foreach (var line in why)
                {
                    w.WriteStringValue(line);
                }
                w.WriteEndArray();
                w.WriteString("memory", memory);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static int IndexOf(ModelResult r, Observable o)
    {
        for (int i = 0; i < r.Displayed.Count; i++)
        {
            if (r.Displayed[i] == o)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"{o} is not observed");
    }
}
