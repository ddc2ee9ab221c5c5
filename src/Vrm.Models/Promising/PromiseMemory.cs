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
    /// <summary>No message of <paramref name="loc"/> lies strictly between the two timestamps.</summary>
    public bool NoWriteBetween(int loc, int from, int to)
    {
        for (int ts = from + 1; ts < to && ts <= Count; ts++)
        {
            if (this[ts].Loc == loc)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The MMU's TLBI rule for thread <paramref name="tid"/>'s walk reading entry <paramref name="entryLoc"/> at
    /// timestamp <paramref name="ts"/>: the completed TLBIs (messages at <paramref name="tlbiLoc"/>) whose
    /// invalidation covers the entry and which the walk does not yet respect (it reads an entry older than the
    /// newest one they were ordered after). A walk of the thread ordered after one of its own (walk view ≥ its
    /// timestamp) is dead; for another thread's, the access must stay below it. Null when the walk is
    /// impossible, else that bound.
    /// </summary>
    public int? TlbiBound(int tlbiLoc, int tid, int entryLoc, int page, bool leaf, int vmid, int asid, bool global, int ts, int walkPre, int horizonPre)
    {
        int bound = int.MaxValue;
        for (int t = 1; t <= Count; t++)
        {
            var m = this[t];
            if (m.Loc != tlbiLoc)
            {
                continue;
            }
            var tlbi = TlbiMessage.Decode(m.Val);
            if (!tlbi.Completed || !tlbi.Covers(page, leaf, vmid, asid, global) || (!tlbi.Broadcast && m.Tid != tid) || ts >= LatestAtOrBelow(entryLoc, tlbi.Pre))
            {
                continue;
            }
            if ((m.Tid == tid ? walkPre : horizonPre) >= t)
            {
                return null;
            }
            if (m.Tid != tid)
            {
                bound = Math.Min(bound, t);
            }
        }
        return bound;
    }

    public long Final(int loc) => ValueAt(loc, LatestAtOrBelow(loc, Count));

    public Msg[] Snapshot() => msgs[..Count];
}
