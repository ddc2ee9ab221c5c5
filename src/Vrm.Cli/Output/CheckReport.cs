using System.Text.Json;
using Vrm.Explore.Dpor;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Cli.Output;

/// <summary>The text and JSON reports of <c>vrm check</c>: verdict, trace of the violation, and what was explored.</summary>
public static class CheckReport
{
    public static string Verdict(CheckResult r) => r.Violation?.Kind switch
    {
        ViolationKind.AssertionFailed => "assertion fails",
        ViolationKind.DataRace => "data race",
        ViolationKind.CannotFinish => "deadlock",
        ViolationKind.InvalidAccess => "invalid access",
        ViolationKind.InvalidFree => "invalid free",
        ViolationKind.Misuse => "library misuse",
        ViolationKind.Condition => r.Violation.Property ?? "violated",
        _ when r.Replayed => "no violation on this interleaving",
        _ when r.Completion != Completion.Complete => "incomplete",
        _ when r.BoundHits > 0 => "incomplete: loop bound",
        _ when r.Complete == 0 => "incomplete: no execution finishes",
        _ => "ok",
    };

    /// <summary>A violation is 2; an answer that is not a whole exploration (a budget, a loop bound, nothing finished) is never a pass: 4.</summary>
    public static int Exit(CheckResult r) =>
        r.Violation is not null ? ExitCode.Violated
        : !r.Replayed && Verdict(r).StartsWith("incomplete", StringComparison.Ordinal) ? ExitCode.Incomplete
        : ExitCode.Ok;

    public static void Write(TextWriter o, CheckResult r, DporOptions options)
    {
        var p = r.Program;
        o.WriteLine($"vrm check {p.File} (model sc, {(r.Replayed ? "replay of one interleaving" : "source-set DPOR")})");
        if (r.Violation is { } v)
        {
            o.WriteLine($"{Where(p, v.At)}: error: {v.Message}");
            o.WriteLine("Trace:");
            for (int i = 0; i < v.Trace.Count; i++)
            {
                // A thread's own stack slots (pthread_t handles) are noise in a trace.
                if (v.Trace[i].Loc >= 0 && p.FrameOwner(v.Trace[i].Loc) == v.Trace[i].Template && i != v.OtherStep && i != v.Trace.Count - 1)
                {
                    continue;
                }
                o.WriteLine($"  {i + 1,3}  {Thread(p, v.Trace[i].Thread, v.Trace[i].Template),-14} {Where(p, v.Trace[i].Instr),-24} {Step(p, v.Trace[i])}" + (i == v.OtherStep ? "   <- races" : ""));
            }
        }
        if (r.Violation is { } shown)
        {
            o.WriteLine($"Replay: vrm check {p.File} --replay {Schedule(shown)}");
        }
        if (!r.Replayed)
        {
            o.WriteLine((r.Violation is null ? "Executions: " : "Executions before the violation: ") + $"{r.Complete} complete, {r.Blocked} blocked" + (r.SleepBlocked > 0 ? $", {r.SleepBlocked} redundant (sleep-set blocked)" : ""));
        }
        foreach (var leak in r.Leaks)
        {
            o.WriteLine(LeakWarning(p, leak));
        }
        // A library call with two await loops (a barrier's arrival and wait) is one line.
        foreach (var line in r.AwaitLoops.Select(a => (p.Threads[a.Template].Code, a)).Select(c =>
            $"Await loop at {Where(p, c.Code[Math.Min(c.a.Pc, c.Code.Length - 1)])} in {p.Threads[c.a.Template].Name}: spins without effect are cut").Distinct())
        {
            o.WriteLine(line);
        }
        if (r.BoundHits > 0)
        {
            o.WriteLine($"Loop bound hit in {r.BoundHits} executions: exhaustive only up to --unroll {options.Unroll}");
        }
        if (r.Completion != Completion.Complete)
        {
            o.WriteLine($"Incomplete: {r.IncompleteReason}");
        }
        foreach (var note in r.Notes)
        {
            o.WriteLine(note);
        }
        o.WriteLine($"Verdict: {Verdict(r)}");
    }

    /// <summary>Memory a call site allocated that some complete execution never freed: a warning, the verdict stays.</summary>
    public static string LeakWarning(Program p, Leak leak) =>
        $"{Path.GetFileName(leak.Site.File ?? p.File)}:{leak.Site.Pos.Line}: warning: memory leak: a block {leak.Site.Call} allocates here in {leak.Site.Function} is never freed"
        + $" (in {leak.Executions} complete execution{(leak.Executions == 1 ? "" : "s")}; for example {leak.Example})";

    /// <summary>The violation's interleaving as the thread ids <c>--replay</c> takes; a nondeterministic choice is <c>T=value</c>.</summary>
    public static string Schedule(Violation v) =>
        string.Join(',', v.Trace.Select(s => s.Kind == StepKind.Choose ? $"{s.Thread}={s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $"{s.Thread}"));

    public static string Where(Program p, Instr? ins) =>
        ins is null ? p.File : $"{Path.GetFileName(ins.SourceFile ?? p.File)}:{ins.Pos.Line}";

    public static string Thread(Program p, int id, int template) => $"T{id} {p.Threads[template].Name}";

    public static string Step(Program p, TraceStep s)
    {
        string loc = s.Loc >= 0 ? p.Locations[s.Loc] : "";
        string what = Library(p, s) ?? s.Kind switch
        {
            StepKind.Read => $"read {loc} = {Value(p, s.Value)}",
            StepKind.Write => $"write {loc} = {Value(p, s.Written)}",
            StepKind.Update => $"update {loc}: {Value(p, s.Value)} -> {Value(p, s.Written)}",
            StepKind.FailedUpdate => $"read {loc} = {Value(p, s.Value)} (compare-and-swap fails)",
            StepKind.Spawn => $"start {Thread(p, s.Other, (int)s.Instr.Imm)}",
            StepKind.Choose => $"choose {Value(p, s.Value)}",
            StepKind.Exit => $"exit({Value(p, s.Value)}): the program ends",
            _ => $"join T{s.Other}",
        };
        return $"{what,-36} ({s.Instr.Text})";
    }

    /// <summary>How a trace shows the heap's events: malloc and free, and the check of a block an access made.</summary>
    private static string? Library(Program p, TraceStep s)
    {
        if (s.Instr.Op == Opcode.Free && s.Loc < 0)
        {
            return s.Value == 0 ? "free(NULL): nothing" : $"free {p.DescribeAddress(s.Value)}";
        }
        if (p.Heap is not { } heap)
        {
            return null;
        }
        int b = s.Loc >= 0 ? heap.BlockOfLoc(s.Loc) : -1;
        if (b < 0 || s.Loc != heap.Blocks[b].StatusLoc)
        {
            return null;
        }
        string name = heap.Blocks[b].Name;
        string state = s.Value switch
        {
            0 => "not allocated yet",
            HeapInfo.Freed => "freed",
            _ => $"allocated, {s.Value - 1} bytes",
        };
        return s.Instr.Op switch
        {
            Opcode.Malloc => $"{s.Instr.Text} {name}, {s.Written - 1} bytes",
            Opcode.Free => $"free {name} ({state})",
            _ => $"{(s.Instr.Op == Opcode.Load ? "read" : "write")} in {name}, {state}",
        };
    }

    private static string Value(Program p, long v) =>
        p.Vmsa?.FormatValue(p, v) ?? (p.LocationAt(v) is int l and >= 0 ? "&" + p.Locations[l] : v.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static void WriteJson(TextWriter output, CheckResult r)
    {
        var p = r.Program;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonFormat.Options))
        {
            w.WriteStartObject();
            w.WriteString("file", p.File);
            w.WriteString("model", "sc");
            w.WriteString("verdict", Verdict(r));
            if (r.Notes.Count > 0)
            {
                w.WriteStartArray("notes");
                foreach (var note in r.Notes)
                {
                    w.WriteStringValue(note);
                }
                w.WriteEndArray();
            }
            w.WriteNumber("complete", r.Complete);
            w.WriteNumber("blocked", r.Blocked);
            w.WriteNumber("sleepBlocked", r.SleepBlocked);
            w.WriteNumber("boundHits", r.BoundHits);
            w.WriteBoolean("exhaustive", r.Completion == Completion.Complete && r.BoundHits == 0);
            w.WriteNumber("seconds", Math.Round(r.Elapsed.TotalSeconds, 3));
            if (r.Leaks.Count > 0)
            {
                w.WriteStartArray("warnings");
                foreach (var leak in r.Leaks)
                {
                    w.WriteStringValue(LeakWarning(p, leak));
                }
                w.WriteEndArray();
            }
            if (r.Violation is { } v)
            {
                w.WriteStartObject("violation");
                w.WriteString("kind", Verdict(r));
                w.WriteString("message", v.Message);
                w.WriteString("at", Where(p, v.At));
                w.WriteString("replay", Schedule(v));
                w.WriteStartArray("trace");
                foreach (var s in v.Trace)
                {
                    w.WriteStartObject();
                    w.WriteNumber("thread", s.Thread);
                    w.WriteString("function", p.Threads[s.Template].Name);
                    w.WriteString("at", Where(p, s.Instr));
                    w.WriteString("kind", s.Kind.ToString().ToLowerInvariant());
                    if (s.Loc >= 0)
                    {
                        w.WriteString("location", p.Locations[s.Loc]);
                        w.WriteNumber("value", s.Value);
                        w.WriteNumber("written", s.Written);
                    }
                    w.WriteString("instruction", s.Instr.Text);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
