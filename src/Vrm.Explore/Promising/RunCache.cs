using System.Collections.Concurrent;
using Vrm.Models.Promising;

namespace Vrm.Explore.Promising;

/// <summary>
/// Memoises a thread's runs. A run looks only at messages to the locations it accesses, and at them only
/// through their order, values and whether they are its own, so memories that agree on that projection
/// give the same run. The key carries the set of locations it was projected on; the set grows as runs
/// reveal more accessed locations, and an entry is valid only for the set it was made with. The workers of
/// a search share it; past <see cref="MaxEntries"/> it starts again empty, which costs only repeated runs.
/// </summary>
internal sealed class RunCache
{
    /// <summary>About a kilobyte each on the kernel queues: a few gigabytes per thread at most.</summary>
    public const int MaxEntries = 2_000_000;

    private readonly ConcurrentDictionary<Key, ThreadRunResult> entries = new();
    private long accessed;
    private int count;

    public ThreadRunResult Get(PromiseMemory mem, int tid, Func<ThreadRunResult> run)
    {
        ulong known = (ulong)Interlocked.Read(ref accessed);
        var key = Key.Of(mem, tid, known);
        if (entries.TryGetValue(key, out var hit))
        {
            return hit;
        }
        var result = run();
        if ((result.Accessed & ~known) != 0)
        {
            known = (ulong)Interlocked.Or(ref accessed, (long)result.Accessed) | result.Accessed;
            key = Key.Of(mem, tid, known);
        }
        if (Interlocked.Increment(ref count) > MaxEntries)
        {
            entries.Clear();
            Interlocked.Exchange(ref count, 0);
        }
        entries.TryAdd(key, result);
        return result;
    }

    private sealed class Key : IEquatable<Key>
    {
        private readonly long[] items;
        private readonly int hash;

        private Key(long[] items)
        {
            this.items = items;
            var h = new HashCode();
            foreach (var i in items)
            {
                h.Add(i);
            }
            hash = h.ToHashCode();
        }

        /// <summary>The accessed-location set, then (location, own?, value) of each message to one of them, in order.</summary>
        public static Key Of(PromiseMemory mem, int tid, ulong locs)
        {
            int n = 1;
            for (int ts = 1; ts <= mem.Count; ts++)
            {
                n += Projected(mem[ts], locs) ? 2 : 0;
            }
            var items = new long[n];
            items[0] = (long)locs;
            int k = 1;
            for (int ts = 1; ts <= mem.Count; ts++)
            {
                var m = mem[ts];
                if (Projected(m, locs))
                {
                    items[k++] = ((long)m.Loc << 1) | (m.Tid == tid ? 1L : 0L);
                    items[k++] = m.Val;
                }
            }
            return new Key(items);
        }

        private static bool Projected(Msg m, ulong locs) => (locs & ThreadRunResult.Bit(m.Loc)) != 0;

        public bool Equals(Key? other) => other is not null && hash == other.hash && items.AsSpan().SequenceEqual(other.items);

        public override bool Equals(object? obj) => Equals(obj as Key);

        public override int GetHashCode() => hash;
    }
}
