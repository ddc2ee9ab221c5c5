using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Checks.Refinement;

/// <summary>
/// Refinement of operations by their atomic specifications (<c>VRM_SPEC</c>), checked as linearizability on every
/// complete SC execution: the operations' invocations and responses (their arguments and results, in execution
/// order) must be explained by running the specifications one at a time, on the specifications' own state, in
/// some order that keeps every operation that ended before another began before it (real-time order). The
/// search is Wing and Gong's, with Lowe's memoisation of (operations done, abstract state) pairs already tried.
/// </summary>
public sealed class Linearizability(Program program) : IExecutionObserver
{
    public ExecutionViolation? Violation { get; private set; }

    public bool Done => Violation is not null;

    /// <summary>Histories checked, and specifications run to check them.</summary>
    public long Histories { get; private set; }

    public long SpecRuns { get; private set; }

    /// <summary>One operation of a history: who, which, with what, what it returned, and when (event times).</summary>
    private sealed record Call(int Thread, int Op, long Arg0, long Arg1, int Begin, int BeginStep)
    {
        public long Result;
        public int End = int.MaxValue, EndStep = -1;
    }

    public void OnExecution(ExecutionView execution)
    {
        if (Violation is not null || !execution.Complete)
        {
            return;
        }
        var history = History(execution);
        if (history.Count == 0)
        {
            return;
        }
        if (history.Count > 64)
        {
            throw new Syntax.DiagnosticException(new Syntax.Diagnostic(program.File, Syntax.SourcePos.None,
                $"an execution makes {history.Count} operation calls; the refinement check takes at most 64 per execution"));
        }
        Histories++;
        var memory = program.StartMemory();
        var triedStates = new Dictionary<(ulong, int), List<long[]>>();
        if (!Explain(history, 0, memory, triedStates))
        {
            string calls = string.Join("; ", history.Select(c =>
                $"T{c.Thread} {program.Operations[c.Op].Name}({string.Join(", ", new[] { c.Arg0, c.Arg1 }.Take(Math.Min(2, program.Operations[c.Op].Arity)).Select(program.FormatValue))}){(program.Operations[c.Op].Returns ? $" = {c.Result}" : "")} (steps {c.BeginStep + 1}–{c.EndStep + 1})"));
            Violation = new ExecutionViolation("not linearizable",
                $"no order of the specifications that respects real time gives these results: {calls}", execution.Trace, history.Max(c => c.EndStep));
        }
    }

    /// <summary>The outermost operation calls of an execution with their times (an operation inside another is part of it).</summary>
    private static List<Call> History(ExecutionView e)
    {
        var calls = new List<Call>();
        var open = new Dictionary<int, Stack<Call?>>();
        int time = 0;
        void Marks(IReadOnlyList<Mark> marks, int step)
        {
            foreach (var m in marks)
            {
                time++;
                if (m.Instr.Op != Opcode.Annotate || m.Instr.Annotation is not (AnnotationKind.OpBegin or AnnotationKind.OpEnd))
                {
                    continue;
                }
                if (!open.TryGetValue(m.Thread, out var stack))
                {
                    open[m.Thread] = stack = new Stack<Call?>();
                }
                if (m.Instr.Annotation == AnnotationKind.OpBegin)
                {
                    // Only outermost calls are the history; an inner one is pushed as null to pair its end.
                    var call = stack.Count == 0 ? new Call(m.Thread, (int)m.Instr.Imm, m.Operand, m.Operand2, time, step) : null;
                    stack.Push(call);
                    if (call is not null)
                    {
                        calls.Add(call);
                    }
                }
                else if (stack.Count > 0 && stack.Pop() is { } done)
                {
                    done.Result = m.Operand;
                    done.End = time;
                    done.EndStep = step;
                }
            }
        }
        Marks(e.InitialMarks, 0);
        for (int i = 0; i < e.Trace.Count; i++)
        {
            time++;
            Marks(e.Trace[i].Marks, i);
        }
        return calls;
    }

    /// <summary>True when the calls not in <paramref name="done"/> can be run in some real-time-respecting order from <paramref name="memory"/>.</summary>
    private bool Explain(List<Call> calls, ulong done, long[] memory, Dictionary<(ulong, int), List<long[]>> tried)
    {
        if (done == (calls.Count == 64 ? ulong.MaxValue : (1UL << calls.Count) - 1))
        {
            return true;
        }
        var key = (done, Hash(memory));
        if (tried.TryGetValue(key, out var seen) && seen.Exists(m => m.AsSpan().SequenceEqual(memory)))
        {
            return false;
        }
        for (int i = 0; i < calls.Count; i++)
        {
            if ((done & (1UL << i)) != 0 || !Minimal(calls, done, i))
            {
                continue;
            }
            var c = calls[i];
            SpecRuns++;
            if (SpecRunner.Run(program, program.Operations[c.Op].Spec, c.Arg0, c.Arg1, memory) is var (result, after)
                && (result == c.Result || !program.Operations[c.Op].Returns) && Explain(calls, done | (1UL << i), after, tried))
            {
                return true;
            }
        }
        if (!tried.TryGetValue(key, out seen))
        {
            tried[key] = seen = [];
        }
        seen.Add(memory);
        return false;
    }

    /// <summary>No call still to place ended before call <paramref name="i"/> began.</summary>
    private static bool Minimal(List<Call> calls, ulong done, int i)
    {
        for (int j = 0; j < calls.Count; j++)
        {
            if (j != i && (done & (1UL << j)) == 0 && calls[j].End < calls[i].Begin)
            {
                return false;
            }
        }
        return true;
    }

    private static int Hash(long[] memory)
    {
        var h = new HashCode();
        foreach (long v in memory)
        {
            h.Add(v);
        }
        return h.ToHashCode();
    }
}
