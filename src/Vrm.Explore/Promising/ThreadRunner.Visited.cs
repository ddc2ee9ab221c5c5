using Vrm.Models.Promising;

namespace Vrm.Explore.Promising;

/// <summary>
/// State hashing inside one thread run, switched on only when a run grows large: short runs (every
/// corpus test) would pay more for the hashing than they save, but the compiled queues and stacks reach
/// the same state along many paths (a CAS loop's retries, loads whose candidates lead to equal values and
/// views), and a state met before has the same future, so its second visit adds nothing to the result.
/// </summary>
internal sealed partial class ThreadRunner
{
    /// <summary>Steps a run takes before it starts remembering states.</summary>
    public const long HashAfter = 100_000;

    private const int MaxVisited = 4_000_000;

    private HashSet<UInt128>? visited;

    /// <summary>The program walks (page tables, C user/VM accesses): the walk and MMU fields are part of a state.</summary>
    private readonly bool walkState = PromiseFirstSearch.Walks(program);
    private int baseCount;

    private bool SeenBefore(PromisingThreadState s)
    {
        if (steps < HashAfter)
        {
            return false;
        }
        visited ??= [];
        if (visited.Count >= MaxVisited)
        {
            // Forgetting costs only repeated work, never a missed state.
            visited.Clear();
        }
        return !visited.Add(Fingerprint(Key(s)));
    }

    private long[] Key(PromisingThreadState s)
    {
        var l = s.L;
        var key = new List<long>(256)
        {
            s.Pc,
            s.NewWrites,
            s.ReadOld ? 1 : 0,
            s.LoudWrite ? 1 : 0,
            Pack(l.Vrn), Pack(l.Vwn), Pack(l.Vro), Pack(l.VroRet), Pack(l.Vwo), Pack(l.Vcap), Pack(l.Vrel),
            (long)(ulong)l.Promises, (long)(ulong)(l.Promises >> 64),
            l.ExBank is { } eb ? ((long)eb.Loc << 40) ^ ((long)eb.Ts << 20) ^ Pack(eb.View) : -1,
            mem.Count,
        };
        foreach (var c in l.Coh)
        {
            key.Add(c);
        }
        foreach (var f in l.FwdBank)
        {
            key.Add(((long)f.Ts << 1) | (f.Ex ? 1L : 0));
            key.Add(Pack(f.View));
            key.Add(Pack(f.AcquireView));
        }
        for (int r = 0; r < s.Val.Length; r++)
        {
            key.Add(s.Val[r]);
            key.Add(Pack(s.V[r]));
        }
        foreach (var c in s.LoopCount)
        {
            key.Add(c);
        }
        foreach (var v in s.Private)
        {
            key.Add(v);
        }
        if (walkState)
        {
            // A walk's choice (the location, its view, the TLBI it must stay below) decides the access it leads to;
            // the MMU's views and the TLBI claims decide later walks and DSBs.
            key.AddRange([s.Translated, Pack(s.WalkView), s.AccessBound, s.MustDsb, s.NoDsb ? 1 : 0, s.InHandler ? 1 : 0, s.ExSize,
                l.Vtr, l.Vdsb, l.Vwalk, l.Vtlbi, l.Vhu, s.Elr, s.Vmid, s.Asid, s.Faults.Count]);
            foreach (var (offset, pre) in s.Horizon)
            {
                key.Add(offset);
                key.Add(pre);
            }
            foreach (var f in s.Faults)
            {
                key.Add(f.GetHashCode());
            }
            if (recordFacts)
            {
                // Paths to one state with different facts end in different diagnoses: neither may stand for the other.
                key.AddRange([s.Facts?.GetHashCode() ?? 0, s.Walked?.GetHashCode() ?? 0, (long)(ulong)s.Observed, (long)(ulong)(s.Observed >> 64)]);
            }
        }
        // Messages this run appended (certification) are part of the state.
        for (int ts = baseCount + 1; ts <= mem.Count; ts++)
        {
            var m = mem[ts];
            key.Add(((long)m.Loc << 8) | (uint)m.Tid);
            key.Add(m.Val);
        }
        return [.. key];
    }

    private static long Pack(View v) => ((long)v.S << 32) | (uint)v.P;

    /// <summary>
    /// Two independent 64-bit mixes of the state: a 128-bit fingerprint keeps millions of states in little
    /// memory, and two distinct states share one with a chance of about n²/2¹²⁹ — never, in practice.
    /// </summary>
    private static UInt128 Fingerprint(long[] key)
    {
        ulong a = 0x9E3779B97F4A7C15UL, b = 0xC2B2AE3D27D4EB4FUL;
        foreach (long k in key)
        {
            a = Mix((a ^ (ulong)k) * 0xBF58476D1CE4E5B9UL);
            b = Mix((b + (ulong)k) * 0x94D049BB133111EBUL) ^ (b >> 29);
        }
        return new UInt128(a, b ^ (ulong)key.Length);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 31;
        x *= 0xD6E8FEB86659FD93UL;
        return x ^ (x >> 32);
    }
}
