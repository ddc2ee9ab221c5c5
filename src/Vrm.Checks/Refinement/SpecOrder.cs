using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Checks.Refinement;

/// <summary>One operation call to explain: which operation, its arguments, and the result its caller saw.</summary>
public sealed record SpecCall(int Op, long Arg0, long Arg1, long Result);

/// <summary>
/// Whether some order of the calls' specifications, run one at a time on the specifications' own state from
/// <c>start</c>, gives every call its result, among the orders that keep each pair
/// <c>before(j, i)</c> with j first (real time on SC, each thread's own order on a relaxed model). Wing and
/// Gong's search, with Lowe's memoisation of the (calls done, abstract state) pairs already tried.
/// </summary>
/// <param name="start">The memory the specifications start from: what main set up before the first call.</param>
/// <param name="final">The implementation's memory at the end, for the abstraction relations (<see cref="Program.Abstractions"/>).</param>
public sealed class SpecOrder(Program program, IReadOnlyList<SpecCall> calls, Func<int, int, bool> before, long[] start, long[] final)
{
    /// <summary>Whether the order must also end in a state every abstraction relation accepts (off: results only).</summary>
    public bool Related { get; init; } = true;

    private readonly Dictionary<(ulong, int), List<long[]>> tried = [];

    /// <summary>Specifications run by the search.</summary>
    public long SpecRuns { get; private set; }

    public bool Exists()
    {
        if (calls.Count > 64)
        {
            throw new ArgumentException($"{calls.Count} operation calls; at most 64 are explained at once");
        }
        return Explain(0, start);
    }

    private bool Explain(ulong done, long[] memory)
    {
        if (done == (calls.Count == 64 ? ulong.MaxValue : (1UL << calls.Count) - 1))
        {
            return !Related || Relates(memory);
        }
        var key = (done, Hash(memory));
        if (tried.TryGetValue(key, out var seen) && seen.Exists(m => m.AsSpan().SequenceEqual(memory)))
        {
            return false;
        }
        for (int i = 0; i < calls.Count; i++)
        {
            if ((done & (1UL << i)) != 0 || !Minimal(done, i))
            {
                continue;
            }
            var c = calls[i];
            SpecRuns++;
            if (SpecRunner.Run(program, program.Operations[c.Op].Spec, c.Arg0, c.Arg1, memory) is var (result, after)
                && (result == c.Result || !program.Operations[c.Op].Returns) && Explain(done | (1UL << i), after))
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

    /// <summary>No call still to place must come before call <paramref name="i"/>.</summary>
    private bool Minimal(ulong done, int i)
    {
        for (int j = 0; j < calls.Count; j++)
        {
            if (j != i && (done & (1UL << j)) == 0 && before(j, i))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Every relation holds on the implementation's final memory with the specifications' globals as
    /// <paramref name="spec"/> left them: a cell the specifications changed is theirs (no implementation code
    /// writes their globals), any other is the implementation's.
    /// </summary>
    private bool Relates(long[] spec)
    {
        if (program.Abstractions.Count == 0)
        {
            return true;
        }
        var both = new long[final.Length];
        for (int i = 0; i < both.Length; i++)
        {
            both[i] = spec[i] != start[i] ? spec[i] : final[i];
        }
        return program.Abstractions.All(t => SpecRunner.Run(program, t, 0, 0, both) is var (result, _) && result != 0);
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
