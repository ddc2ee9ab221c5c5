using System.Numerics;

namespace Vrm.Models.Relations;

/// <summary>
/// A binary relation over events 0..N-1 as rows of successor bits, living in a <see cref="RelationArena"/>, with
/// the operators of herd's cat language so that a model reads like its cat file: <c>a | b</c> (union),
/// <c>a &amp; b</c> (intersection), <c>a - b</c> (cat's <c>\</c>), <c>a.Seq(b)</c> (cat's <c>a; b</c>),
/// <c>a.Plus()</c> (<c>a+</c>), <c>a.Inverse()</c> (<c>a^-1</c>), <c>a.Restrict(A, B)</c> (<c>[A]; a; [B]</c>),
/// and the checks <see cref="IsAcyclic"/> and <see cref="IsIrreflexive"/>, which also give a witness.
/// Every operator makes a new relation in the arena; <see cref="Add"/> and <see cref="UnionWith"/> change one in place.
/// </summary>
public readonly struct Relation
{
    private readonly RelationArena arena;
    private readonly int at;

    internal Relation(RelationArena arena, int at)
    {
        this.arena = arena;
        this.at = at;
    }

    public int N => arena.N;

    public RelationArena Arena => arena;

    private int Words => arena.Words;

    private Span<ulong> All => arena.Bits.AsSpan(at, arena.N * arena.Words);

    /// <summary>The successors of <paramref name="from"/>: bit b of word b/64 is event b.</summary>
    public Span<ulong> Row(int from) => arena.Bits.AsSpan(at + (from * arena.Words), arena.Words);

    public bool Has(int from, int to) => ((arena.Bits[at + (from * arena.Words) + (to >> 6)] >> (to & 63)) & 1) != 0;

    public void Add(int from, int to) => arena.Bits[at + (from * arena.Words) + (to >> 6)] |= 1UL << (to & 63);

    /// <summary>Adds every pair of <paramref name="other"/> to this relation.</summary>
    public void UnionWith(Relation other)
    {
        EventSet.Same(arena, other.arena);
        var dst = All;
        var src = other.All;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] |= src[i];
        }
    }

    public bool IsEmpty => All.IndexOfAnyExcept(0UL) < 0;

    /// <summary>A copy that may then be changed in place.</summary>
    public Relation Copy()
    {
        var r = new Relation(arena, arena.Take(N * Words, clear: false));
        All.CopyTo(r.All);
        return r;
    }

    public static Relation operator |(Relation a, Relation b)
    {
        var r = a.Blank(b);
        var x = a.All;
        var y = b.All;
        var z = r.All;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = x[i] | y[i];
        }
        return r;
    }

    public static Relation operator &(Relation a, Relation b)
    {
        var r = a.Blank(b);
        var x = a.All;
        var y = b.All;
        var z = r.All;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = x[i] & y[i];
        }
        return r;
    }

    /// <summary>cat's <c>a \ b</c>.</summary>
    public static Relation operator -(Relation a, Relation b)
    {
        var r = a.Blank(b);
        var x = a.All;
        var y = b.All;
        var z = r.All;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = x[i] & ~y[i];
        }
        return r;
    }

    /// <summary>cat's <c>a; b</c>: a pair (x, z) when x a y and y b z for some y.</summary>
    public Relation Seq(Relation b)
    {
        EventSet.Same(arena, b.arena);
        int words = Words;
        if (words == 1)
        {
            // One word per row (at most 64 events), the common case: no spans, one OR per edge.
            var one = new Relation(arena, arena.Take(N, clear: false));
            var bits = arena.Bits;
            for (int i = 0; i < N; i++)
            {
                ulong acc = 0;
                for (ulong m = bits[at + i]; m != 0; m &= m - 1)
                {
                    acc |= bits[b.at + BitOperations.TrailingZeroCount(m)];
                }
                bits[one.at + i] = acc;
            }
            return one;
        }
        var r = arena.Empty();
        for (int i = 0; i < N; i++)
        {
            var row = Row(i);
            var target = r.Row(i);
            for (int w = 0; w < words; w++)
            {
                for (ulong bits = row[w]; bits != 0; bits &= bits - 1)
                {
                    var next = b.Row((w << 6) + BitOperations.TrailingZeroCount(bits));
                    for (int v = 0; v < words; v++)
                    {
                        target[v] |= next[v];
                    }
                }
            }
        }
        return r;
    }

    /// <summary>cat's <c>a+</c>, the transitive closure (Warshall's algorithm on bit rows).</summary>
    public Relation Plus()
    {
        var r = Copy();
        int words = Words;
        for (int k = 0; k < N; k++)
        {
            var through = r.Row(k);
            for (int i = 0; i < N; i++)
            {
                if (r.Has(i, k))
                {
                    var target = r.Row(i);
                    for (int w = 0; w < words; w++)
                    {
                        target[w] |= through[w];
                    }
                }
            }
        }
        return r;
    }

    /// <summary>cat's <c>a^-1</c>.</summary>
    public Relation Inverse()
    {
        var r = arena.Empty();
        for (int i = 0; i < N; i++)
        {
            var row = Row(i);
            for (int w = 0; w < row.Length; w++)
            {
                for (ulong bits = row[w]; bits != 0; bits &= bits - 1)
                {
                    r.Add((w << 6) + BitOperations.TrailingZeroCount(bits), i);
                }
            }
        }
        return r;
    }

    /// <summary>cat's <c>[from]; a; [to]</c>: the pairs that start in <paramref name="from"/> and end in <paramref name="to"/>.</summary>
    public Relation Restrict(EventSet from, EventSet to)
    {
        EventSet.Same(arena, from.Arena);
        EventSet.Same(arena, to.Arena);
        var r = new Relation(arena, arena.Take(N * Words, clear: false));
        var targets = to.Bits;
        int words = Words;
        if (words == 1)
        {
            var bits = arena.Bits;
            ulong sources = from.Bits[0], mask = targets[0];
            for (int i = 0; i < N; i++)
            {
                bits[r.at + i] = ((sources >> i) & 1) != 0 ? bits[at + i] & mask : 0;
            }
            return r;
        }
        for (int i = 0; i < N; i++)
        {
            var src = Row(i);
            var dst = r.Row(i);
            bool keep = from.Has(i);
            for (int w = 0; w < words; w++)
            {
                dst[w] = keep ? src[w] & targets[w] : 0;
            }
        }
        return r;
    }

    /// <summary>cat's <c>[from]; a</c>.</summary>
    public Relation From(EventSet from)
    {
        EventSet.Same(arena, from.Arena);
        var r = arena.Empty();
        for (int i = 0; i < N; i++)
        {
            if (from.Has(i))
            {
                Row(i).CopyTo(r.Row(i));
            }
        }
        return r;
    }

    /// <summary>cat's <c>a; [to]</c>.</summary>
    public Relation To(EventSet to)
    {
        EventSet.Same(arena, to.Arena);
        var r = new Relation(arena, arena.Take(N * Words, clear: false));
        var mask = to.Bits;
        int words = Words;
        for (int i = 0; i < N; i++)
        {
            var src = Row(i);
            var dst = r.Row(i);
            for (int w = 0; w < words; w++)
            {
                dst[w] = src[w] & mask[w];
            }
        }
        return r;
    }

    /// <summary>cat's <c>domain(a)</c>.</summary>
    public EventSet Domain()
    {
        var s = arena.NoEvents();
        for (int i = 0; i < N; i++)
        {
            if (Row(i).IndexOfAnyExcept(0UL) >= 0)
            {
                s.Add(i);
            }
        }
        return s;
    }

    /// <summary>cat's <c>range(a)</c>.</summary>
    public EventSet Range()
    {
        var s = arena.NoEvents();
        var bits = s.Bits;
        for (int i = 0; i < N; i++)
        {
            var row = Row(i);
            for (int w = 0; w < bits.Length; w++)
            {
                bits[w] |= row[w];
            }
        }
        return s;
    }

    /// <summary>cat's <c>irreflexive a</c>; otherwise <paramref name="witness"/> is the least event related to itself.</summary>
    public bool IsIrreflexive(out int witness)
    {
        for (int i = 0; i < N; i++)
        {
            if (Has(i, i))
            {
                witness = i;
                return false;
            }
        }
        witness = -1;
        return true;
    }

    /// <summary>cat's <c>acyclic a</c>.</summary>
    public bool IsAcyclic()
    {
        Span<ulong> live = stackalloc ulong[Words];
        return Remaining(live) < 0;
    }

    /// <summary>cat's <c>acyclic a</c>; otherwise <paramref name="cycle"/> lists the events of one cycle, each related to the next and the last to the first.</summary>
    public bool IsAcyclic(out int[] cycle)
    {
        Span<ulong> left = stackalloc ulong[Words];
        int start = Remaining(left);
        if (start < 0)
        {
            cycle = [];
            return true;
        }
        // Every event left has a successor left, so walking from one must come back to an event already met.
        var path = new List<int>();
        var seen = new Dictionary<int, int>();
        int e = start;
        while (!seen.ContainsKey(e))
        {
            seen[e] = path.Count;
            path.Add(e);
            e = FirstIn(Row(e), left);
        }
        cycle = [.. path.Skip(seen[e])];
        return false;
    }

    /// <summary>
    /// Removes events without successors among the events left until none is removed; -1 when none is left
    /// (acyclic), else the least event left. Events are scanned from the last, since most edges (program order,
    /// coherence) go from lower to higher numbers: one pass then removes most of them.
    /// </summary>
    private int Remaining(Span<ulong> live)
    {
        int words = Words;
        if (words == 1)
        {
            live[0] = RemainingInOneWord();
            return live[0] == 0 ? -1 : BitOperations.TrailingZeroCount(live[0]);
        }
        live.Clear();
        for (int i = 0; i < N; i++)
        {
            live[i >> 6] |= 1UL << (i & 63);
        }
        int count = N;
        bool progress = true;
        while (count > 0 && progress)
        {
            progress = false;
            for (int i = N - 1; i >= 0; i--)
            {
                ulong bit = 1UL << (i & 63);
                if ((live[i >> 6] & bit) == 0)
                {
                    continue;
                }
                var row = Row(i);
                bool sink = true;
                for (int w = 0; w < words && sink; w++)
                {
                    sink = (row[w] & live[w]) == 0;
                }
                if (sink)
                {
                    live[i >> 6] &= ~bit;
                    count--;
                    progress = true;
                }
            }
        }
        if (count == 0)
        {
            return -1;
        }
        for (int w = 0; w < words; w++)
        {
            if (live[w] != 0)
            {
                return (w << 6) + BitOperations.TrailingZeroCount(live[w]);
            }
        }
        return -1;
    }

    /// <summary><see cref="Remaining"/> for at most 64 events: the events left as one word.</summary>
    private ulong RemainingInOneWord()
    {
        var bits = arena.Bits;
        int n = N;
        ulong live = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        bool progress = true;
        while (live != 0 && progress)
        {
            progress = false;
            for (int i = n - 1; i >= 0; i--)
            {
                ulong bit = 1UL << i;
                if ((live & bit) != 0 && (bits[at + i] & live) == 0)
                {
                    live &= ~bit;
                    progress = true;
                }
            }
        }
        return live;
    }

    private static int FirstIn(ReadOnlySpan<ulong> row, ReadOnlySpan<ulong> set)
    {
        for (int w = 0; w < row.Length; w++)
        {
            ulong both = row[w] & set[w];
            if (both != 0)
            {
                return (w << 6) + BitOperations.TrailingZeroCount(both);
            }
        }
        throw new InvalidOperationException("an event left by the acyclicity check has no successor left");
    }

    /// <summary>The pairs, by source then target.</summary>
    public List<(int From, int To)> Pairs()
    {
        var list = new List<(int, int)>();
        for (int i = 0; i < N; i++)
        {
            var row = Row(i);
            for (int w = 0; w < row.Length; w++)
            {
                for (ulong bits = row[w]; bits != 0; bits &= bits - 1)
                {
                    list.Add((i, (w << 6) + BitOperations.TrailingZeroCount(bits)));
                }
            }
        }
        return list;
    }

    /// <summary>A relation of the same arena whose every word the caller overwrites.</summary>
    private Relation Blank(Relation other)
    {
        EventSet.Same(arena, other.arena);
        return new Relation(arena, arena.Take(N * Words, clear: false));
    }
}
