using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// The natural loops of a function and the two kinds of back edge the explorers treat specially: await
/// loops (spins whose iterations have no effect, which block instead of unrolling) and counted loops
/// (whose exits depend only on the thread's own values, which run to completion instead of to --unroll).
/// Locals that are registers (<see cref="LocalSlots"/>) are values here, like SSA values.
/// </summary>
internal sealed class Loops
{
    private readonly Dictionary<string, Block> byLabel;
    /// <summary>Local registers by every name they are reached through, to the alloca's own name.</summary>
    private readonly Dictionary<string, string> slots;
    private readonly List<(string From, string Header, HashSet<string> Body)> loops = [];
    private readonly Dictionary<string, List<string>> preds = new(StringComparer.Ordinal);

    public Loops(Function f, Dictionary<string, string> promotable)
    {
        slots = promotable;
        byLabel = f.Blocks.ToDictionary(b => b.Label, StringComparer.Ordinal);
        if (f.Blocks.Count == 0)
        {
            return;
        }
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
            loops.Add((from, to, NaturalLoop(from, to, preds)));
        }
    }

    /// <summary>
    /// Spin loops whose iterations have no effect: no stores to memory or calls, and no value carried from one
    /// iteration to the next (no phi at the header, no local register read before it is written). RMWs may
    /// appear (a failing CAS or a swap of the same value changes nothing); the explorer checks at run time
    /// that the iteration changed no memory.
    /// </summary>
    public HashSet<(string From, string To)> AwaitEdges()
    {
        var result = new HashSet<(string, string)>();
        foreach (var (from, to, body) in loops)
        {
            if (byLabel[to].Instrs.Any(i => i is PhiInstr) || CarriesSlot(to, body))
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

    /// <summary>
    /// Loops whose exits depend on nothing read in the loop (no load of memory, RMW, CAS or call result, through
    /// values, locals, or a branch on such a value that decides whether a local is written or an exit taken):
    /// their trip count is fixed when they start, like main's <c>for (i = 0; i &lt; N; i++) pthread_create(...)</c>.
    /// A loop with no exit is not one.
    /// </summary>
    public HashSet<(string From, string To)> CountedEdges()
    {
        var result = new HashSet<(string, string)>();
        foreach (var (from, to, body) in loops)
        {
            var exiting = body.Where(l => Successors(byLabel[l]).Any(s => !body.Contains(s)) || byLabel[l].Instrs[^1] is RetInstr).ToList();
            if (exiting.Count > 0 && !ExitsDependOnReads(body, exiting))
            {
                result.Add((from, to));
            }
        }
        return result;
    }

    private bool ExitsDependOnReads(HashSet<string> body, List<string> exiting)
    {
        var tainted = new HashSet<string>(StringComparer.Ordinal);
        var taintedBranches = new HashSet<string>(StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var label in body)
            {
                // Whatever a block does is decided by a read when a branch on a read decides whether it runs.
                bool guarded = taintedBranches.Any(b => ControlDependent(label, b));
                foreach (var ins in byLabel[label].Instrs)
                {
                    string? defines = ins switch
                    {
                        StoreInstr { Ptr.Value: LocalRef p } s when slots.TryGetValue(p.Name, out var slot) => guarded || Uses(s.Value.Value) ? slot : null,
                        LoadInstr { Ptr.Value: LocalRef p } l when slots.TryGetValue(p.Name, out var slot) => tainted.Contains(slot) ? l.Result : null,
                        CastInstr { Op: "bitcast", Value.Value: LocalRef p } when slots.ContainsKey(p.Name) => null,
                        LoadInstr or CmpXchgInstr or AtomicRmwInstr or CallInstr => ins.Result,
                        PhiInstr => guarded || LocalSlots.Operands(ins).Any(Uses) ? ins.Result : null,
                        _ => LocalSlots.Operands(ins).Any(Uses) ? ins.Result : null,
                    };
                    if (defines is not null && tainted.Add(defines))
                    {
                        changed = true;
                    }
                }
                bool decides = byLabel[label].Instrs[^1] switch
                {
                    // A branch to a failure (an assertion's call that ends in unreachable) stops the thread: it decides no trip count.
                    CondBrInstr c when Fails(c.IfTrue) || Fails(c.IfFalse) => false,
                    CondBrInstr c => Uses(c.Cond),
                    SwitchInstr sw => Uses(sw.Value.Value),
                    _ => false,
                };
                if (decides && taintedBranches.Add(label))
                {
                    changed = true;
                }
            }
        }
        return exiting.Any(e => taintedBranches.Contains(e) || taintedBranches.Any(b => ControlDependent(e, b)));

        bool Uses(LValue v) => v is LocalRef r && tainted.Contains(r.Name);

    }

    private bool Fails(string label) => byLabel.TryGetValue(label, out var b) && b.Instrs.Count > 0 && b.Instrs[^1] is UnreachableInstr;

    /// <summary>Successors on the paths that go on: a failure (an assertion's unreachable end) is no way out of a loop.</summary>
    private IEnumerable<string> Continuing(Block b) => Successors(b).Where(s => byLabel.ContainsKey(s) && !Fails(s));

    private Dictionary<string, HashSet<string>>? postDominators;

    /// <summary>Whether branch block <paramref name="branch"/> decides if <paramref name="block"/> runs: block post-dominates one of its successors but not the branch.</summary>
    private bool ControlDependent(string block, string branch)
    {
        var pdom = postDominators ??= PostDominators();
        return block != branch && !pdom[branch].Contains(block)
            && Continuing(byLabel[branch]).Any(s => pdom[s].Contains(block));
    }

    /// <summary>Each block's post-dominators (the blocks on every path from it to the function's end), by the iterative data-flow algorithm.</summary>
    private Dictionary<string, HashSet<string>> PostDominators()
    {
        var all = byLabel.Keys.ToHashSet(StringComparer.Ordinal);
        var pdom = byLabel.Keys.ToDictionary(l => l, l => Continuing(byLabel[l]).Any() ? new HashSet<string>(all) : new HashSet<string> { l }, StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var label in byLabel.Keys)
            {
                var succ = Continuing(byLabel[label]).ToList();
                if (succ.Count == 0)
                {
                    continue;
                }
                var next = new HashSet<string>(pdom[succ[0]], StringComparer.Ordinal);
                foreach (var s in succ.Skip(1))
                {
                    next.IntersectWith(pdom[s]);
                }
                next.Add(label);
                if (!next.SetEquals(pdom[label]))
                {
                    pdom[label] = next;
                    changed = true;
                }
            }
        }
        return pdom;
    }

    /// <summary>
    /// Whether a local register stored in the loop is read in some iteration before that iteration stores it,
    /// unless every iteration starts with the same value in it (<see cref="Restored"/>).
    /// </summary>
    private bool CarriesSlot(string header, HashSet<string> body)
    {
        var stored = body.SelectMany(l => byLabel[l].Instrs).OfType<StoreInstr>()
            .Select(s => SlotOf(s.Ptr.Value))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        stored.RemoveWhere(slot => Restored(header, body, slot));
        if (stored.Count == 0)
        {
            return false;
        }
        // Forward over the iteration from the header: the stored locals not yet written on some path so far.
        var unwritten = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal) { [header] = [.. stored] };
        var work = new Queue<string>([header]);
        while (work.Count > 0)
        {
            string label = work.Dequeue();
            var open = new HashSet<string>(unwritten[label], StringComparer.Ordinal);
            foreach (var ins in byLabel[label].Instrs)
            {
                switch (ins)
                {
                    case LoadInstr { Ptr.Value: LocalRef p } when slots.TryGetValue(p.Name, out var slot) && open.Contains(slot):
                        return true;
                    case StoreInstr { Ptr.Value: LocalRef p } when slots.TryGetValue(p.Name, out var slot):
                        open.Remove(slot);
                        break;
                }
            }
            foreach (var s in Successors(byLabel[label]))
            {
                if (s == header || !body.Contains(s))
                {
                    continue;
                }
                if (!unwritten.TryGetValue(s, out var known))
                {
                    unwritten[s] = [.. open];
                    work.Enqueue(s);
                }
                else if (!open.IsSubsetOf(known))
                {
                    known.UnionWith(open);
                    work.Enqueue(s);
                }
            }
        }
        return false;
    }

    private string? SlotOf(LValue ptr) => ptr is LocalRef r && slots.TryGetValue(r.Name, out var slot) ? slot : null;

    /// <summary>
    /// Whether every way into <paramref name="header"/> (the loop's entry and each back edge) ends with a store of
    /// one loop-invariant value to <paramref name="slot"/>: then every iteration starts with that value, as the
    /// retry of <c>while (!atomic_compare_exchange_strong(&amp;l, &amp;expected, 1)) expected = 0;</c> does, so an
    /// iteration that changed no memory would be repeated exactly. A value only one way in sets (the entry's
    /// <c>expected = 5</c> against the retry's 0) is carried: the first iteration may fail where the second succeeds.
    /// </summary>
    private bool Restored(string header, HashSet<string> body, string slot)
    {
        LValue? value = null;
        foreach (var p in preds.GetValueOrDefault(header) ?? [])
        {
            var last = byLabel[p].Instrs.OfType<StoreInstr>().LastOrDefault(s => SlotOf(s.Ptr.Value) == slot);
            if (last is null || !Invariant(last.Value.Value) || (value is not null && value != last.Value.Value))
            {
                return false;
            }
            value = last.Value.Value;
        }
        return value is not null;

        // A constant, or an SSA value computed before the loop (the same on every iteration of this run of it).
        bool Invariant(LValue v) => v switch
        {
            IntConst or NullConst => true,
            LocalRef r => !slots.ContainsKey(r.Name) && !body.Any(l => byLabel[l].Instrs.Any(i => i.Result == r.Name)),
            _ => false,
        };
    }

    private bool NoEffect(LInstr i) => i switch
    {
        // An RMW may leave memory as it was (test-and-set on a taken lock): the explorer checks at run time.
        StoreInstr { Ptr.Value: LocalRef p } => slots.ContainsKey(p.Name),
        StoreInstr or UnsupportedInstr => false,
        CallInstr { Callee: InlineAsm } => true,
        CallInstr { Callee: GlobalRef g } => g.Name.StartsWith("llvm.dbg.", StringComparison.Ordinal) || g.Name.StartsWith("llvm.lifetime.", StringComparison.Ordinal) || g.Name == "sched_yield",
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
