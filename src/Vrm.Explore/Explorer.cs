using System.Diagnostics;
using Vrm.Explore.Results;
using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Models;
using Vrm.Models.Executions;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore;

public sealed record ExploreOptions
{
    /// <summary>How many times a backward jump to one target may be taken on a path (herd's -unroll, default 2).</summary>
    public int Unroll { get; init; } = 2;

    /// <summary>
    /// The checks the search feeds (Vrm.Checks; none by default): the axiomatic models give each consistent
    /// execution to those that judge them, Promising the runs at each memory whose threads all finish (both
    /// only for page-table programs, whose diagnostics these are).
    /// </summary>
    public IReadOnlyList<ICheck> Checks
    {
        get;
        init
        {
            field = value;
            ExecutionChecks = [.. value.Where(c => c.JudgesConsistentExecutions)];
            PromisingChecks = [.. value.Where(c => c.JudgesPromisingRuns)];
        }
    } = [];

    internal IReadOnlyList<IConsistentExecutionCheck> ExecutionChecks { get; private init; } = [];

    internal IReadOnlyList<Models.Promising.IPromisingRunsCheck> PromisingChecks { get; private init; } = [];

    public TimeSpan? Timeout { get; init; }

    /// <summary>Candidate executions to examine before giving up with an incomplete verdict.</summary>
    public long MaxCandidates { get; init; } = 50_000_000;

    /// <summary>States (Promising: memories) to explore before giving up with an incomplete verdict.</summary>
    public long MaxStates { get; init; } = 10_000_000;

    /// <summary>Promising: thread steps the whole search may take before it stops incomplete (null: no bound but time and memory).</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Bytes of memory the process may hold before the search stops incomplete (null: <see cref="Budget.DefaultMaxMemory"/>).</summary>
    public long? MaxMemory { get; init; }

    /// <summary>Threads one search may use (Promising); the results do not depend on it.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Keep one execution per positive final state, for <c>--graph</c>.</summary>
    public bool KeepWitnesses { get; init; }

    /// <summary>
    /// When an axiomatic model never satisfies the condition, search again for the candidates that would and
    /// report which axiom forbids each (<see cref="ModelResult.Forbidden"/>), for <c>--json</c> and <c>--graph</c>.
    /// </summary>
    public bool ExplainForbidden { get; init; }

    /// <summary>
    /// Find executions in which threads spin for ever in await loops (<see cref="ModelResult.Blocked"/>; the axiomatic
    /// models search them apart, so only when asked: <c>vrm check</c> asks, litmus tests do not). Promising always does.
    /// </summary>
    public bool FindBlocked { get; init; }

    /// <summary>Promising: leave out promise orders no run tells apart (tests switch it off to check it).</summary>
    internal bool PruneOrders { get; init; } = true;
}

/// <summary>
/// Explores a program under an axiomatic model, as herd does: enumerate each thread's traces, combine
/// them, choose reads-from and coherence, and keep the candidates the model accepts.
/// </summary>
public static class Explorer
{
    private const int MaxDomainRounds = 64;

    /// <summary>The candidates the search for forbidden ones examines at most (<see cref="ForbiddenReport.Complete"/> is false past it).</summary>
    public const long MaxExplainedCandidates = 1_000_000;
    private const int MaxDomain = 256;

    public static ModelResult Run(Program program, IAxiomaticModel model, ExploreOptions options, CancellationToken cancel = default)
    {
        if (program.UserAccesses)
        {
            // Candidate executions have no walks of the C code's tables: Promising-Arm is the relaxed model that has them.
            throw new NotSupportedException("a user/VM access through tables the C code built (vrm_user_load/vrm_user_store) is explored under --model sc and promising only");
        }
        var clock = Stopwatch.StartNew();
        var budget = new Budget(cancel, options.Timeout, options.MaxMemory);
        var search = new CandidateSearch(program, model, options, budget);
        ForbiddenReport? forbidden = null;
        try
        {
            var (traces, cut, twins) = Traces(program, options.Unroll, budget, options.FindBlocked);
            search.Interchangeable = twins;
            search.Run(traces);
            bool blocked = traces.Any(ts => ts.Any(t => t.Blocked));
            if (cut || blocked)
            {
                // Cut prefixes are among the traces: the result is incomplete only when a consistent execution takes
                // one. The prefixes may be many more candidates than the outcomes; past a quarter as many choices as
                // the outcomes took (and at least a few thousand) the search gives up and says "cut", as if every
                // cut path were reachable.
                // Await loops that may spin for ever cost more: an exchange loop writes on every try, and nearly
                // all of its orders put another thread's release after the spinning (measured: a two-thread
                // spinlock needs 7x its outcome search). Past the budget the deadlock question is left open.
                search.CutPrefixes = blocked ? search.Examined * 8 + 1_000_000 : search.Examined + search.Examined / 4 + 4096;
                try
                {
                    search.Run(traces);
                }
                catch (CandidateSearch.CutUndecidedException)
                {
                    search.Cut |= cut;
                    if (!cut)
                    {
                        search.Completion = Completion.LimitReached;
                        search.Reason = $"whether an await loop spins for ever (a deadlock) is undecided after {search.Examined} candidate executions";
                    }
                }
            }
            if (search.DiagnosisLimit is { } partial)
            {
                search.Completion = Completion.LimitReached;
                search.Reason = partial;
            }
            if (options.ExplainForbidden && search.Positive == 0)
            {
                forbidden = Explain(program, model, options, cancel, traces, twins);
            }
        }
        catch (TimeoutException)
        {
            search.Completion = Completion.Timeout;
            search.Reason = budget.TimeoutMessage;
        }
        catch (ExplorationLimitException e)
        {
            search.Completion = Completion.LimitReached;
            search.Reason = e.Message;
        }
        return search.Result(clock.Elapsed, forbidden);
    }

    /// <summary>
    /// The search for the candidates that would satisfy the condition, over the same traces, with a budget of
    /// its own (the timeout again, and at most <see cref="MaxExplainedCandidates"/>): past it the report says it
    /// is incomplete, and the verdict is not touched.
    /// </summary>
    private static ForbiddenReport Explain(Program program, IAxiomaticModel model, ExploreOptions options, CancellationToken cancel, List<ThreadTrace>[] traces, bool[] twins)
    {
        // Without the coherence pruning the orders of a location grow as the factorial of its writes: a large
        // program stops at a bound of its own rather than take the time of many searches.
        var bounded = options with { MaxCandidates = Math.Min(options.MaxCandidates, MaxExplainedCandidates) };
        var search = new CandidateSearch(program, model, bounded, new Budget(cancel, options.Timeout))
        {
            Forbidden = new ForbiddenSet(program),
            Interchangeable = twins,
        };
        try
        {
            search.Run(traces);
        }
        catch (Exception e) when (e is TimeoutException or ExplorationLimitException)
        {
            search.Forbidden.Complete = false;
        }
        return search.ForbiddenReport();
    }

    /// <summary>
    /// herd's spurious access-flag updates: when some thread manages the access flag in hardware (TTHM), the
    /// hardware may set the AF of any valid entry at any time, whether or not an instruction uses it. herd gives
    /// every write of an entry that leaves it valid with AF clear (the initial one included) its own optional
    /// update, so an entry a store resets to AF clear may be updated again. Each possible update is a
    /// pseudo-thread of its own (so that no program order relates it to anything) whose traces are: nothing, or
    /// an atomic read of an entry value with AF clear and the write that sets it. An entry gets one per write
    /// that may clear its AF on some path of each thread, plus one for its initial value; atomicity lets at most
    /// one update follow each write. The pseudo-threads of one entry are interchangeable (see
    /// <see cref="CandidateSearch.Interchangeable"/>).
    /// </summary>
    private static IEnumerable<(List<ThreadTrace> Traces, bool Twin)> SpuriousUpdates(Program program, IReadOnlyList<long>[] domain, List<ThreadTrace>[] threads)
    {
        var vmsa = program.Vmsa!;
        if (vmsa.Updates.All(u => u == HardwareUpdate.None))
        {
            yield break;
        }
        int thread = program.Threads.Count;
        foreach (var v in vmsa.Variables)
        {
            var traces = new List<ThreadTrace> { new(thread, [], []) };
            foreach (long entry in domain[v.PteLoc])
            {
                if (Cleared(entry) is not { } pte)
                {
                    continue;
                }
                var walk = new Event { Kind = EventKind.Read, Flags = EventFlags.Implicit | EventFlags.Atomic, Loc = v.PteLoc, Value = entry, RmwWrite = 1 };
                var update = new Event { Kind = EventKind.Write, Flags = EventFlags.Implicit | EventFlags.Atomic, Loc = v.PteLoc, Value = Pte.Encode(pte with { Af = true }) };
                traces.Add(new ThreadTrace(thread, [walk, update], []));
            }
            if (traces.Count == 1)
            {
                continue;
            }
            int clearing = (Cleared(program.InitMemory[v.PteLoc]) is null ? 0 : 1)
                + threads.Sum(ts => ts.Select(t => t.Events.Count(e => e.IsWrite && e.IsExplicit && e.Loc == v.PteLoc && Cleared(e.Value) is not null)).DefaultIfEmpty().Max());
            for (int k = 0; k < clearing; k++)
            {
                yield return (k == 0 ? traces : [.. traces.Select(t => new ThreadTrace(thread, t.Events, []))], k > 0);
                thread++;
            }
        }
    }

    /// <summary>The entry <paramref name="value"/> decodes to when it is valid with AF clear (a spurious update may set it); null otherwise.</summary>
    private static PteFields? Cleared(long value)
    {
        var pte = Pte.Decode(value);
        return Pte.IsDescriptor(value) && pte.Valid && !pte.Af ? pte : null;
    }

    /// <summary>
    /// Every thread's traces, with read values drawn from a per-location domain grown to a fixpoint of the
    /// values some path writes.
    /// </summary>
    internal static (List<ThreadTrace>[] Traces, bool Cut, bool[] Twins) Traces(Program program, int unroll, Budget budget, bool blocked = false)
    {
        int locs = program.Locations.Count;
        var domain = new SortedSet<long>[locs];
        for (int l = 0; l < locs; l++)
        {
            domain[l] = [program.InitMemory[l]];
        }
        // In a consistent execution rf and data dependencies are acyclic, so every value read is derived in at
        // most (writes per execution) steps. A chain longer than the rounds so far would need more writes than
        // the paths explored make, so 1 + the most writes per path, summed over threads, rounds are enough.
        var widths = new AccessWidths(program);
        for (int round = 0; round < MaxDomainRounds; round++)
        {
            var frozen = domain.Select(d => (IReadOnlyList<long>)[.. d]).ToArray();
            var result = new List<ThreadTrace>[program.Threads.Count];
            bool cut = false, grew = false;
            int rounds = 1;
            for (int t = 0; t < program.Threads.Count; t++)
            {
                var enumerator = new TraceEnumerator(program, t, frozen, unroll, budget, widths, blocked);
                result[t] = enumerator.Run();
                cut |= enumerator.WasCut;
                rounds += enumerator.MaxWrites;
                for (int l = 0; l < locs; l++)
                {
                    foreach (var v in enumerator.Written[l])
                    {
                        grew |= domain[l].Add(v);
                    }
                }
            }
            var twins = new bool[program.Threads.Count];
            if (program.Vmsa is not null)
            {
                var spurious = SpuriousUpdates(program, frozen, result).ToList();
                result = [.. result, .. spurious.Select(s => s.Traces)];
                twins = [.. twins, .. spurious.Select(s => s.Twin)];
                // Each pseudo-thread writes once: its update is a value a read may need another round for
                // (an entry no instruction writes, read by a thread that writes nothing, is updated only by them).
                rounds += spurious.Count;
                foreach (var e in result.Skip(program.Threads.Count).SelectMany(ts => ts).SelectMany(t => t.Events).Where(e => e.IsWrite))
                {
                    grew |= domain[e.Loc].Add(e.Value);
                }
            }
            if (!grew || round + 1 == rounds)
            {
                return (result, cut, twins);
            }
            if (domain.Any(d => d.Count > MaxDomain))
            {
                throw new ExplorationLimitException($"more than {MaxDomain} values may be written to one location");
            }
        }
        throw new ExplorationLimitException($"the values written did not settle after {MaxDomainRounds} rounds");
    }
}
