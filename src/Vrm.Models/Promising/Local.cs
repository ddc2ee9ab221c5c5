namespace Vrm.Models.Promising;

/// <summary>
/// The thread-local state of Promising-Arm (Pulte et al., PLDI 2019; snu-sf/promising-arm Promising.v) with the
/// paper's names, and one method per transition rule. vrm's additions, each needed to match herd's
/// aarch64.cat on instructions the paper does not have, are marked where they occur: the strict/pick pair
/// in every view, <see cref="VroRet"/> for NoRet atomics, and the LSE atomic rules.
/// </summary>
public sealed partial class Local
{
    public Local(int locations, UInt128 promises)
    {
        Coh = new int[locations];
        FwdBank = new FwdItem[locations];
        Promises = promises;
    }

    private Local(Local o)
    {
        Coh = (int[])o.Coh.Clone();
        FwdBank = (FwdItem[])o.FwdBank.Clone();
        AssignViews(o);
    }

    /// <summary>Becomes a copy of <paramref name="o"/> (of the same program) without allocating: searches reuse states.</summary>
    public void CopyFrom(Local o)
    {
        Array.Copy(o.Coh, Coh, Coh.Length);
        Array.Copy(o.FwdBank, FwdBank, FwdBank.Length);
        AssignViews(o);
    }

    /// <summary>A run of the thread starts (from a copy of its initial state) with these messages promised.</summary>
    public void Start(UInt128 promises) => Promises = promises;

    /// <summary>
    /// The first promise no future write can fulfil, or 0: its location's Coh has reached it, or Vwn or Vcap
    /// (which every later write must be above) has; both only grow. A promised hardware update of an entry
    /// (<paramref name="updated"/>: the entries the thread's walks may update, null for none) is bound by
    /// neither Coh nor Vwn; a TLBI (a message past the locations) by Vcap and Vdsb.
    /// </summary>
    public int DeadPromise(PromiseMemory mem, bool[]? updated)
    {
        int floor = Math.Max(Vwn.P, Vcap.P);
        var p = Promises;
        while (p != UInt128.Zero)
        {
            int ts = (int)UInt128.TrailingZeroCount(p) + 1;
            p &= p - 1;
            int loc = mem[ts].Loc;
            bool dead = loc >= Coh.Length ? Vcap.P >= ts || Vdsb >= ts
                : updated is not null && updated[loc] ? Vcap.P >= ts
                : Coh[loc] >= ts || ts <= floor;
            if (dead)
            {
                return ts;
            }
        }
        return 0;
    }

    private void AssignViews(Local o)
    {
        Vrn = o.Vrn;
        Vwn = o.Vwn;
        Vro = o.Vro;
        VroRet = o.VroRet;
        Vwo = o.Vwo;
        Vcap = o.Vcap;
        Vrel = o.Vrel;
        ExBank = o.ExBank;
        Promises = o.Promises;
        Vtr = o.Vtr;
        Vdsb = o.Vdsb;
        Vwalk = o.Vwalk;
        Vtlbi = o.Vtlbi;
        Vhu = o.Vhu;
    }

    /// <summary>Coh: per location, the timestamp of the newest message this thread has read or written.</summary>
    public int[] Coh { get; }

    /// <summary>Vrn / Vwn: lower bounds for later reads / writes (raised by barriers and acquires).</summary>
    public View Vrn { get; private set; }

    public View Vwn { get; private set; }

    /// <summary>Vro / Vwo: the join of all reads / writes so far.</summary>
    public View Vro { get; private set; }

    /// <summary>Vro restricted to reads that return a value: herd's DMB.LD does not order NoRet atomics.</summary>
    public View VroRet { get; private set; }

    public View Vwo { get; private set; }

    /// <summary>Vcap: address and control dependencies, which order later writes (and everything after an ISB).</summary>
    public View Vcap { get; private set; }

    /// <summary>Vrel: the last release write, which later acquire reads are ordered after.</summary>
    public View Vrel { get; private set; }

    public FwdItem[] FwdBank { get; }

    public ExBank? ExBank { get; private set; }

    /// <summary>Promises: the timestamps (bit ts-1) of this thread's messages not yet fulfilled.</summary>
    public UInt128 Promises { get; private set; }

    /// <summary>Promises are a 128-bit set: one memory holds at most this many messages.</summary>
    public const int MaxMessages = 128;

    public Local Clone() => new(this);

    /// <summary>The view a read must respect: its address, Vrn, and Vrel for an acquire.</summary>
    public View ReadPre(ReadOrder ord, View vloc) =>
        vloc.Join(Vrn).Join(ord == ReadOrder.Acquire ? Vrel : View.Bot);

    /// <summary>The timestamps a read of <paramref name="loc"/> may read: Coh ≤ ts and no newer message up to the pre-view.</summary>
    public void ReadCandidates(PromiseMemory mem, int loc, View pre, List<int> into)
    {
        into.Clear();
        int bound = Math.Max(pre.S, Coh[loc]);
        into.Add(mem.LatestAtOrBelow(loc, bound));
        for (int ts = bound + 1; ts <= mem.Count; ts++)
        {
            if (mem[ts].Loc == loc)
            {
                into.Add(ts);
            }
        }
    }

    /// <summary>The read rule; returns the view of the value read.</summary>
    public View Read(int loc, int ts, ReadOrder ord, bool ex, bool noRet, View vloc, View pre)
    {
        var fwd = FwdBank[loc];
        var viewMsg = fwd.Ts != ts ? View.At(ts)
            : fwd.Ex && ord >= ReadOrder.AcquirePC ? fwd.AcquireView
            : fwd.View;
        var post = pre.Join(viewMsg);
        Coh[loc] = ts;
        if (ord >= ReadOrder.AcquirePC)
        {
            Vrn = Vrn.Join(post);
            Vwn = Vwn.Join(post);
        }
        Vro = Vro.Join(post);
        if (!noRet)
        {
            VroRet = VroRet.Join(post);
        }
        Vcap = Vcap.Join(vloc);
        if (ex)
        {
            ExBank = new ExBank(loc, ts, post);
        }
        return post;
    }

    /// <summary>The view a write must be above: address, data, Vcap, Vwn, and everything before a release.</summary>
    public View WritePre(WriteOrder ord, View vloc, View vval) =>
        vloc.Join(vval).Join(Vcap).Join(Vwn).Join(ord == WriteOrder.Release ? Vro.Join(Vwo) : View.Bot);

    /// <summary>writable: the conditions for writing at timestamp <paramref name="ts"/> (ex: a paired store-exclusive).</summary>
    public bool Writable(PromiseMemory mem, int tid, int loc, int ts, View pre, bool ex)
    {
        if (Coh[loc] >= ts || pre.P >= ts)
        {
            return false;
        }
        if (!ex)
        {
            return true;
        }
        // herd pairs a store-exclusive only with a load-exclusive of the same location.
        return ExBank is { } eb && eb.Loc == loc && mem.Exclusive(tid, loc, eb.Ts, ts);
    }

    /// <summary>
    /// The fulfil rule: the write takes timestamp <paramref name="ts"/>, one of this thread's promises (or a new
    /// message during certification). <paramref name="atomicRead"/> is the view of the read of an LSE atomic
    /// whose write this is (null otherwise): like a store-exclusive's it reaches later acquire reads of the
    /// location, but the exclusive bank is left alone.
    /// </summary>
    public void Fulfil(int loc, int ts, WriteOrder ord, bool ex, View vloc, View vval, View? atomicRead = null)
    {
        Record(loc, ts, ord, ex, vloc, vval, atomicRead);
        if (ts <= MaxMessages)
        {
            Promises &= ~(UInt128.One << (ts - 1));
        }
    }

    /// <summary>
    /// A write to a location no other thread can access: no message and no promise. It takes the lowest
    /// place it may have, just above its pre-view and the location's last write; views record that place's
    /// integer part, which compares with real timestamps exactly as the place itself would.
    /// </summary>
    public void PrivateWrite(int loc, WriteOrder ord, bool ex, View vloc, View vval, View pre, View? atomicRead = null) =>
        Record(loc, Math.Max(pre.P, Coh[loc]), ord, ex, vloc, vval, atomicRead);

    /// <summary>What every write does to the local state, at timestamp <paramref name="ts"/>.</summary>
    private void Record(int loc, int ts, WriteOrder ord, bool ex, View vloc, View vval, View? atomicRead)
    {
        var pairRead = atomicRead ?? (ex && ExBank is { } eb ? eb.View : View.Bot);
        Coh[loc] = ts;
        Vwo = Vwo.Join(View.At(ts));
        Vcap = Vcap.Join(vloc);
        if (ord == WriteOrder.Release)
        {
            Vrel = Vrel.Join(View.At(ts));
        }
        var fwd = vloc.Join(vval);
        FwdBank[loc] = new FwdItem(ts, fwd, ex || atomicRead is not null, fwd.Join(pairRead));
        if (ex)
        {
            ExBank = null;
        }
    }

    /// <summary>write_failure: a store-exclusive fails and the exclusive bank is emptied.</summary>
    public void WriteFailure() => ExBank = null;

    /// <summary>CLREX: the exclusive monitor is cleared, so the next store-exclusive fails.</summary>
    public void ClearExclusive() => ExBank = null;

    /// <summary>dmb (and dsb, the same for memory ordering): full is rr+rw+wr+ww, LD is rr+rw, ST is ww.</summary>
    public void Dmb(Vrm.Programs.FenceKind kind)
    {
        switch (kind)
        {
            case Vrm.Programs.FenceKind.DmbFull or Vrm.Programs.FenceKind.DsbFull:
                var all = Vro.Join(Vwo);
                Vrn = Vrn.Join(all);
                Vwn = Vwn.Join(all);
                break;
            case Vrm.Programs.FenceKind.DmbLd or Vrm.Programs.FenceKind.DsbLd:
                // DMB.LD orders only reads that return a value: herd leaves NoRet atomics out.
                Vrn = Vrn.Join(VroRet);
                Vwn = Vwn.Join(VroRet);
                break;
            case Vrm.Programs.FenceKind.DmbSt or Vrm.Programs.FenceKind.DsbSt:
                Vwn = Vwn.Join(Vwo);
                break;
        }
    }

    /// <summary>isb: later reads are ordered after every address and control dependency so far, pick ones included.</summary>
    public void Isb() => Vrn = Vrn.Join(new View(Vcap.P, Vcap.P));

    /// <summary>control: a conditional branch on a value with this view.</summary>
    public void Control(View ctrl) => Vcap = Vcap.Join(ctrl);

    /// <summary>
    /// LSE atomics with acquire and release (SWPAL...) order everything after them after their write, as herd's
    /// bob does for <c>[range([R &amp; A]; amo; [W &amp; L])]; po</c>.
    /// </summary>
    public void AfterAcquireReleaseAtomic(int ts)
    {
        Vrn = Vrn.Join(View.At(ts));
        Vwn = Vwn.Join(View.At(ts));
    }
}
