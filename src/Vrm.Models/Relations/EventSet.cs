using System.Numerics;

namespace Vrm.Models.Relations;

/// <summary>A set of events as bits, living in a <see cref="RelationArena"/>; herd's sets (R, W, Exp...).</summary>
public readonly struct EventSet
{
    private readonly RelationArena arena;
    private readonly int at;

    internal EventSet(RelationArena arena, int at)
    {
        this.arena = arena;
        this.at = at;
    }

    public int N => arena.N;

    internal RelationArena Arena => arena;

    /// <summary>The set's words: bit e of word e/64 is event e.</summary>
    public Span<ulong> Bits => arena.Bits.AsSpan(at, arena.Words);

    public bool Has(int e) => ((arena.Bits[at + (e >> 6)] >> (e & 63)) & 1) != 0;

    public void Add(int e) => arena.Bits[at + (e >> 6)] |= 1UL << (e & 63);

    public bool IsEmpty => Bits.IndexOfAnyExcept(0UL) < 0;

    public int Count
    {
        get
        {
            int n = 0;
            foreach (ulong w in Bits)
            {
                n += BitOperations.PopCount(w);
            }
            return n;
        }
    }

    public static EventSet operator |(EventSet a, EventSet b) => Combine(a, b, static (x, y) => x | y);

    public static EventSet operator &(EventSet a, EventSet b) => Combine(a, b, static (x, y) => x & y);

    /// <summary>herd's <c>\</c>: the events of <paramref name="a"/> not in <paramref name="b"/>.</summary>
    public static EventSet operator -(EventSet a, EventSet b) => Combine(a, b, static (x, y) => x & ~y);

    /// <summary>herd's <c>~</c>: every other event.</summary>
    public static EventSet operator ~(EventSet a)
    {
        var r = new EventSet(a.arena, a.arena.Take(a.arena.Words, clear: false));
        var src = a.Bits;
        var dst = r.Bits;
        for (int w = 0; w < dst.Length; w++)
        {
            dst[w] = ~src[w];
        }
        int tail = a.N & 63;
        if (tail != 0)
        {
            dst[^1] &= (1UL << tail) - 1;
        }
        return r;
    }

    /// <summary>The events in increasing order.</summary>
    public List<int> ToList()
    {
        var list = new List<int>();
        var bits = Bits;
        for (int w = 0; w < bits.Length; w++)
        {
            for (ulong b = bits[w]; b != 0; b &= b - 1)
            {
                list.Add((w << 6) + BitOperations.TrailingZeroCount(b));
            }
        }
        return list;
    }

    private static EventSet Combine(EventSet a, EventSet b, Func<ulong, ulong, ulong> op)
    {
        Same(a.arena, b.arena);
        var r = new EventSet(a.arena, a.arena.Take(a.arena.Words, clear: false));
        var x = a.Bits;
        var y = b.Bits;
        var z = r.Bits;
        for (int w = 0; w < z.Length; w++)
        {
            z[w] = op(x[w], y[w]);
        }
        return r;
    }

    internal static void Same(RelationArena a, RelationArena b)
    {
        if (!ReferenceEquals(a, b))
        {
            throw new InvalidOperationException("relations of different arenas (different executions) cannot be combined");
        }
    }
}
