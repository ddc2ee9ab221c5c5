using Vrm.Explore;
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
public sealed class Linearizability(Program program) : ICheck
{
    public bool WatchesExecutions => true;

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
        // The specifications' state is what main set up before the first call (specifications' globals are theirs alone).
        var start = execution.Memory(history.Min(c => c.BeginStep) + 1);
        var final = execution.Memory();
        var calls = history.Select(c => new SpecCall(c.Op, c.Arg0, c.Arg1, c.Result)).ToList();
        bool RealTime(int j, int i) => history[j].End < history[i].Begin;
        var search = new SpecOrder(program, calls, RealTime, start, final);
        bool explained = search.Exists();
        SpecRuns += search.SpecRuns;
        if (!explained && program.Abstractions.Count > 0 && new SpecOrder(program, calls, RealTime, start, final) { Related = false }.Exists())
        {
            Violation = new ExecutionViolation("not linearizable",
                $"the results are explained, but every order that explains them ends in an abstract state {Relations(program)} does not relate to the implementation's final state: {Describe(history)}",
                execution.Trace, execution.Trace.Count - 1);
        }
        else if (!explained)
        {
            Violation = new ExecutionViolation("not linearizable",
                $"no order of the specifications that respects real time gives these results: {Describe(history)}", execution.Trace, history.Max(c => c.EndStep));
        }
    }

    /// <summary>The abstraction relations by name, for a report.</summary>
    internal static string Relations(Program program) => string.Join(" and ", program.Abstractions.Select(t => program.Threads[t].Name));

    private string Describe(List<Call> history) => string.Join("; ", history.Select(c =>
        $"T{c.Thread} {Describe(program, new SpecCall(c.Op, c.Arg0, c.Arg1, c.Result))} (steps {c.BeginStep + 1}–{c.EndStep + 1})"));

    /// <summary>A call as a report shows it: <c>map_page(1, 2) = 0</c>.</summary>
    internal static string Describe(Program program, SpecCall c)
    {
        var op = program.Operations[c.Op];
        string args = string.Join(", ", new[] { c.Arg0, c.Arg1 }.Take(Math.Min(2, op.Arity)).Select(program.FormatValue));
        return $"{op.Name}({args}){(op.Returns ? $" = {c.Result}" : "")}";
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
}
