using System.Diagnostics;
using Vrm.Explore.Results;
using Vrm.Explore.Traces;
using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore.Promising;

/// <summary>
/// Exhaustive search of Promising-Arm in promise-first normal form: every execution can be rearranged so
/// that all promises come first, so the search enumerates memories (message sequences), each message
/// promised by a thread that stays certified (it can still fulfil all its promises running alone), and at
/// every memory runs each thread alone without new promises. Once memory is fixed the threads no longer
/// interact, so a memory's outcomes are the product of each thread's final states.
/// </summary>
internal sealed class PromiseFirstSearch
{
    private readonly Program program;
    private readonly ExploreOptions options;
    private readonly Budget budget;
    private readonly PromiseMemory mem;
    private readonly ThreadRunner[] runners;
    private readonly List<SpuriousUpdates> spurious;
    private readonly RunCache[] caches;
    private readonly int[] maxWrites;
    private readonly int[] written;
    private readonly OutcomeSet outcomes;
    private readonly int[] owners;
    private long nodes;
    private bool cut;

    public PromiseFirstSearch(Program program, ExploreOptions options, Budget budget)
    {
        this.program = program;
        this.options = options;
        this.budget = budget;
        mem = new PromiseMemory(program.InitMemory, 16);
        // Page-table programs reach locations through entries the static analysis does not follow: no private ones.
        owners = program.Vmsa is null ? PrivateLocations.Owners(program) : [.. program.Locations.Select(_ => -1)];
        var widths = new AccessWidths(program);
        runners = [.. program.Threads.Select(t => new ThreadRunner(program, t.Index, options.Unroll, allowNew: true, budget, owners, widths))];
        caches = [.. program.Threads.Select(_ => new RunCache())];
        spurious = SpuriousUpdates.For(program);
        maxWrites = [.. program.Threads.Select(t => MaxWrites(program, t, options.Unroll)), .. spurious.Select(_ => 1)];
        written = new int[maxWrites.Length];
        outcomes = new OutcomeSet(program, keepWitnesses: false);
    }

    public static ModelResult Run(Program program, ExploreOptions options, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var budget = new Budget(cancel, options.Timeout);
        var search = new PromiseFirstSearch(program, options, budget);
        var completion = Completion.Complete;
        string? reason = null;
        try
        {
            search.Node(-1, null);
        }
        catch (ExplorationLimitException e)
        {
            completion = Completion.LimitReached;
            reason = e.Message;
        }
        catch (TimeoutException)
        {
            completion = Completion.Timeout;
            reason = budget.TimeoutMessage;
        }
        return search.outcomes.Result("promising", search.nodes, search.cut, completion, reason, clock.Elapsed);
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

    /// <summary>One memory: record its outcomes, then extend it by every message some thread may promise.</summary>
    private void Node(int knownThread, ThreadRunResult? known)
    {
        if (++nodes > options.MaxStates)
        {
            throw new ExplorationLimitException($"more than {options.MaxStates} memories explored (--max-states)");
        }
        budget.Check();
        int n = maxWrites.Length;
        var results = new ThreadRunResult[n];
        for (int t = 0; t < n; t++)
        {
            results[t] = t == knownThread && known is not null ? known : RunThread(t);
            cut |= results[t].Cut;
        }
        if (results.All(r => r.Finals.Count > 0))
        {
            Combine(results, 0, new RegisterFile[n]);
        }
        for (int t = 0; t < n; t++)
        {
            if (written[t] >= maxWrites[t])
            {
                continue;
            }
            foreach (var (loc, val) in results[t].NewWrites.Order())
            {
                int count = mem.Append(new Msg(loc, val, t)) - 1;
                written[t]++;
                var check = RunThread(t);
                if (check.Certified)
                {
                    Node(t, check);
                }
                written[t]--;
                mem.Truncate(count);
            }
        }
    }

    /// <summary>
    /// Runs a thread, memoised on the messages it can see; not in page-table programs, whose TLBI messages
    /// carry timestamps the memoisation key does not preserve.
    /// </summary>
    private ThreadRunResult RunThread(int t) =>
        program.Vmsa is null ? caches[t].Get(mem, t, () => runners[t].Run(mem))
        : t < runners.Length ? runners[t].Run(mem) : spurious[t - runners.Length].Run(mem);

    private void Combine(ThreadRunResult[] results, int t, RegisterFile[] chosen)
    {
        if (t == results.Length)
        {
            outcomes.Add(o => o.IsFault ? chosen[program.Vmsa!.Faults[o.Fault].Thread].Values[program.RegisterCount + program.Locations.Count + o.Fault]
                : !o.IsMemory ? chosen[o.Thread].Values[o.Reg]
                : owners[o.Loc] >= 0 ? chosen[owners[o.Loc]].Values[program.RegisterCount + o.Loc]
                : mem.Final(o.Loc));
            return;
        }
        foreach (var f in results[t].Finals)
        {
            chosen[t] = f;
            Combine(results, t + 1, chosen);
        }
    }
}
