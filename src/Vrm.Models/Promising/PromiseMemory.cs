namespace Vrm.Models.Promising;

/// <summary>A message of Promising-Arm's memory: a write of a value to a location by a thread.</summary>
public readonly record struct Msg(int Loc, long Val, int Tid);

/// <summary>
/// Promising-Arm's memory: a list of messages whose timestamps are their positions, 1-based; timestamp 0 is
/// the initial value of every location. It only grows (promises append); a search pushes and pops.
/// </summary>
public sealed class PromiseMemory(long[] init, int capacity)
{
    private Msg[] msgs = new Msg[Math.Max(4, capacity)];

    public int Count { get; private set; }

    public long[] Init { get; } = init;

    public Msg this[int ts] => msgs[ts - 1];

    public int Append(Msg m)
    {
        if (Count == msgs.Length)
        {
            Array.Resize(ref msgs, Count * 2);
        }
        msgs[Count++] = m;
        return Count;
    }

    public void Truncate(int count) => Count = count;

    public long ValueAt(int loc, int ts) => ts == 0 ? Init[loc] : msgs[ts - 1].Val;

    /// <summary>The timestamp of the newest message to <paramref name="loc"/> at or below <paramref name="ts"/> (0 when none).</summary>
    public int LatestAtOrBelow(int loc, int ts)
    {
        for (int k = Math.Min(ts, Count); k > 0; k--)
        {
            if (msgs[k - 1].Loc == loc)
            {
                return k;
            }
        }
        return 0;
    }

    /// <summary>Memory.exclusive: no message of another thread to the location in (from, to].</summary>
    public bool Exclusive(int tid, int loc, int from, int to)
    {
        for (int k = from + 1; k <= Math.Min(to, Count); k++)
        {
            if (msgs[k - 1].Loc == loc && msgs[k - 1].Tid != tid)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The value each location ends with: its newest message, or its initial value.</summary>
    public long Final(int loc) => ValueAt(loc, LatestAtOrBelow(loc, Count));

    public Msg[] Snapshot() => msgs[..Count];
}
