using System.Text;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Report;

/// <summary>Renders a result exactly in herd7's layout, so users can diff vrm against herd logs.</summary>
public static class HerdFormat
{
    public static string Render(ModelResult r)
    {
        var p = r.Program;
        var sb = new StringBuilder();
        string kind = p.ConditionKind switch { CondKind.Exists => "Allowed", CondKind.NotExists => "Forbidden", _ => "Required" };
        sb.Append("Test ").Append(p.Name).Append(' ').Append(kind).Append('\n');
        sb.Append("States ").Append(r.States.Count).Append('\n');
        foreach (var s in r.States)
        {
            sb.Append(State(r, s)).Append('\n');
        }
        sb.Append(r.Ok ? "Ok" : "No").Append('\n');
        sb.Append("Witnesses\n");
        long pos = p.ConditionKind == CondKind.NotExists ? r.Negative : r.Positive;
        long neg = p.ConditionKind == CondKind.NotExists ? r.Positive : r.Negative;
        sb.Append("Positive: ").Append(pos).Append(" Negative: ").Append(neg).Append('\n');
        foreach (var flag in r.Flags)
        {
            sb.Append("Flag ").Append(flag).Append('\n');
        }
        sb.Append("Condition ").Append(Condition(p)).Append('\n');
        sb.Append("Observation ").Append(p.Name).Append(' ').Append(r.Observation).Append(' ').Append(r.Positive).Append(' ').Append(r.Negative).Append('\n');
        if (r.Cut)
        {
            sb.Append("Warning: the unrolling bound cut some executions (raise --unroll)\n");
        }
        if (r.Completion != Completion.Complete)
        {
            sb.Append("Incomplete: ").Append(r.IncompleteReason).Append('\n');
        }
        return sb.ToString();
    }

    public static string State(ModelResult r, FinalState s) => State(r.Program, r.Displayed, s.Values);

    /// <summary>
    /// One final state: <c>loc=value;</c> items separated by spaces, then, in a page-table program, the fault
    /// atoms as herd lays them out: after one more space the faults that happened, ascending, then a space
    /// and the ones that did not, descending (<c>1:X0=0;  ~Fault(P0:L0,x);</c>, with two spaces, when none happened).
    /// </summary>
    public static string State(Program p, IReadOnlyList<Observable> displayed, IReadOnlyList<long> values)
    {
        var sb = new StringBuilder();
        var faults = new List<(FaultAtom Atom, long Value)>();
        for (int i = 0; i < displayed.Count; i++)
        {
            if (displayed[i].IsFault)
            {
                faults.Add((p.Vmsa!.Faults[displayed[i].Fault], values[i]));
                continue;
            }
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }
            sb.Append(p.FormatObservable(displayed[i])).Append('=').Append(p.FormatValue(values[i])).Append(';');
        }
        if (faults.Count > 0)
        {
            var vmsa = p.Vmsa!;
            var happened = faults.Where(f => f.Value != 0).ToList();
            var not = faults.Where(f => f.Value == 0).ToList();
            happened.Sort((a, b) => vmsa.CompareFaults(p, a.Atom, b.Atom, a.Value, b.Value));
            not.Sort((a, b) => vmsa.CompareFaults(p, b.Atom, a.Atom, b.Value, a.Value));
            sb.Append(' ').AppendJoin(' ', happened.Select(f => vmsa.FormatState(p, f.Atom, f.Value) + ";"));
            if (not.Count > 0)
            {
                sb.Append(' ').AppendJoin(' ', not.Select(f => vmsa.FormatState(p, f.Atom, f.Value) + ";"));
            }
        }
        return sb.ToString();
    }

    public static string Condition(Program p)
    {
        string q = p.ConditionKind switch { CondKind.Exists => "exists", CondKind.NotExists => "~exists", _ => "forall" };
        var sb = new StringBuilder(q).Append(" (");
        Prop(sb, p, p.Condition, 0);
        return sb.Append(')').ToString();
    }

    /// <summary>
    /// Appends a condition in one pass (a test may have tens of thousands of conjuncts, so no level copies the
    /// text below it). Precedence: 0 top, 1 inside \/, 2 inside /\.
    /// </summary>
    private static void Prop(StringBuilder sb, Program p, Cond c, int context)
    {
        switch (c)
        {
            case ConstCond k:
                sb.Append(k.Value ? "true" : "false");
                break;
            case AtomCond a:
                sb.Append(p.FormatObservable(a.Target)).Append(a.Equal ? "=" : "!=").Append(p.FormatValue(a.Value));
                break;
            case NotCond n:
                sb.Append("not (");
                Prop(sb, p, n.Operand, 0);
                sb.Append(')');
                break;
            case FaultCond f:
                sb.Append(p.FormatObservable(f.Target));
                break;
            case OrCond o:
                Binary(sb, p, o.Left, " \\/ ", o.Right, 1, context > 1);
                break;
            case AndCond a:
                Binary(sb, p, a.Left, " /\\ ", a.Right, 2, context > 2);
                break;
            default:
                sb.Append('?');
                break;
        }
    }

    private static void Binary(StringBuilder sb, Program p, Cond left, string op, Cond right, int context, bool paren)
    {
        if (paren)
        {
            sb.Append('(');
        }
        Prop(sb, p, left, context);
        sb.Append(op);
        Prop(sb, p, right, context);
        if (paren)
        {
            sb.Append(')');
        }
    }
}
