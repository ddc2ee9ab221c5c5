using System.Numerics;
using Vrm.Models.Executions;
using Vrm.Programs;

namespace Vrm.Models.Arm;

/// <summary>
/// Arm's <c>local-hw-reqs = (lob | pick-lob)+</c> for one trace (aarch64hwreqs.cat): everything ordered inside a
/// thread regardless of other threads. It depends on the trace alone, so it is computed once per trace and
/// reused by every candidate execution that contains it.
/// </summary>
public static class LocalOrder
{
    public const int MaxEvents = 64;

    public static ulong[] Of(ThreadTrace trace)
    {
        if (trace.LocalOrder is { } cached)
        {
            return cached;
        }
        var ev = trace.Events;
        int n = ev.Length;
        if (n > MaxEvents)
        {
            throw new NotSupportedException($"a thread has {n} events; the axiomatic model handles at most {MaxEvents} per thread");
        }
        var s = new Sets(ev);
        var lob = new ulong[n];
        AddDob(ev, s, lob);
        AddPob(ev, s, lob);
        AddAob(ev, s, lob);
        AddBob(ev, s, lob);
        AddDsbAndIfb(ev, s, lob);
        AddLmws(ev, s, lob);
        Close(lob);
        var hw = (ulong[])lob.Clone();
        for (int k = 0; k < n; k++)
        {
            var e = ev[k];
            if (!e.IsMemory)
            {
                continue;
            }
            ulong reach = lob[k] & s.W;
            if (reach == 0)
            {
                continue;
            }
            // pick-dep; lob; [W]: a read that reaches k through pick-dtrm orders k's lob-later writes.
            foreach (int r in Bits(e.PickIn | e.PickAddr | e.PickData | e.PickCtrl))
            {
                if (ev[r].Instance != e.Instance)
                {
                    hw[r] |= reach;
                }
            }
        }
        Close(hw);
        var result = Compress(trace, hw);
        trace.LocalOrder = result;
        return result;
    }

    /// <summary>Masks of the sets the cat file names, over one trace's events.</summary>
    private sealed class Sets
    {
        public readonly ulong R, W, M, All;
        public readonly ulong[] Before, After;

        public Sets(Event[] ev)
        {
            int n = ev.Length;
            All = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
            Before = new ulong[n];
            After = new ulong[n];
            for (int i = 0; i < n; i++)
            {
                if (ev[i].IsRead)
                {
                    R |= 1UL << i;
                }
                if (ev[i].IsWrite)
                {
                    W |= 1UL << i;
                }
            }
            M = R | W;
            // po relates different instructions only: the events of one instruction are not po-ordered.
            for (int i = 0; i < n; i++)
            {
                int first = i, last = i;
                while (first > 0 && ev[first - 1].Instance == ev[i].Instance)
                {
                    first--;
                }
                while (last + 1 < n && ev[last + 1].Instance == ev[i].Instance)
                {
                    last++;
                }
                Before[i] = (1UL << first) - 1;
                After[i] = All & ~(last == 63 ? ulong.MaxValue : (2UL << last) - 1);
            }
        }

        public bool Is(ulong set, int i) => (set & (1UL << i)) != 0;
    }

    private static void AddFrom(ulong[] rel, ulong sources, ulong targets)
    {
        foreach (int r in Bits(sources))
        {
            rel[r] |= targets;
        }
    }

    /// <summary>dob: addr, data, ctrl;[W], addr;[M];po;[W], (addr|data);[M];lmrs;[R].</summary>
    private static void AddDob(Event[] ev, Sets s, ulong[] lob)
    {
        for (int j = 0; j < ev.Length; j++)
        {
            var e = ev[j];
            if (!e.IsMemory)
            {
                continue;
            }
            ulong bit = 1UL << j;
            AddFrom(lob, e.Addr, bit | (s.W & s.After[j]));
            if (e.IsWrite)
            {
                AddFrom(lob, e.Data | e.Ctrl, bit);
                for (int k = j + 1; k < ev.Length; k++)
                {
                    if (ev[k].Lmrs == j)
                    {
                        AddFrom(lob, e.Addr | e.Data, 1UL << k);
                    }
                }
            }
        }
    }

    /// <summary>pob: the pick-dependency forms of addr, data and ctrl.</summary>
    private static void AddPob(Event[] ev, Sets s, ulong[] lob)
    {
        for (int j = 0; j < ev.Length; j++)
        {
            var e = ev[j];
            if (!e.IsMemory)
            {
                continue;
            }
            AddFrom(lob, e.PickAddr, s.W & s.After[j]);
            if (e.IsWrite)
            {
                AddFrom(lob, e.PickAddr | e.PickData | e.PickCtrl, 1UL << j);
            }
        }
    }

    /// <summary>aob: rmw, and rmw;lmrs;[A|Q].</summary>
    private static void AddAob(Event[] ev, Sets s, ulong[] lob)
    {
        for (int r = 0; r < ev.Length; r++)
        {
            int w = ev[r].RmwWrite;
            if (w < 0)
            {
                continue;
            }
            lob[r] |= 1UL << w;
            for (int k = w + 1; k < ev.Length; k++)
            {
                if (ev[k].Lmrs == w && ev[k].Has(EventFlags.Acquire | EventFlags.AcquirePC))
                {
                    lob[r] |= 1UL << k;
                }
            }
        }
    }

    /// <summary>bob: the DMB cases and the acquire/release cases.</summary>
    private static void AddBob(Event[] ev, Sets s, ulong[] lob)
    {
        ulong rNoRet = 0, rAcq = 0, rAcqAny = 0, wRel = 0;
        for (int i = 0; i < ev.Length; i++)
        {
            var e = ev[i];
            ulong bit = 1UL << i;
            if (e.IsRead && !e.Has(EventFlags.NoRet))
            {
                rNoRet |= bit;
            }
            if (e.IsRead && e.Has(EventFlags.Acquire))
            {
                rAcq |= bit;
            }
            if (e.IsRead && e.Has(EventFlags.Acquire | EventFlags.AcquirePC))
            {
                rAcqAny |= bit;
            }
            if (e.IsWrite && e.Has(EventFlags.Release))
            {
                wRel |= bit;
            }
        }
        for (int f = 0; f < ev.Length; f++)
        {
            var e = ev[f];
            if (e.Kind == EventKind.Fence)
            {
                switch (e.Fence)
                {
                    case FenceKind.DmbFull:
                        AddFrom(lob, s.M & s.Before[f], s.M & s.After[f]);
                        break;
                    case FenceKind.DmbLd:
                        AddFrom(lob, rNoRet & s.Before[f], s.M & s.After[f]);
                        break;
                    case FenceKind.DmbSt:
                        AddFrom(lob, s.W & s.Before[f], s.W & s.After[f]);
                        break;
                }
                continue;
            }
            ulong bit = 1UL << f;
            if (s.Is(wRel, f))
            {
                lob[f] |= rAcq & s.After[f];
                AddFrom(lob, s.M & s.Before[f], bit);
                // The write of an acquire-release atomic orders everything after it.
                int r = f > 0 && ev[f - 1].RmwWrite == f && ev[f - 1].Instance == e.Instance && e.Has(EventFlags.Atomic) ? f - 1 : -1;
                if (r >= 0 && s.Is(rAcq, r))
                {
                    lob[f] |= s.M & s.After[f];
                }
            }
            if (s.Is(rAcqAny, f))
            {
                lob[f] |= s.M & s.After[f];
            }
        }
    }

    /// <summary>DSB-ob, and IFB-ob for ISB after a control or address dependency.</summary>
    private static void AddDsbAndIfb(Event[] ev, Sets s, ulong[] lob)
    {
        ulong addrSoFar = 0;
        for (int f = 0; f < ev.Length; f++)
        {
            var e = ev[f];
            if (e.IsMemory)
            {
                addrSoFar |= e.Addr | e.PickAddr;
                continue;
            }
            switch (e.Fence)
            {
                case FenceKind.DsbFull:
                    AddFrom(lob, s.M & s.Before[f], s.M & s.After[f]);
                    break;
                case FenceKind.DsbLd:
                    AddFrom(lob, s.R & s.Before[f] & ~NoRet(ev), s.M & s.After[f]);
                    break;
                case FenceKind.DsbSt:
                    AddFrom(lob, s.W & s.Before[f], s.M & s.After[f]);
                    break;
                case FenceKind.Isb:
                    AddFrom(lob, e.Ctrl | e.PickCtrl | addrSoFar, s.M & s.After[f]);
                    break;
            }
        }
    }

    private static ulong NoRet(Event[] ev)
    {
        ulong m = 0;
        for (int i = 0; i < ev.Length; i++)
        {
            if (ev[i].Has(EventFlags.NoRet))
            {
                m |= 1UL << i;
            }
        }
        return m;
    }

    /// <summary>lmws: an access is ordered before a po-later write to the same location.</summary>
    private static void AddLmws(Event[] ev, Sets s, ulong[] lob)
    {
        for (int i = 0; i < ev.Length; i++)
        {
            if (!ev[i].IsMemory)
            {
                continue;
            }
            foreach (int j in Bits(s.W & s.After[i]))
            {
                if (ev[j].Loc == ev[i].Loc)
                {
                    lob[i] |= 1UL << j;
                }
            }
        }
    }

    private static void Close(ulong[] rel)
    {
        for (int k = 0; k < rel.Length; k++)
        {
            ulong kbit = 1UL << k;
            for (int i = 0; i < rel.Length; i++)
            {
                if ((rel[i] & kbit) != 0)
                {
                    rel[i] |= rel[k];
                }
            }
        }
    }

    /// <summary>Re-indexes a relation over all events to one over the memory events only.</summary>
    private static ulong[] Compress(ThreadTrace trace, ulong[] rel)
    {
        var mem = trace.Memory;
        var position = new int[trace.Events.Length];
        for (int p = 0; p < mem.Length; p++)
        {
            position[mem[p]] = p;
        }
        var result = new ulong[mem.Length];
        for (int p = 0; p < mem.Length; p++)
        {
            foreach (int j in Bits(rel[mem[p]]))
            {
                if (trace.Events[j].IsMemory)
                {
                    result[p] |= 1UL << position[j];
                }
            }
        }
        return result;
    }

    public static IEnumerable<int> Bits(ulong set)
    {
        while (set != 0)
        {
            yield return BitOperations.TrailingZeroCount(set);
            set &= set - 1;
        }
    }
}
