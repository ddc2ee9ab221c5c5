namespace Vrm.Models.Relations;

/// <summary>
/// The storage of the relations and event sets over events 0..N-1 that one model check builds. A model checks
/// millions of candidate executions and composes a dozen relations for each: taking them from one growing
/// buffer, released as a stack with <see cref="Mark"/> and <see cref="Release"/>, keeps the check free of
/// garbage-collected allocations. A relation must not be used after the mark it was made after is released.
/// </summary>
public sealed class RelationArena
{
    private ulong[] bits;
    private int top;

    /// <param name="capacity">How many relations fit before the buffer first grows.</param>
    public RelationArena(int n, int capacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        N = n;
        Words = Math.Max(1, (n + 63) >> 6);
        bits = new ulong[capacity * Math.Max(1, n) * Words];
    }

    public int N { get; private set; }

    /// <summary>64-bit words per row of a relation (and per event set).</summary>
    public int Words { get; private set; }

    /// <summary>
    /// Empties the arena for relations over <paramref name="n"/> events, keeping its buffer: every relation made
    /// before becomes invalid. A search reuses one arena for its many combinations of traces.
    /// </summary>
    public RelationArena Reset(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        N = n;
        Words = Math.Max(1, (n + 63) >> 6);
        top = 0;
        return this;
    }

    internal ulong[] Bits => bits;

    /// <summary>The current top of the stack, to give back to <see cref="Release"/>.</summary>
    public int Mark() => top;

    /// <summary>Frees everything made since <paramref name="mark"/>.</summary>
    public void Release(int mark)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mark, top);
        top = mark;
    }

    /// <summary>The empty relation.</summary>
    public Relation Empty() => new(this, Take(N * Words, clear: true));

    /// <summary>The empty set.</summary>
    public EventSet NoEvents() => new(this, Take(Words, clear: true));

    /// <summary>The events for which <paramref name="member"/> holds.</summary>
    public EventSet Events(Func<int, bool> member)
    {
        var s = NoEvents();
        for (int e = 0; e < N; e++)
        {
            if (member(e))
            {
                s.Add(e);
            }
        }
        return s;
    }

    /// <summary>herd's <c>from * to</c>: every event of <paramref name="from"/> related to every event of <paramref name="to"/>.</summary>
    public Relation Cross(EventSet from, EventSet to)
    {
        var r = Empty();
        for (int e = 0; e < N; e++)
        {
            if (from.Has(e))
            {
                to.Bits.CopyTo(r.Row(e));
            }
        }
        return r;
    }

    /// <summary>herd's <c>id</c>: every event related to itself.</summary>
    public Relation Identity()
    {
        var r = Empty();
        for (int e = 0; e < N; e++)
        {
            r.Add(e, e);
        }
        return r;
    }

    /// <summary>Room for <paramref name="size"/> words; left as it was when the caller overwrites it all.</summary>
    internal int Take(int size, bool clear)
    {
        if (top + size > bits.Length)
        {
            Array.Resize(ref bits, Math.Max(bits.Length * 2, top + size));
        }
        int at = top;
        top += size;
        if (clear)
        {
            bits.AsSpan(at, size).Clear();
        }
        return at;
    }
}
