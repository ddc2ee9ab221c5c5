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

    /// <param name="ets2">FEAT_ETS2: DSB-ob also orders walks, and ets-ob orders a walk that faults uncacheably after earlier explicit accesses.</param>
    public static ulong[] Of(ThreadTrace trace, bool ets2 = false)
    {
        if (trace.LocalOrder is { } cached)
        {
            return cached;
        }
        var ev = trace.Events;
        int n = ev.Length;
        if (n > MaxEvents)
        {
            throw new ExplorationLimitException($"a thread has {n} events; the axiomatic model handles at most {MaxEvents} per thread");
        }
        var lob = Lob(trace, ets2, named: false, out var s, out var dsb, out var ifb)[0].Pairs;
        Close(lob);
        var hw = (ulong[])lob.Clone();
        for (int k = 0; k < n; k++)
        {
            var e = ev[k];
            if (!e.IsOrdered)
            {
                continue;
            }
            ulong reach = lob[k] & s.ExpW;
            if (reach == 0)
            {
                continue;
            }
            // pick-lob = pick-dep; lob; [Exp & W]: a read that reaches k through pick-dtrm orders k's lob-later writes.
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
        var tlbi = new ulong[n];
        foreach (int t in Bits(s.Tlbi))
        {
            tlbi[t] = (dsb[t] | ifb[t]) & s.Ordered;
        }
        trace.TlbiOrder = Compress(trace, tlbi);
        trace.LocalOrder = result;
        return result;
    }

    /// <summary>
    /// The parts of lob by their cat names, over the trace's <see cref="ThreadTrace.Memory"/> positions, unclosed:
    /// what a report labels the steps of a locally-ordered-before edge with. Computed anew on each call.
    /// </summary>
    public static IReadOnlyList<(string Name, ulong[] Pairs)> Parts(ThreadTrace trace, bool ets2 = false) =>
        [.. Lob(trace, ets2, named: true, out _, out _, out _).Select(p => (p.Name, Compress(trace, p.Pairs)))];

    /// <summary>
    /// lob's parts over all the trace's events; <paramref name="dsb"/> and <paramref name="ifb"/> include fences,
    /// for TLBI-ob. Unless <paramref name="named"/>, every part is one and the same array: their union, which is
    /// all the model needs, made without allocating a part each time a trace is met.
    /// </summary>
    private static List<(string Name, ulong[] Pairs)> Lob(ThreadTrace trace, bool ets2, bool named, out Sets s, out ulong[] dsb, out ulong[] ifb)
    {
        var ev = trace.Events;
        int n = ev.Length;
        if (n > MaxEvents)
        {
            throw new NotSupportedException($"a thread has {n} events; the axiomatic model handles at most {MaxEvents} per thread");
        }
        s = new Sets(ev);
        var union = new ulong[n];
        ulong[] New() => named ? new ulong[n] : union;
        var (dob, pob, aob, bob, trib, ets, lmws) = (New(), New(), New(), New(), New(), New(), New());
        AddDob(ev, s, dob);
        AddPob(ev, s, pob);
        AddAob(ev, s, aob);
        AddBob(ev, s, bob);
        dsb = DsbOb(ev, s, ets2);
        ifb = IfbOb(ev, s, dsb);
        var (dsbOb, ifbOb) = (New(), New());
        for (int i = 0; i < n; i++)
        {
            dsbOb[i] |= dsb[i] & s.Ordered;
            ifbOb[i] |= ifb[i] & s.Ordered;
        }
        AddTranslationOrder(ev, s, trib, dob);
        if (ets2)
        {
            AddEtsOb(ev, s, ets);
        }
        AddLmws(ev, s, lmws);
        return [("dob", dob), ("pob", pob), ("aob", aob), ("bob", bob), ("DSB-ob", dsbOb), ("IFB-ob", ifbOb), ("tr-ib", trib), ("ets-ob", ets), ("lmws", lmws)];
    }

    /// <summary>
    /// Masks of the sets the cat file names, over one trace's events: Exp (explicit accesses), the walks
    /// (Imp &amp; TTD &amp; R) and hardware updates (HU) of page-table programs, faults, TLBIs, and IFB
    /// (ISB, exception entry to a handler, exception return).
    /// </summary>
    private sealed class Sets
    {
        public readonly ulong R, W, M, All, ExpR, ExpW, ExpM, Walk, HU, Fault, Tlbi, Ifb, Ordered, NoRet;
        public readonly ulong[] Before, After;

        public Sets(Event[] ev)
        {
            int n = ev.Length;
            All = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
            Before = new ulong[n];
            After = new ulong[n];
            for (int i = 0; i < n; i++)
            {
                var e = ev[i];
                ulong bit = 1UL << i;
                R |= e.IsRead ? bit : 0;
                W |= e.IsWrite ? bit : 0;
                ExpR |= e.IsRead && e.IsExplicit ? bit : 0;
                ExpW |= e.IsWrite && e.IsExplicit ? bit : 0;
                Walk |= e.IsWalk ? bit : 0;
                HU |= e.IsUpdate ? bit : 0;
                Fault |= e.Kind == EventKind.Fault ? bit : 0;
                Tlbi |= e.Kind == EventKind.Tlbi ? bit : 0;
                Ifb |= (e.Kind == EventKind.Fence && e.Fence == FenceKind.Isb) || e.Has(EventFlags.Handled) ? bit : 0;
                Ordered |= e.IsOrdered ? bit : 0;
                NoRet |= e.Has(EventFlags.NoRet) ? bit : 0;
            }
            M = R | W;
            ExpM = ExpR | ExpW;
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

        /// <summary>The events of the instruction that made event <paramref name="i"/>.</summary>
        public ulong Instance(int i) => All & ~Before[i] & ~After[i];
    }

    private static void AddFrom(ulong[] rel, ulong sources, ulong targets)
    {
        foreach (int r in Bits(sources))
        {
            rel[r] |= targets;
        }
    }

    /// <summary>
    /// dob: addr (to explicit accesses, walks, HU and TLBIs), data, ctrl;[Exp W | HU | TLBI],
    /// addr;[Exp M];po;[Exp W | HU], (addr|data);[Exp M];lmrs;[Exp R].
    /// </summary>
    private static void AddDob(Event[] ev, Sets s, ulong[] lob)
    {
        for (int j = 0; j < ev.Length; j++)
        {
            var e = ev[j];
            ulong bit = 1UL << j;
            if (!e.IsOrdered)
            {
                continue;
            }
            AddFrom(lob, e.Addr, bit);
            if (s.Is(s.ExpM, j))
            {
                AddFrom(lob, e.Addr, (s.ExpW | s.HU) & s.After[j]);
            }
            if (s.Is(s.ExpW | s.HU | s.Tlbi, j))
            {
                AddFrom(lob, e.Ctrl, bit);
            }
            if (s.Is(s.ExpW, j))
            {
                AddFrom(lob, e.Data, bit);
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
            ulong bit = 1UL << j;
            if (s.Is(s.ExpM, j))
            {
                AddFrom(lob, e.PickAddr, (s.ExpW | s.HU) & s.After[j]);
            }
            if (s.Is(s.ExpW, j))
            {
                AddFrom(lob, e.PickAddr | e.PickData | e.PickCtrl, bit);
            }
            else if (s.Is(s.HU | s.Tlbi, j))
            {
                AddFrom(lob, e.PickAddr | e.PickCtrl, bit);
            }
        }
    }

    /// <summary>aob: rmw (explicit pairs, and a walk with its hardware update), and rmw;lmrs;[A|Q].</summary>
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
            for (int k = w + 1; k < ev.Length && !ev[r].IsWalk; k++)
            {
                if (ev[k].Lmrs == w && ev[k].Has(EventFlags.Acquire | EventFlags.AcquirePC))
                {
                    lob[r] |= 1UL << k;
                }
            }
        }
    }

    /// <summary>bob: the DMB cases and the acquire/release cases; their targets include MMU faults.</summary>
    private static void AddBob(Event[] ev, Sets s, ulong[] lob)
    {
        ulong rAcq = 0, rAcqAny = 0, wRel = 0;
        for (int i = 0; i < ev.Length; i++)
        {
            var e = ev[i];
            ulong bit = 1UL << i;
            if (s.Is(s.ExpR, i) && e.Has(EventFlags.Acquire))
            {
                rAcq |= bit;
            }
            if (s.Is(s.ExpR, i) && e.Has(EventFlags.Acquire | EventFlags.AcquirePC))
            {
                rAcqAny |= bit;
            }
            if (s.Is(s.ExpW, i) && e.Has(EventFlags.Release))
            {
                wRel |= bit;
            }
        }
        ulong mf = s.ExpM | s.Fault;
        for (int f = 0; f < ev.Length; f++)
        {
            var e = ev[f];
            if (e.Kind == EventKind.Fence)
            {
                switch (e.Fence)
                {
                    case FenceKind.DmbFull:
                        AddFrom(lob, s.ExpM & s.Before[f], mf & s.After[f]);
                        break;
                    case FenceKind.DmbLd:
                        AddFrom(lob, s.ExpR & ~s.NoRet & s.Before[f], mf & s.After[f]);
                        break;
                    case FenceKind.DmbSt:
                        AddFrom(lob, s.ExpW & s.Before[f], (s.ExpW | s.Fault) & s.After[f]);
                        break;
                }
                continue;
            }
            ulong bit = 1UL << f;
            if (s.Is(wRel, f))
            {
                lob[f] |= rAcq & s.After[f];
                AddFrom(lob, s.ExpM & s.Before[f], bit);
                // The write of an acquire-release atomic orders everything after it.
                int r = f > 0 && ev[f - 1].RmwWrite == f && ev[f - 1].Instance == e.Instance && e.Has(EventFlags.Atomic) ? f - 1 : -1;
                if (r >= 0 && s.Is(rAcq, r))
                {
                    lob[f] |= mf & s.After[f];
                }
            }
            if (s.Is(rAcqAny, f))
            {
                lob[f] |= mf & s.After[f];
            }
        }
    }

    /// <summary>
    /// DSB-ob over all events, fences included (so that DSB-ob;[IFB] can be followed): what a DSB orders
    /// before it (all memory accesses and TLBIs for a full DSB) is ordered before everything po-after it
    /// except walks and hardware updates, which a DSB alone does not order (without ETS2).
    /// </summary>
    private static ulong[] DsbOb(Event[] ev, Sets s, bool ets2)
    {
        var dsb = new ulong[ev.Length];
        for (int f = 0; f < ev.Length; f++)
        {
            var e = ev[f];
            if (e.Kind != EventKind.Fence)
            {
                continue;
            }
            ulong sources = e.Fence switch
            {
                FenceKind.DsbFull => s.M | s.Tlbi,
                FenceKind.DsbLd => s.ExpR & ~s.NoRet,
                FenceKind.DsbSt => s.ExpW,
                _ => 0,
            };
            AddFrom(dsb, sources & s.Before[f], ets2 ? s.After[f] : s.After[f] & ~(s.Walk | s.HU));
        }
        return dsb;
    }

    /// <summary>
    /// IFB-ob: an ISB, an exception entry to a handler or an exception return orders everything po-after it
    /// (walks included) after: reads it depends on by control, reads that reach an earlier explicit access's
    /// address, what DSB-ob orders before it, and walks of earlier accesses (and of the fault it is).
    /// </summary>
    private static ulong[] IfbOb(Event[] ev, Sets s, ulong[] dsb)
    {
        var ifb = new ulong[ev.Length];
        foreach (int f in Bits(s.Ifb))
        {
            ulong sources = ev[f].Ctrl | ev[f].PickCtrl;
            foreach (int j in Bits(s.Before[f] & s.Ordered))
            {
                if (s.Is(s.ExpM, j))
                {
                    sources |= ev[j].Addr | ev[j].PickAddr;
                }
                if (s.Is(s.Walk, j) && (s.Instance(j) & s.ExpM) != 0)
                {
                    sources |= 1UL << j;
                }
            }
            for (int a = 0; a < ev.Length; a++)
            {
                if ((dsb[a] & (1UL << f)) != 0)
                {
                    sources |= 1UL << a;
                }
            }
            foreach (int w in Bits(s.Instance(f) & s.Walk))
            {
                sources |= (1UL << w) | ev[w].PickAddr;
            }
            AddFrom(ifb, sources, s.After[f]);
        }
        return ifb;
    }

    /// <summary>
    /// tr-ib: a walk is ordered before its access or fault (and, level by level, before the walk's later levels);
    /// and dob's [TTD R];tr-ib;[Exp M];po;[Exp W | HU].
    /// </summary>
    private static void AddTranslationOrder(Event[] ev, Sets s, ulong[] trib, ulong[] dob)
    {
        foreach (int w in Bits(s.Walk))
        {
            ulong access = s.Instance(w) & (s.ExpM | s.Fault);
            // A deeper walk reads each level at the address the level above gave: the later levels depend on it.
            ulong laterLevels = s.Instance(w) & s.Walk & ~((2UL << w) - 1);
            trib[w] |= access | laterLevels;
            if ((access & s.ExpM) != 0)
            {
                dob[w] |= (s.ExpW | s.HU) & s.After[w];
            }
        }
    }

    /// <summary>ets-ob (ETS2): explicit accesses are ordered before the walk of a later translation or access-flag fault.</summary>
    private static void AddEtsOb(Event[] ev, Sets s, ulong[] lob)
    {
        foreach (int f in Bits(s.Fault))
        {
            if (FaultValue.Decode(ev[f].Value).Kind is not (FaultKind.Translation or FaultKind.AccessFlag))
            {
                continue;
            }
            ulong walks = s.Instance(f) & s.Walk;
            AddFrom(lob, s.ExpM & s.Before[f], walks);
        }
    }

    /// <summary>lmws: an explicit access is ordered before a po-later explicit write to its location; a walk also before a later HU.</summary>
    private static void AddLmws(Event[] ev, Sets s, ulong[] lob)
    {
        for (int i = 0; i < ev.Length; i++)
        {
            ulong targets = s.Is(s.ExpM, i) ? s.ExpW : s.Is(s.Walk, i) ? s.ExpW | s.HU : 0;
            foreach (int j in Bits(targets & s.After[i]))
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
                if (trace.Events[j].IsOrdered)
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
