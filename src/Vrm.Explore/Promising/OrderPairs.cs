using Vrm.Models.Promising;

namespace Vrm.Explore.Promising;

/// <summary>
/// Pairs of timestamps whose order some run compared where the comparison forbade something: a read's
/// pre-view against the newest message of the location at or below it, a write's pre-view against a promise
/// it could not take, a promise against the floor that killed it. Every other step of a run only joins
/// views, so with two adjacent messages swapped that no run compared, the runs go the same way (up to
/// renaming their timestamps) or do less — the independence <see cref="PromiseFirstSearch"/> prunes
/// promise orders with.
/// </summary>
internal sealed class OrderPairs
{
    /// <summary>Row <c>lo</c> has bit <c>hi - 1</c> for each compared pair lo &lt; hi.</summary>
    private readonly UInt128[] rows = new UInt128[Local.MaxMessages + 2];
    private int top;

    /// <summary>Some run compared timestamps the set cannot name: treat every pair as compared.</summary>
    public bool All { get; set; }

    public void Add(int a, int b)
    {
        if (a == b || a <= 0 || b <= 0)
        {
            return;
        }
        int lo = Math.Min(a, b), hi = Math.Max(a, b);
        rows[lo] |= UInt128.One << (hi - 1);
        top = Math.Max(top, lo);
    }

    public bool Contains(int a, int b)
    {
        int lo = Math.Min(a, b), hi = Math.Max(a, b);
        return All || (rows[lo] & (UInt128.One << (hi - 1))) != UInt128.Zero;
    }

    public void UnionWith(OrderPairs o)
    {
        All |= o.All;
        for (int lo = 1; lo <= o.top; lo++)
        {
            rows[lo] |= o.rows[lo];
        }
        top = Math.Max(top, o.top);
    }

    /// <summary>Adds <paramref name="o"/>'s pairs with timestamps <paramref name="p"/> and p + 1 exchanged.</summary>
    public void UnionSwapped(OrderPairs o, int p)
    {
        All |= o.All;
        for (int lo = 1; lo <= o.top; lo++)
        {
            for (var bits = o.rows[lo]; bits != UInt128.Zero; bits &= bits - 1)
            {
                int hi = (int)UInt128.TrailingZeroCount(bits) + 1;
                Add(Swap(lo, p), Swap(hi, p));
            }
        }
    }

    private static int Swap(int ts, int p) => ts == p ? p + 1 : ts == p + 1 ? p : ts;

    public void Clear()
    {
        Array.Clear(rows, 0, top + 1);
        top = 0;
        All = false;
    }

    /// <summary>
    /// The pairs renamed by <paramref name="rename"/> (0: no name), each packed as lo * 256 + hi (timestamps are
    /// at most 128); <paramref name="unnamed"/> when some timestamp has no name.
    /// </summary>
    public ushort[] Packed(ReadOnlySpan<int> rename, out bool unnamed)
    {
        unnamed = All;
        List<ushort>? list = null;
        for (int lo = 1; lo <= top; lo++)
        {
            for (var bits = rows[lo]; bits != UInt128.Zero; bits &= bits - 1)
            {
                int hi = (int)UInt128.TrailingZeroCount(bits) + 1;
                if (rename[lo] == 0 || rename[hi] == 0)
                {
                    unnamed = true;
                    continue;
                }
                (list ??= []).Add((ushort)((Math.Min(rename[lo], rename[hi]) << 8) | Math.Max(rename[lo], rename[hi])));
            }
        }
        return list is null ? [] : [.. list];
    }
}
