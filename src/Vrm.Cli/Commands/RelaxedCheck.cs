using Vrm.Checks;
using Vrm.Checks.Assertions;
using Vrm.Checks.Mmu;
using Vrm.Checks.Refinement;
using Vrm.Checks.Security;
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
        // Input errors (DiagnosticException) go to the caller, which reports them as text or JSON.
        var st = StaticThreads.From(c);
        var options = new ExploreOptions { Checks = req.Options.Checks, FindBlocked = true, Unroll = req.Options.Unroll, Timeout = req.Timeout, MaxStates = req.Options.MaxExecutions, MaxCandidates = req.Options.MaxExecutions, MaxMemory = req.MaxMemory };
        ModelResult r;
        try
        {
            r = MemoryModels.Get(req.Model).Run(st.Program, options, cancel);
        }
        catch (NotSupportedException e)
        {
            // A model that cannot run this kind of program (Promising and page tables) refuses it as input it does not support.
            throw new DiagnosticException(new Diagnostic(c.File, SourcePos.None, $"unsupported: {e.Message}" + (c.Vmsa is null ? "" : " (this program declares vrm_page variables)")), unsupported: true);
        }
        var p = st.Program;
        var findings = StandardChecks.Outcomes(options.Checks, c, st, r);
        var failures = findings.Where(f => !f.Stuck).Select(f => Format(c, st, f)).ToList();
        var deadlock = findings.Where(f => f.Stuck && f.Undecided is null).Select(f => new DeadlockReport(
            $"{CheckReport.Where(c, f.Assertions[0].At)}: {f.Assertions[0].Message}", Memory(c, f.Memory))).FirstOrDefault();
        // An outcome a check could not judge (a stuck end that says too little): never a pass.
        var undecidedDeadlock = findings.FirstOrDefault(f => f.Undecided is not null)?.Undecided;
        bool deadlockUndecided = undecidedDeadlock is not null;
        var warnings = Warnings(c, st, r);
        // Noninterference needs every outcome: it is decided only when the plain run is complete and nothing failed.
        bool decided = failures.Count == 0 && deadlock is null && r.Completion == Completion.Complete && !r.Cut;
        var leaks = decided && c.Kernel is { HasPrincipals: true } ? ArmNoninterference.Run(c, MemoryModels.Get(req.Model), options, cancel) : null;
        var refinement = decided && leaks?.Property is null && c.Operations.Count > 0 ? ArmLinearizability.Run(c, MemoryModels.Get(req.Model), options, cancel) : null;
        string verdict = StandardChecks.Verdict(findings)
            ?? (r.Completion != Completion.Complete || deadlockUndecided ? "incomplete"
            : r.Cut ? "incomplete: loop bound"
            : r.States.Count == 0 ? "incomplete: no execution finishes"
            : leaks is { Property: { } property } ? $"{property} violation"
            : refinement is { Violation: not null } ? "not linearizable"
            : leaks is { Complete: false } ? "incomplete: noninterference"
            : refinement is { Complete: false } ? "incomplete: refinement"
            // Only final states are explored: an invariant about every lock-free state on the way is not decided.
            : c.Invariants.Count > 0 ? "incomplete: invariant" : "ok");
        int code = failures.Count > 0 || deadlock is not null || leaks?.Property is not null || refinement?.Violation is not null ? ExitCode.Violated : verdict == "ok" ? ExitCode.Ok : ExitCode.Incomplete;
        if (req.Json)
        {
            WriteJson(output, c, req, r, failures, warnings, deadlock, verdict, leaks, refinement, verdict == "incomplete" ? undecidedDeadlock : null);
            return code;
        }
        output.WriteLine($"vrm check {c.File} (model {req.Model}, {p.Threads.Count} threads)");
        output.WriteLine($"Final states: {r.States.Count}" + (r.Cut ? $" (loops cut at --unroll {req.Options.Unroll})" : ""));
        foreach (var f in failures.Take(5))
        {
            output.WriteLine((f.Faults.Count > 0 ? "An invalid access in a final state:" : "Assertion fails in a final state:")
                + "\n  " + string.Join("\n  ", f.Faults.Concat(f.Assertions)) + $"\n  final memory: {f.Memory}");
        }
        if (failures.Count > 5)
        {
            output.WriteLine($"... and {failures.Count - 5} more final states where an assertion fails" + (failures.Skip(5).Any(f => f.Faults.Count > 0) ? " or an access is invalid" : ""));
        }
        if (deadlock is not null)
        {
            output.WriteLine($"Deadlock (no final state):\n  {deadlock.Line}\n  final memory: {deadlock.Memory}");
        }
        foreach (var w in warnings)
        {
            output.WriteLine($"Warning: {w}");
        }
        if (leaks is not null)
        {
            output.WriteLine(leaks.Property is { } leak ? $"{c.File}: error: {leak}: {leaks.Message}"
                : leaks.Complete ? $"Noninterference: holds ({leaks.Runs} runs with secrets and inputs changed, final observations compared)"
                : $"Noninterference: incomplete ({leaks.IncompleteReason})");
        }
        if (refinement is not null)
        {
            output.WriteLine(refinement.Violation is { } v ? $"{c.File}: error: not linearizable: {v}"
                : refinement.Complete ? $"Refinement: every final state's calls are explained by the specifications in each thread's order ({refinement.Histories} distinct histories)"
                : $"Refinement: incomplete ({refinement.IncompleteReason})");
        }
        if (r.Completion != Completion.Complete)
        {
            output.WriteLine($"Incomplete: {r.IncompleteReason}");
        }
        else if (deadlockUndecided && verdict == "incomplete")
        {
            output.WriteLine($"Incomplete: {undecidedDeadlock}");
        }
        output.WriteLine($"Verdict: {verdict}");
        return code;
    }

    /// <summary>A failing final state as the report states it: the assertions that fail in it, the invalid accesses, its memory.</summary>
    private sealed record Failure(List<string> Assertions, List<string> Faults, string Memory);

    private static Failure Format(Program c, StaticThreads st, OutcomeFinding f)
    {
        string Line(StateFailure x) => x.Thread < 0 ? $"main after joining: {x.Message}" : $"{CheckReport.Where(c, x.At)}: {st.Name(x.Thread)}: {x.Message}";
        return new Failure([.. f.Assertions.Select(Line)], [.. f.Faults.Select(Line)], Memory(c, f.Memory));
    }

    /// <summary>The C program's globals (stack frames are not observed) with their values.</summary>
    private static string Memory(Program c, IReadOnlyList<long> values) => string.Join("; ", Enumerable.Range(0, c.Locations.Count)
        .Where(l => c.FrameOwner(l) < 0)
        .Select(l => $"{c.Locations[l]}={FormatValue(c, values[l])}"));

    /// <summary>A deadlock as the report states it: where the first waiting thread waits, and the final memory.</summary>
    private sealed record DeadlockReport(string Line, string Memory);


    /// <summary>Page-table programs show entries, physical addresses and pointers by name (<c>(oa:PA(y))</c>, <c>&amp;flag</c>); others as numbers.</summary>
    private static string FormatValue(Program c, long v)
    {
        if (c.Vmsa is null)
        {
            return v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        int loc = c.LocationAt(v);
        return c.Vmsa.FormatValue(c, v) ?? (loc >= 0 ? "&" + c.Locations[loc] : v.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The relaxed models' page-table diagnostics (break-before-make, stale translations) in C terms: the model's
    /// threads are the static program's, named as the report names them (T1 writer, T2 reader...). The
    /// messages name their C lines themselves.
    /// </summary>
    private static List<string> Warnings(Program c, StaticThreads st, ModelResult r) =>
        [.. r.Diagnoses.Select(d => d.Text(t => t < st.Program.Threads.Count ? st.Name(t) : $"P{t}")).Distinct(),
        // A relaxed model gives final states only, and an invariant is about every lock-free state on the way: saying
        // nothing let "ok" read as the invariant holding (host-iso-bug.c's broken host_iso passed here silently).
        .. c.Invariants.Count > 0 ? [$"VRM_INVARIANT is not checked on {r.Model} (only final states are explored): run vrm check without --model to check it"] : Array.Empty<string>()];

    private static void WriteJson(TextWriter output, Program c, CheckCommand.CheckRequest req, ModelResult r, List<Failure> failures, List<string> warnings, DeadlockReport? deadlock, string verdict, ArmNoninterferenceResult? leaks, ArmLinearizabilityResult? refinement, string? undecided)
    {
        using var stream = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream, JsonFormat.Options))
        {
            w.WriteStartObject();
            w.WriteString("file", c.File);
            w.WriteString("model", req.Model);
            w.WriteString("verdict", verdict);
            w.WriteNumber("finalStates", r.States.Count);
            w.WriteBoolean("loopBoundHit", r.Cut);
            w.WriteBoolean("complete", r.Completion == Completion.Complete);
            if ((r.IncompleteReason ?? undecided) is { } reason)
            {
                w.WriteString("incomplete", reason);
            }
            w.WriteNumber("seconds", Math.Round(r.Elapsed.TotalSeconds, 3));
            if (leaks is not null)
            {
                w.WriteStartObject("noninterference");
                w.WriteBoolean("complete", leaks.Complete);
                w.WriteString("property", leaks.Property);
                w.WriteString("message", leaks.Message ?? leaks.IncompleteReason);
                w.WriteNumber("runs", leaks.Runs);
                w.WriteEndObject();
            }
            if (refinement is not null)
            {
                w.WriteStartObject("refinement");
                w.WriteBoolean("complete", refinement.Complete);
                w.WriteString("message", refinement.Violation ?? refinement.IncompleteReason);
                w.WriteNumber("histories", refinement.Histories);
                w.WriteEndObject();
            }
            if (deadlock is not null)
            {
                w.WriteStartObject("deadlock");
                w.WriteString("message", deadlock.Line);
                w.WriteString("memory", deadlock.Memory);
                w.WriteEndObject();
            }
            w.WriteStartArray("failingStates");
            foreach (var f in failures)
            {
                w.WriteStartObject();
                w.WriteStartArray("assertions");
                foreach (var line in f.Assertions)
                {
                    w.WriteStringValue(line);
                }
                w.WriteEndArray();
                if (c.Vmsa is not null || f.Faults.Count > 0)
                {
                    w.WriteStartArray("faults");
                    foreach (var line in f.Faults)
                    {
                        w.WriteStringValue(line);
                    }
                    w.WriteEndArray();
                }
                w.WriteString("memory", f.Memory);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (c.Vmsa is not null)
            {
                w.WriteStartArray("warnings");
                foreach (var line in warnings)
                {
                    w.WriteStringValue(line);
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
