using System.Diagnostics;
using Vrm.Explore.Results;
using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Models;
using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore.Promising;

/// <summary>
/// Exhaustive search of Promising-Arm in promise-first normal form: every execution can be rearranged so
/// that all promises come first, so the search enumerates memories (message sequences), each message
/// promised by a thread that stays certified (it can still fulfil all its promises running alone), and at
/// every memory runs each thread alone without new promises. Once memory is fixed the threads no longer
/// interact, so a memory's outcomes are the product of each thread's final states.
/// Orders of messages no run tells apart are explored once (<see cref="Node"/>). The subtrees of the first
/// messages are shared out among the workers (<see cref="Siblings"/>); the outcomes are a union and the
/// counts sums over the same tree, so they do not depend on the workers.
/// </summary>
internal sealed class PromiseFirstSearch
{
    private readonly Program program;
    private readonly Shared shared;
    private readonly PromiseMemory mem;
    private readonly ThreadRunner[] runners;
    private readonly int[] written;
    private readonly OutcomeSet outcomes;
    private readonly HashSet<Diagnosis> diagnoses = [];
    private readonly Stack<OrderPairs> pool = new();
    private bool cut;

    /// <summary>What the workers of one search share: the run caches, the access widths, the node count.</summary>
    private sealed class Shared
    {
        public Shared(Program program, ExploreOptions options, Budget budget)
        {
            Program = program;
            Options = options;
            Budget = budget;
            Widths = new AccessWidths(program);
            // Page-table programs (and C user/VM accesses) reach locations through entries the static analysis does not follow: no private ones.
            Walks = PromiseFirstSearch.Walks(program);
            Owners = !Walks ? PrivateLocations.Owners(program) : [.. program.Locations.Select(_ => -1)];
            Caches = [.. program.Threads.Select(_ => new RunCache())];
            int[] threadWrites = [.. program.Threads.Select(t => PromiseFirstSearch.MaxWrites(program, t, options.Unroll))];
            Spurious = SpuriousUpdates.For(program, threadWrites);
            MaxWrites = [.. threadWrites, .. Spurious.Select(s => s.Bound)];
            Slots = ConsultedSlots(program, Owners, MaxWrites.Length);
        }

        /// <summary>See <see cref="PromiseFirstSearch.Walks(Program)"/>.</summary>
        public bool Walks { get; }

        /// <summary>
        /// The page-table checks run: a page-table program (C user/VM walks have no counterpart on the Arm model
        /// to match) and checks given. Only such programs have walks, so no run cache holds their runs.
        /// </summary>
        public bool Checked => Options.PromisingChecks.Count > 0 && Program.Vmsa is not null;

        public Program Program { get; }

        /// <summary>Per thread (and pseudo-thread), the entries of its final register file a final state is judged by.</summary>
        public int[][] Slots { get; }

        public ExploreOptions Options { get; }
        public Budget Budget { get; }
        public AccessWidths Widths { get; }
        public int[] Owners { get; }
        public RunCache[] Caches { get; }
        public List<SpuriousUpdates> Spurious { get; }

        /// <summary>Per thread (spurious-update pseudo-threads last), how many messages it may promise.</summary>
        public int[] MaxWrites { get; }

        public long Nodes;

        /// <summary>Combinations of per-thread final states recorded so far, in steps of <see cref="CombineStep"/>.</summary>
        public long Combinations;
    }

    private const int CombineStep = 1024;
    private const long SmallProduct = 4096;
    private long combined;

    /// <summary>A child explored at a memory: its message and the timestamp pairs its subtree's runs compared.</summary>
    private sealed record Explored(Msg Msg, OrderPairs Pairs);

    /// <summary>A message not to promise next: its twin memory, with it one place earlier, was explored (pairs: the twin's subtree's).</summary>
    internal sealed record Sleeper(Msg Msg, OrderPairs Pairs)
    {
        /// <summary>
        /// <paramref name="d"/> sleeps after <paramref name="m"/> at a memory of <paramref name="n"/> messages when
        /// its explored twin (d then m, with subtree pairs <paramref name="twin"/>; null: not explored) never
        /// compared the two, at timestamps n + 1 and n + 2, and they are at different locations.
        /// </summary>
        public static Sleeper? For(Msg d, Msg m, OrderPairs? twin, int n) =>
            d.Loc != m.Loc && twin is not null && !twin.Contains(n + 1, n + 2) ? new Sleeper(d, twin) : null;
    }

    /// <summary>A subtree to explore: its first message, the run that certified it, and its place among its siblings.</summary>
    private sealed record Subtree(Msg First, ThreadRunResult Known, int Index, Siblings Siblings);

    private PromiseFirstSearch(Program program, Shared shared)
    {
        this.program = program;
        this.shared = shared;
        mem = new PromiseMemory(program.InitMemory, 16);
        runners = [.. program.Threads.Select(t => new ThreadRunner(program, t.Index, shared.Options.Unroll, allowNew: true, shared.Budget, shared.Owners, shared.Widths, shared.Checked))];
        written = new int[shared.MaxWrites.Length];
        outcomes = new OutcomeSet(program, keepWitnesses: false);
    }

    public static ModelResult Run(Program program, ExploreOptions options, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var shared = new Shared(program, options, new Budget(stop.Token, options.Timeout, options.MaxMemory, options.MaxSteps));
        var root = new PromiseFirstSearch(program, shared);
        var searches = new List<PromiseFirstSearch> { root };
        var completion = Completion.Complete;
        string? reason = null;
        try
        {
            // Spurious-update pseudo-threads keep no per-worker state apart: page-table programs stay on one worker.
            if (shared.Walks)
            {
                root.Node(-1, null, null, new OrderPairs(), null);
            }
            else
            {
                // Each first message is a subtree; a subtree waits for the pairs of its earlier siblings'
                // subtrees that its pruning needs, so the tree explored is the sequential one for any workers.
                int workers = Math.Max(1, options.Workers);
                var tasks = root.FirstMessages();
                // The workers join the list first, so that what they found is reported even when the run is cut short.
                var crew = Enumerable.Range(0, workers).Select(_ => new PromiseFirstSearch(program, shared)).ToList();
                searches.AddRange(crew);
                Parallel(crew, tasks, stop);
            }
        }
        catch (ExplorationLimitException e)
        {
            completion = Completion.LimitReached;
            reason = e.Message;
        }
        catch (TimeoutException)
        {
            completion = Completion.Timeout;
            reason = shared.Budget.TimeoutMessage;
        }
        foreach (var s in searches.Skip(1))
        {
            root.outcomes.AddAll(s.outcomes);
            root.diagnoses.UnionWith(s.diagnoses);
            root.cut |= s.cut;
        }
        return root.outcomes.Result("promising", shared.Nodes, root.cut, completion, reason, clock.Elapsed, root.diagnoses, steps: shared.Budget.Steps);
    }

    /// <summary>Explores the subtrees on one thread per search, each search with its own memory and runners.</summary>
    private static void Parallel(List<PromiseFirstSearch> searches, List<Subtree> tasks, CancellationTokenSource stop)
    {
        int next = -1;
        var failures = new Exception?[searches.Count];
        var threads = searches.Select((s, w) => new Thread(() =>
        {
            try
            {
                for (int i = Interlocked.Increment(ref next); i < tasks.Count; i = Interlocked.Increment(ref next))
                {
                    s.Explore(tasks[i]);
                }
            }
            catch (Exception e)
            {
                failures[w] = e;
                stop.Cancel();
            }
        }, maxStackSize: 256 << 20)).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        // The first failure that is not the others' cancellation is the run's verdict.
        var failure = failures.FirstOrDefault(f => f is not null and not OperationCanceledException) ?? failures.FirstOrDefault(f => f is not null);
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// Records the outcomes of the empty memory; returns a subtree for each message that may be promised first,
    /// sharing one <see cref="Siblings"/>.
    /// </summary>
    private List<Subtree> FirstMessages()
    {
        var tasks = new List<Subtree>();
        var siblings = new Siblings();
        foreach (var m in Promisable(Visit(-1, null)))
        {
            var check = Promise(m);
            if (check.Certified)
            {
                tasks.Add(new Subtree(m, check, tasks.Count, siblings));
            }
            Retract(m);
        }
        siblings.Start([.. tasks.Select(t => t.First)]);
        return tasks;
    }

    private void Explore(Subtree task)
    {
        mem.Truncate(0);
        Array.Clear(written);
        mem.Append(task.First);
        written[task.First.Tid]++;
        var pairs = Rent();
        try
        {
            var sleep = shared.Options.PruneOrders ? task.Siblings.Sleepers(task.Index, shared.Budget) : null;
            Node(task.First.Tid, task.Known, sleep, pairs, null, (m, sub) => task.Siblings.Publish(task.Index, m, sub));
        }
        finally
        {
            task.Siblings.Finish(task.Index);
        }
        Return(pairs);
    }

    /// <summary>
    /// An upper bound on the messages one path of a thread makes: loops multiply by the unrolling. In a page-table
    /// program TLBIs are messages, and with hardware updates so may be every access (and its retries or handler).
    /// </summary>
    private static int MaxWrites(Program program, ThreadProgram t, int unroll)
    {
        bool updates = program.Vmsa is { } v && v.Updates.Count > t.Index && v.Updates[t.Index] != HardwareUpdate.None;
        var code = t.FaultHandler is null ? t.Code : [.. t.Code, .. t.FaultHandler.Code];
        int writes = code.Count(i => i.Op is Opcode.Store or Opcode.Rmw or Opcode.Cas or Opcode.Tlbi || (updates && i.IsMemory));
        if (updates)
        {
            writes *= 2;
        }
        bool loops = t.FaultHandler is not null || t.Code.Select((ins, pc) => ins.Target >= 0 && ins.Target <= pc).Any(b => b);
        return loops ? writes * (unroll + 1) : writes;
    }

    /// <summary>
    /// One memory: records its outcomes, then extends it by every message some thread may promise, but for
    /// the <paramref name="sleep"/> ones (their order with the last message was explored the other way round
    /// and nothing told the two apart). Adds to <paramref name="pairs"/> the timestamp pairs its subtree's
    /// runs compared, and to <paramref name="explored"/> each child explored with its subtree's pairs.
    /// </summary>
    private void Node(int knownThread, ThreadRunResult? known, List<Sleeper>? sleep, OrderPairs pairs, List<Explored>? explored, Action<Msg, OrderPairs?>? publish = null)
    {
        var results = Visit(knownThread, known);
        foreach (var r in results)
        {
            Collect(pairs, r);
        }
        int n = mem.Count;
        List<(Msg Msg, List<Explored> Children)> done = [];
        foreach (var m in Promisable(results))
        {
            if (sleep?.Find(z => z.Msg == m) is { } twin)
            {
                // This child is the twin's memory with its last two messages exchanged: the same subtree, up to renaming.
                pairs.UnionSwapped(twin.Pairs, n);
                publish?.Invoke(m, null);
                continue;
            }
            var check = Promise(m);
            if (check.Certified)
            {
                var sub = Rent();
                var children = new List<Explored>();
                Node(m.Tid, check, Sleepers(done, m, n), sub, children);
                pairs.UnionWith(sub);
                publish?.Invoke(m, sub);
                if (explored is null)
                {
                    Return(sub);
                }
                else
                {
                    explored.Add(new Explored(m, sub));
                }
                done.Add((m, children));
            }
            else
            {
                Collect(pairs, check);
                publish?.Invoke(m, null);
            }
            Retract(m);
        }
        foreach (var e in done.SelectMany(d => d.Children))
        {
            Return(e.Pairs);
        }
    }

    /// <summary>Records the outcomes of the current memory; returns each thread's runs against it.</summary>
    private ThreadRunResult[] Visit(int knownThread, ThreadRunResult? known)
    {
        if (Interlocked.Increment(ref shared.Nodes) > shared.Options.MaxStates)
        {
            throw new ExplorationLimitException($"more than {shared.Options.MaxStates} memories explored (--max-states)");
        }
        shared.Budget.Check();
        int n = shared.MaxWrites.Length;
        var results = new ThreadRunResult[n];
        for (int t = 0; t < n; t++)
        {
            results[t] = t == knownThread && known is not null ? known : RunThread(t);
            cut |= results[t].Cut;
        }
        if (results.All(r => r.Finals.Count > 0))
        {
            var finals = new (RegisterFile Final, long Runs)[n][];
            long product = 1;
            for (int t = 0; t < n && product <= SmallProduct; t++)
            {
                product *= results[t].Finals.Count;
            }
            for (int t = 0; t < n; t++)
            {
                // A small product is cheaper to walk than to group.
                finals[t] = product <= SmallProduct ? [.. results[t].Finals.Select(f => (f, 1L))] : Distinct(results[t].Finals, shared.Slots[t]);
            }
            Combine(finals, 0, new RegisterFile[n], 1);
            if (shared.Checked)
            {
                Diagnose(results);
            }
        }
        // Threads that spin forever against this memory while every other can finish: an end with no final state.
        if (Array.Exists(results, r => r.Blocked is not null) && Array.TrueForAll(results, r => r.Finals.Count > 0 || r.Blocked is not null))
        {
            var waiting = results.Take(runners.Length).Select((r, t) => (t, r.Blocked)).Where(w => w.Blocked is not null).Select(w => (w.t, w.Blocked!)).ToList();
            outcomes.AddBlocked(new BlockedEnd(waiting, [.. Enumerable.Range(0, program.Locations.Count).Select(mem.Final)]));
        }
        return results;
    }

    /// <summary>
    /// A memory whose threads all finish: every choice of a finishing run per thread is an execution, so the
    /// checks see every such run's facts, and what they find is as certain as the final states recorded here.
    /// </summary>
    private void Diagnose(ThreadRunResult[] results)
    {
        // The spurious-update pseudo-threads (after the program's) record nothing: their messages are their facts.
        var runs = new PromisingRuns(program, mem.Snapshot(), [.. results.Take(program.Threads.Count).Select(r => r.Facts)]);
        foreach (var check in shared.Options.PromisingChecks)
        {
            diagnoses.UnionWith(check.OnRuns(runs));
        }
    }

    /// <summary>
    /// A thread's final register files, one per value of the entries a final state is judged by, each with how
    /// many it stands for: thirty readers whose registers no condition names then combine as one, not 2^30.
    /// </summary>
    private static (RegisterFile, long)[] Distinct(HashSet<RegisterFile> finals, int[] slots)
    {
        if (finals.Count == 1)
        {
            return [(finals.First(), 1)];
        }
        var groups = new Dictionary<RegisterFile, (RegisterFile First, long Runs)>();
        foreach (var f in finals)
        {
            var key = new long[slots.Length];
            for (int i = 0; i < slots.Length; i++)
            {
                key[i] = f.Values[slots[i]];
            }
            var k = new RegisterFile(key);
            groups[k] = groups.TryGetValue(k, out var g) ? (g.First, g.Runs + 1) : (f, 1);
        }
        return [.. groups.Values];
    }

    /// <summary>The register-file entries <see cref="Combine"/> reads for each thread: its registers, its private locations and its faults that are consulted.</summary>
    private static int[][] ConsultedSlots(Program program, int[] owners, int threads)
    {
        var slots = Enumerable.Range(0, threads).Select(_ => new SortedSet<int>()).ToArray();
        foreach (var o in OutcomeSet.Consulted(program))
        {
            if (o.IsFault)
            {
                slots[program.Vmsa!.Faults[o.Fault].Thread].Add(program.RegisterCount + program.Locations.Count + o.Fault);
            }
            else if (!o.IsMemory)
            {
                slots[o.Thread].Add(o.Reg);
            }
            else if (owners[o.Loc] >= 0)
            {
                slots[owners[o.Loc]].Add(program.RegisterCount + o.Loc);
            }
        }
        return [.. slots.Select(s => s.ToArray())];
    }

    /// <summary>
    /// The messages not to promise after <paramref name="m"/> at a memory of <paramref name="n"/> messages: the
    /// siblings explored before it, at other locations, whose subtree went on with m and never compared the
    /// two (timestamps n + 1 and n + 2 there). Page-table programs record no comparisons: nothing sleeps.
    /// </summary>
    private List<Sleeper>? Sleepers(List<(Msg Msg, List<Explored> Children)> done, Msg m, int n)
    {
        if (shared.Walks || !shared.Options.PruneOrders)
        {
            return null;
        }
        List<Sleeper>? sleep = null;
        foreach (var (d, children) in done)
        {
            if (Sleeper.For(d, m, children.Find(e => e.Msg == m)?.Pairs, n) is { } z)
            {
                (sleep ??= []).Add(z);
            }
        }
        return sleep;
    }

    /// <summary>Adds a run's compared pairs, named by their timestamps in the current memory.</summary>
    private void Collect(OrderPairs pairs, ThreadRunResult r)
    {
        if (r.ComparedUnknown)
        {
            pairs.All = true;
            return;
        }
        if (r.Compared.Length == 0)
        {
            return;
        }
        Span<int> named = stackalloc int[mem.Count + 1];
        int k = 0;
        for (int ts = 1; ts <= mem.Count; ts++)
        {
            if ((r.Accessed & ThreadRunResult.Bit(mem[ts].Loc)) != 0)
            {
                named[++k] = ts;
            }
        }
        foreach (ushort p in r.Compared)
        {
            int lo = p >> 8, hi = p & 0xFF;
            if (hi > k)
            {
                pairs.All = true;
                return;
            }
            pairs.Add(named[lo], named[hi]);
        }
    }

    /// <summary>The messages the threads may promise next, by thread and then location and value.</summary>
    private IEnumerable<Msg> Promisable(ThreadRunResult[] results)
    {
        for (int t = 0; t < results.Length; t++)
        {
            if (written[t] >= shared.MaxWrites[t])
            {
                continue;
            }
            foreach (var (loc, val) in results[t].NewWrites.Order())
            {
                yield return new Msg(loc, val, t);
            }
        }
    }

    /// <summary>Promises <paramref name="m"/> and runs its thread against the memory with it (certification).</summary>
    private ThreadRunResult Promise(Msg m)
    {
        mem.Append(m);
        written[m.Tid]++;
        return RunThread(m.Tid);
    }

    private void Retract(Msg m)
    {
        written[m.Tid]--;
        mem.Truncate(mem.Count - 1);
    }

    private OrderPairs Rent() => pool.TryPop(out var p) ? p : new OrderPairs();

    private void Return(OrderPairs p)
    {
        p.Clear();
        pool.Push(p);
    }

    /// <summary>
    /// The program has walks (page-table litmus tests, C user/VM accesses): TLBI messages and walk reads compare
    /// timestamps the private locations, run caches and order pruning do not keep.
    /// </summary>
    internal static bool Walks(Program program) => program.Vmsa is not null || program.UserAccesses;

    /// <summary>
    /// Runs a thread, memoised on the messages it can see; not in page-table programs, whose TLBI messages
    /// carry timestamps the memoisation key does not preserve.
    /// </summary>
    private ThreadRunResult RunThread(int t) =>
        !shared.Walks ? shared.Caches[t].Get(mem, t, () => runners[t].Run(mem))
        : t < runners.Length ? runners[t].Run(mem) : shared.Spurious[t - runners.Length].Run(mem);

    /// <summary>
    /// Records every combination of the threads' final states at the current memory: a product that grows
    /// exponentially with the threads, so it counts against --max-states and checks the budget as it goes.
    /// </summary>
    private void Combine((RegisterFile Final, long Runs)[][] results, int t, RegisterFile[] chosen, long runs)
    {
        if (t == results.Length)
        {
            if (++combined % CombineStep == 0)
            {
                if (Interlocked.Add(ref shared.Combinations, CombineStep) > shared.Options.MaxStates)
                {
                    throw new ExplorationLimitException($"more than {shared.Options.MaxStates} combinations of the threads' final states (--max-states)");
                }
                shared.Budget.Check();
            }
            outcomes.Add(o => o.IsFault ? chosen[program.Vmsa!.Faults[o.Fault].Thread].Values[program.RegisterCount + program.Locations.Count + o.Fault]
                : !o.IsMemory ? chosen[o.Thread].Values[o.Reg]
                : shared.Owners[o.Loc] >= 0 ? chosen[shared.Owners[o.Loc]].Values[program.RegisterCount + o.Loc]
                : mem.Final(o.Loc), executions: runs);
            return;
        }
        foreach (var (f, n) in results[t])
        {
            chosen[t] = f;
            Combine(results, t + 1, chosen, runs <= long.MaxValue / n ? runs * n
                : throw new ExplorationLimitException("more than 2^63 executions at one memory to count"));
        }
    }
}
