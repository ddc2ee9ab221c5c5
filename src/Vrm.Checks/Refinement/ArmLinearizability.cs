using Vrm.Explore;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Checks.Refinement;

/// <summary>What the check on a relaxed model found: a final state whose calls no order explains, or nothing; incomplete runs decide nothing.</summary>
public sealed record ArmLinearizabilityResult(string? Violation, bool Complete, string? IncompleteReason, int Histories);

/// <summary>
/// Operations against their atomic specifications on a relaxed model (Promising-Arm, or the axiomatic Arm
/// model). A relaxed execution has no global time, so the order a history must keep is each thread's own
/// (sequential consistency of the operations, the relaxed reading of linearizability): every final state's
/// calls — arguments and results — must be explained by running the specifications one at a time in some
/// interleaving of the threads' call sequences. A call's arguments and result are read at the end from the
/// registers the call used, so each call site must run at most once: a call inside a loop is refused.
/// </summary>
public static class ArmLinearizability
{
    /// <summary>A call site of a static thread: the operation, the registers of its arguments and result, and its done flag.</summary>
    private sealed record Site(int Thread, int Op, int Arg0, int Arg1, int Result, int Done);

    public static ArmLinearizabilityResult Run(Program c, IMemoryModel model, ExploreOptions options, CancellationToken cancel)
    {
        var st = StaticThreads.From(c);
        var (program, sites) = Instrument(c, st);
        var r = model.Run(program, options, cancel);
        if (r.Completion != Completion.Complete || r.Cut)
        {
            return new ArmLinearizabilityResult(null, false, r.IncompleteReason ?? "a loop bound cut some runs", 0);
        }
        var histories = new HashSet<string>();
        foreach (var s in r.States)
        {
            long Value(int thread, int reg) => reg == Reg.Zero ? 0 : s.Values[r.IndexOfObserved(Observable.Register(thread, reg))];
            var calls = sites.Where(x => Value(x.Thread, x.Done) != 0)
                .Select(x => (x.Thread, Call: new SpecCall(x.Op, Value(x.Thread, x.Arg0), Value(x.Thread, x.Arg1), Value(x.Thread, x.Result)))).ToList();
            // With a relation the final memory matters too, not only the calls.
            string key = string.Join(";", calls) + (c.Abstractions.Count > 0 ? "|" + string.Join(",", s.Values) : "");
            if (calls.Count == 0 || !histories.Add(key))
            {
                continue;
            }
            // Sites are in code order within a thread, and code without loops around them runs in that order.
            // The threads start from main's set-up, and so do the specifications.
            var final = Enumerable.Range(0, c.Locations.Count).Select(l => s.Values[r.IndexOfObserved(Observable.Memory(l))]).ToArray();
            var specCalls = calls.Select(x => x.Call).ToList();
            bool ThreadOrder(int j, int i) => calls[j].Thread == calls[i].Thread && j < i;
            if (!new SpecOrder(c, specCalls, ThreadOrder, st.Program.InitMemory, final).Exists())
            {
                bool resultsExplained = c.Abstractions.Count > 0 && new SpecOrder(c, specCalls, ThreadOrder, st.Program.InitMemory, final) { Related = false }.Exists();
                var described = calls.Select(x => $"T{st.First + x.Thread} {Linearizability.Describe(c, x.Call)}");
                return new ArmLinearizabilityResult(resultsExplained
                    ? $"on {model.Name}, a final state's calls are explained, but every order that explains them ends in an abstract state {Linearizability.Relations(c)} does not relate to the implementation's final state: {string.Join("; ", described)}"
                    : $"on {model.Name}, a final state's calls have results no order of the specifications that keeps each thread's own order gives: {string.Join("; ", described)}",
                    true, null, histories.Count);
            }
        }
        return new ArmLinearizabilityResult(null, true, null, histories.Count);
    }

    /// <summary>
    /// The static program with each outermost call's end rewritten into "done := 1" on a fresh register, and its
    /// argument, result and done registers observed. An operation's begin and end are no-ops to the models.
    /// </summary>
    private static (Program Program, List<Site> Sites) Instrument(Program c, StaticThreads st)
    {
        var p = st.Program;
        int registers = p.RegisterCount;
        var sites = new List<Site>();
        var threads = new List<ThreadProgram>();
        for (int t = 0; t < p.Threads.Count; t++)
        {
            var code = (Instr[])p.Threads[t].Code.Clone();
            int depth = 0;
            (Instr Begin, int At)? open = null;
            for (int i = 0; i < code.Length; i++)
            {
                var ins = code[i];
                if (ins.Op != Opcode.Annotate || ins.Annotation is not (AnnotationKind.OpBegin or AnnotationKind.OpEnd))
                {
                    continue;
                }
                if (ins.Annotation == AnnotationKind.OpBegin)
                {
                    if (depth++ == 0)
                    {
                        open = (ins, i);
                    }
                    continue;
                }
                if (--depth > 0 || open is not { } begin)
                {
                    continue;
                }
                if (InLoop(code, begin.At, i))
                {
                    throw new DiagnosticException(new Diagnostic(ins.SourceFile ?? c.File, ins.Pos,
                        $"{c.Operations[(int)ins.Imm].Name} is called in a loop: the refinement check under --model arm and promising reads each call site once; use --model sc"), unsupported: true);
                }
                int done = registers++;
                code[i] = ins with { Op = Opcode.MovImm, Rd = done, Imm = 1, Wide = true };
                sites.Add(new Site(t, (int)ins.Imm, begin.Begin.Rn, begin.Begin.Rm, ins.Rn, done));
                open = null;
            }
            threads.Add(p.Threads[t] with { Code = code });
        }
        var observed = sites.SelectMany(x => new[] { x.Arg0, x.Arg1, x.Result, x.Done }.Where(r => r != Reg.Zero).Select(r => Observable.Register(x.Thread, r)));
        return (p with { Threads = threads, RegisterCount = registers, Observed = [.. p.Observed.Union(observed)] }, sites);
    }

    /// <summary>True when a backward branch's loop contains the call from <paramref name="begin"/> to <paramref name="end"/> (its begin or end).</summary>
    private static bool InLoop(Instr[] code, int begin, int end)
    {
        for (int b = 0; b < code.Length; b++)
        {
            var ins = code[b];
            if (ins.Target >= 0 && ins.Target <= b && ins.Op is Opcode.Branch or Opcode.BranchCond or Opcode.BranchZero
                && ((ins.Target <= begin && begin <= b) || (ins.Target <= end && end <= b)))
            {
                return true;
            }
        }
        return false;
    }
}
