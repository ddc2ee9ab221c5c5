using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// Finds spin loops whose iterations have no effect: no stores or calls, and no value carried from
/// one iteration to the next (no phi at the header). RMWs may appear (a failing CAS or a swap of the same value
/// changes nothing); the explorer checks at run time that the iteration changed no memory.
/// </summary>
internal static class AwaitLoops
{
    public static HashSet<(string From, string To)> BackEdges(Function f)
    {
        var result = new HashSet<(string, string)>();
        if (f.Blocks.Count == 0)
        {
            return result;
        }
        var byLabel = f.Blocks.ToDictionary(b => b.Label, StringComparer.Ordinal);
        var preds = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var b in f.Blocks)
        {
            preds.TryAdd(b.Label, []);
            foreach (var s in Successors(b))
            {
                preds.TryAdd(s, []);
                preds[s].Add(b.Label);
            }
        }
        foreach (var (from, to) in DfsBackEdges(f, byLabel))
        {
            var body = NaturalLoop(from, to, preds);
            if (byLabel[to].Instrs.Any(i => i is PhiInstr))
            {
                continue;
            }
            if (body.All(l => byLabel[l].Instrs.All(NoEffect)))
            {
                result.Add((from, to));
            }
        }
        return result;
    }

    private static bool NoEffect(LInstr i) => i switch
    {
        // An RMW may leave memory as it was (test-and-set on a taken lock): the explorer checks at run time.
        StoreInstr or UnsupportedInstr => false,
        CallInstr { Callee: InlineAsm } => true,
        CallInstr { Callee: GlobalRef g } => g.Name.StartsWith("llvm.dbg.", StringComparison.Ordinal) || g.Name.StartsWith("llvm.lifetime.", StringComparison.Ordinal),
        CallInstr => false,
        _ => true,
    };

    public static IEnumerable<string> Successors(Block b) => b.Instrs.Count == 0 ? [] : b.Instrs[^1] switch
    {
        BrInstr br => [br.Target],
        CondBrInstr c => [c.IfTrue, c.IfFalse],
        SwitchInstr s => s.Cases.Select(c => c.Target).Append(s.Default),
        _ => [],
    };

    private static List<(string, string)> DfsBackEdges(Function f, Dictionary<string, Block> byLabel)
    {
        var edges = new List<(string, string)>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<(string Label, IEnumerator<string> Next)>();
        string start = f.Blocks[0].Label;
        state[start] = 1;
        stack.Push((start, Successors(byLabel[start]).GetEnumerator()));
        while (stack.Count > 0)
        {
            var (label, next) = stack.Peek();
            if (!next.MoveNext())
            {
                state[label] = 2;
                stack.Pop();
                continue;
            }
            string s = next.Current;
            if (!byLabel.ContainsKey(s))
            {
                continue;
            }
            switch (state.GetValueOrDefault(s))
            {
                case 0:
                    state[s] = 1;
                    stack.Push((s, Successors(byLabel[s]).GetEnumerator()));
                    break;
                case 1:
                    edges.Add((label, s));
                    break;
            }
        }
        return edges;
    }

    private static HashSet<string> NaturalLoop(string from, string header, Dictionary<string, List<string>> preds)
    {
        var body = new HashSet<string>(StringComparer.Ordinal) { header, from };
        var work = new Stack<string>();
        work.Push(from);
        while (work.Count > 0)
        {
            string b = work.Pop();
            if (b == header)
            {
                continue;
            }
            foreach (var p in preds.GetValueOrDefault(b) ?? [])
            {
                if (body.Add(p))
                {
                    work.Push(p);
                }
            }
        }
        return body;
    }
}
