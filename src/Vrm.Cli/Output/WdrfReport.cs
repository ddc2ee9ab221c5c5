using System.Text.Json;
using Vrm.Checks.Wdrf;
using Vrm.Explore.Dpor;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Cli.Output;

/// <summary>
/// The report of <c>vrm wdrf</c>: one line per condition, the executions explored, the Promising-Arm
/// confirmation, a counterexample per violated condition, and the verdict. A data race between kernel CPUs
/// is DRF-Kernel's; another violation the search finds (an assertion, a deadlock) stops it, and conditions
/// it had not yet seen broken are then undecided.
/// </summary>
public sealed record WdrfReport(CheckResult Result, IReadOnlyList<WdrfLine> Lines, Confirmation Confirmation)
{
    public static WdrfReport From(CheckResult result, IReadOnlyList<ConditionResult> conditions, Confirmation confirmation)
    {
        var lines = new List<WdrfLine>();
        var v = result.Violation;
        foreach (var c in conditions)
        {
            if (c.Name == DrfKernel.Name && c.Status != ConditionStatus.Violated && v is { Kind: ViolationKind.DataRace })
            {
                lines.Add(new WdrfLine(c.Name, "violated", v.Message, v));
            }
            else if (c.Status == ConditionStatus.Violated)
            {
                var step = c.Trace![c.Step];
                lines.Add(new WdrfLine(c.Name, "violated", c.Message, new Violation(ViolationKind.Condition, c.Message, c.Trace!, step.Thread, step.Instr)));
            }
            else if (c.Status == ConditionStatus.NotApplicable)
            {
                lines.Add(new WdrfLine(c.Name, "not applicable", c.Message, null));
            }
            else if (v is not null || result.Completion != Completion.Complete)
            {
                lines.Add(new WdrfLine(c.Name, "undecided", v is not null ? "the search stopped at the violation below" : "the search did not finish", null));
            }
            else
            {
                lines.Add(new WdrfLine(c.Name, "holds", c.Message, null));
            }
        }
        return new WdrfReport(result, lines, confirmation);
    }

    public IEnumerable<(string Name, Violation Violation)> Counterexamples =>
        Lines.Where(l => l.Counterexample is not null).Select(l => (l.Name, l.Counterexample!));

    /// <summary>A violation the search found that is no wDRF condition's (an assertion, a deadlock, an invalid access).</summary>
    public Violation? ProgramViolation => Result.Violation is { Kind: not ViolationKind.DataRace } v ? v : null;

    public bool Incomplete => Result.Completion != Completion.Complete || Result.BoundHits > 0 || Result.Complete == 0;

    /// <summary>Every condition holds, the search and the confirmation were complete, and still Promising-Arm has a behaviour SC lacks.</summary>
    public bool VrmBug => Verdict == "wDRF holds" && Confirmation is { Ran: true, Complete: true, ArmOnly.Count: > 0 };

    public string Verdict
    {
        get
        {
            var broken = Lines.Where(l => l.Status == "violated").Select(l => l.Name).ToList();
            if (broken.Count > 0)
            {
                return "wDRF violated: " + string.Join(", ", broken);
            }
            if (ProgramViolation is not null)
            {
                return CheckReport.Verdict(Result) + " (wDRF undecided)";
            }
            if (Incomplete)
            {
                return CheckReport.Verdict(Result) is var w && w.StartsWith("incomplete", StringComparison.Ordinal) ? w : "incomplete";
            }
            return "wDRF holds";
        }
    }

    public int Exit =>
        Lines.Any(l => l.Status == "violated") || ProgramViolation is not null ? ExitCode.Violated
        : Incomplete ? ExitCode.Incomplete
        : VrmBug ? ExitCode.Internal
        : ExitCode.Ok;

    public static void Write(TextWriter o, WdrfReport r)
    {
        var p = r.Result.Program;
        string threads = string.Join(", ", p.Threads.Select((t, i) => t.Name + (p.Kernel?.IsUser(i) == true ? " (user)" : "")));
        o.WriteLine($"vrm wdrf {p.File} (SC by source-set DPOR; thread functions: {threads})");
        foreach (var l in r.Lines)
        {
            o.WriteLine($"{l.Name,-26} {l.Status,-15} {l.Message}");
        }
        o.WriteLine($"Executions: {r.Result.Complete} complete, {r.Result.Blocked} blocked" + (r.Result.SleepBlocked > 0 ? $", {r.Result.SleepBlocked} redundant (sleep-set blocked)" : ""));
        if (r.Result.BoundHits > 0)
        {
            o.WriteLine($"Loop bound hit in {r.Result.BoundHits} executions: exhaustive only up to --unroll");
        }
        if (r.Result.Completion != Completion.Complete)
        {
            o.WriteLine($"Incomplete: {r.Result.IncompleteReason}");
        }
        WriteConfirmation(o, r);
        foreach (var (name, v) in r.Counterexamples.Append(r.ProgramViolation is { } pv ? ("program", pv) : default).Where(c => c.Item2 is not null))
        {
            o.WriteLine(name == "program" ? $"{CheckReport.Where(p, v.At)}: error: {v.Message}" : $"{name} counterexample: {v.Message}");
            WriteTrace(o, p, v);
            o.WriteLine($"Replay: vrm check {p.File} --replay {CheckReport.Schedule(v)}");
        }
        o.WriteLine(r.Verdict != "wDRF holds" ? $"Verdict: {r.Verdict}"
            : r.Confirmation.UserOnly.Count > 0 ? "Verdict: wDRF holds: every Arm behaviour of this program's kernel is an SC behaviour (what user/VM code reads aside)"
            : "Verdict: wDRF holds: every Arm behaviour of this program is an SC behaviour");
    }

    private static void WriteConfirmation(TextWriter o, WdrfReport r)
    {
        var c = r.Confirmation;
        if (!c.Ran)
        {
            o.WriteLine($"Promising-Arm: not run ({c.Note}); RM ⊆ SC not confirmed on this program");
            return;
        }
        o.WriteLine($"Promising-Arm: {c.Note} ({c.PromisingStates} final state{(c.PromisingStates == 1 ? "" : "s")} on Arm, {c.ScStates} on SC, {c.Elapsed.TotalSeconds:0.00} s)");
        foreach (var s in c.ArmOnly.Take(5))
        {
            o.WriteLine($"  on Arm this program can end with {s}, which no SC execution reaches");
        }
        if (c.ArmOnly.Count > 5)
        {
            o.WriteLine($"  ... and {c.ArmOnly.Count - 5} more");
        }
        // Where the conditions hold, such a state is no counterexample to the theorem, and the report says why.
        string outside = r.Verdict == "wDRF holds" ? " (what user/VM code reads is outside VRM's theorem: it is a data oracle)" : "";
        foreach (var s in c.UserOnly.Take(5))
        {
            o.WriteLine($"  on Arm this program can end with {s}, which no SC execution reaches{outside}");
        }
        if (c.UserOnly.Count > 5)
        {
            o.WriteLine($"  ... and {c.UserOnly.Count - 5} more where only user/VM threads differ");
        }
    }

    /// <summary>The execution's steps, each followed by the barriers and annotations its thread ran after it.</summary>
    private static void WriteTrace(TextWriter o, Program p, Violation v)
    {
        for (int i = 0; i < v.Trace.Count; i++)
        {
            var s = v.Trace[i];
            if (s.Loc >= 0 && p.FrameOwner(s.Loc) == s.Template && i != v.Trace.Count - 1)
            {
                continue;
            }
            string at = v.Kind == ViolationKind.Condition && s.Instr == v.At && s.Thread == v.Thread ? "   <-" : v.Kind == ViolationKind.DataRace && i == v.OtherStep ? "   <- races" : "";
            string what = s.Instr.Root >= 0 ? UserStep(p, s) : CheckReport.Step(p, s);
            o.WriteLine($"  {i + 1,3}  {CheckReport.Thread(p, s.Thread, s.Template),-14} {CheckReport.Where(p, s.Instr),-24} {what}{at}");
            foreach (var m in s.Marks)
            {
                o.WriteLine($"       {CheckReport.Thread(p, m.Thread, TemplateOf(v, m.Thread, s)),-14} {CheckReport.Where(p, m.Instr),-24} {Mark(p, m)}");
            }
        }
    }

    private static int TemplateOf(Violation v, int thread, TraceStep fallback) =>
        v.Trace.FirstOrDefault(t => t.Thread == thread)?.Template ?? fallback.Template;

    private static string UserStep(Program p, TraceStep s) => s.WalkOnly
        ? $"user {(s.Instr.Op == Opcode.Load ? "load" : "store")} of 0x{s.Address:x}: not mapped (fault)"
        : $"user {(s.Instr.Op == Opcode.Load ? $"load 0x{s.Address:x} -> {p.Locations[s.Loc]} = {s.Value}" : $"store 0x{s.Address:x} -> {p.Locations[s.Loc]} = {s.Written}")}";

    private static string Mark(Program p, Mark m) => m.Instr.Op switch
    {
        Opcode.Annotate when m.Instr.Annotation is AnnotationKind.Hold or AnnotationKind.Release =>
            $"{(m.Instr.Annotation == AnnotationKind.Hold ? "hold" : "release")} {p.Kernel?.Protected.FirstOrDefault(l => l.Lock == m.Operand)?.LockName ?? p.DescribeAddress(m.Operand)}",
        Opcode.Tlbi => $"{m.Instr.Text}",
        _ => m.Instr.Text,
    };

    public static void WriteJson(TextWriter output, WdrfReport r)
    {
        var p = r.Result.Program;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonFormat.Options))
        {
            w.WriteStartObject();
            w.WriteString("file", p.File);
            w.WriteString("verdict", r.Verdict);
            w.WriteStartArray("conditions");
            foreach (var l in r.Lines)
            {
                w.WriteStartObject();
                w.WriteString("name", l.Name);
                w.WriteString("status", l.Status);
                w.WriteString("message", l.Message);
                if (l.Counterexample is { } v)
                {
                    w.WriteString("replay", CheckReport.Schedule(v));
                    w.WriteStartArray("trace");
                    foreach (var s in v.Trace)
                    {
                        w.WriteStringValue($"{CheckReport.Thread(p, s.Thread, s.Template)} {CheckReport.Where(p, s.Instr)} {(s.Instr.Root >= 0 ? UserStep(p, s) : CheckReport.Step(p, s).TrimEnd())}");
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (r.ProgramViolation is { } pv)
            {
                w.WriteString("programViolation", pv.Message);
                w.WriteString("replay", CheckReport.Schedule(pv));
            }
            w.WriteStartObject("executions");
            w.WriteNumber("complete", r.Result.Complete);
            w.WriteNumber("blocked", r.Result.Blocked);
            w.WriteNumber("boundHits", r.Result.BoundHits);
            w.WriteBoolean("exhaustive", !r.Incomplete);
            w.WriteEndObject();
            w.WriteStartObject("confirmation");
            w.WriteBoolean("ran", r.Confirmation.Ran);
            w.WriteString("note", r.Confirmation.Note);
            w.WriteBoolean("complete", r.Confirmation.Complete);
            w.WriteNumber("promisingStates", r.Confirmation.PromisingStates);
            w.WriteNumber("scStates", r.Confirmation.ScStates);
            w.WriteStartArray("armOnly");
            r.Confirmation.ArmOnly.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteStartArray("userOnly");
            r.Confirmation.UserOnly.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}

/// <summary>One condition's line: its name as VRM gives it, holds / violated / not applicable / undecided, why, and the execution that shows a violation.</summary>
public sealed record WdrfLine(string Name, string Status, string Message, Violation? Counterexample);
