using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Models;
using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore.Promising;

internal sealed partial class ThreadRunner
{
    private const int MaxMessages = Models.Promising.Local.MaxMessages;

    private static ReadOrder ReadOrderOf(Instr ins) =>
        ins.Flags.HasFlag(AccessFlags.Acquire) ? ReadOrder.Acquire
        : ins.Flags.HasFlag(AccessFlags.AcquirePC) ? ReadOrder.AcquirePC
        : ReadOrder.Plain;

    private static WriteOrder WriteOrderOf(Instr ins) =>
        ins.Flags.HasFlag(AccessFlags.Release) ? WriteOrder.Release : WriteOrder.Plain;

    /// <summary>
    /// The timestamps a read may read, copied (the search below reuses the scratch list) into a buffer from
    /// <see cref="buffers"/>, which the caller gives back with <see cref="Recycle"/>.
    /// </summary>
    private (int[] Buffer, int Count, int Newest) Candidates(PromisingThreadState s, int loc, View pre)
    {
        s.L.ReadCandidates(mem, loc, pre, scratch);
        // The candidates ascend from the newest at or below the bound: the last is the location's newest message.
        int newest = scratch[^1];
        // The first candidate is the newest message at or below max(pre-view, Coh): no second scan when that is the pre-view.
        ComparedBelow(loc, pre.S, s.L.Coh[loc] <= pre.S ? scratch[0] : -1);
        var buffer = buffers.TryPop(out var b) ? b : new int[MaxMessages + 1];
        int n = 0;
        foreach (int ts in scratch)
        {
            if (ts < s.AccessBound)
            {
                buffer[n++] = ts;
            }
        }
        return (buffer, n, newest);
    }

    private void Recycle(int[] buffer) => buffers.Push(buffer);

    private bool IsPrivate(int loc) => owners[loc] == tid;

    private void Load(PromisingThreadState s, Instr ins)
    {
        var (loc, _, vloc) = Address(s, ins);
        var ord = ReadOrderOf(ins);
        bool ex = ins.Flags.HasFlag(AccessFlags.Exclusive);
        var pre = s.L.ReadPre(ord, vloc);
        if (!BelowTlbis(s, pre, write: false))
        {
            return;
        }
        Accessed(s, pre.S);
        if (IsPrivate(loc))
        {
            // Only this thread's own last write (or the initial value) can be read.
            var view = s.L.Read(loc, s.L.Coh[loc], ord, ex, noRet: false, vloc, pre);
            s.ExSize = ex ? ins.Size : s.ExSize;
            s.Set(ins.Rd, Alu.Truncate(s.Private[loc], ins.Size), view, ins.Wide);
            s.Pc++;
            Explore(s);
            return;
        }
        var (cands, count, newest) = Candidates(s, loc, pre);
        for (int i = 0; i < count; i++)
        {
            var b = i == count - 1 ? s : Fork(s);
            int ts = cands[i];
            b.ReadOld |= ts != newest;
            var post = b.L.Read(loc, ts, ord, ex, noRet: false, vloc, pre);
            ReadFact(b, ins, loc, ts, pre.S);
            Observe(b, ts);
            b.ExSize = ex ? ins.Size : b.ExSize;
            b.Set(ins.Rd, Alu.Truncate(mem.ValueAt(loc, ts), ins.Size), post, ins.Wide);
            b.Pc++;
            Explore(b);
            Done(s, b);
        }
        Recycle(cands);
    }

    private void Store(PromisingThreadState s, Instr ins)
    {
        var (loc, _, vloc) = Address(s, ins);
        var vval = s.ViewOf(ins.Rn);
        long val = Alu.Truncate(s.Get(ins.Rn), ins.Size);
        var ord = WriteOrderOf(ins);
        bool ex = ins.Flags.HasFlag(AccessFlags.Exclusive);
        var pre = s.L.WritePre(ord, vloc, vval);
        if (!BelowTlbis(s, pre, write: true))
        {
            return;
        }
        // A store-exclusive that fails makes no access (herd has no write event for it): its walk translated nothing.
        var unaccessed = s.Facts;
        Accessed(s, pre.P);
        if (ex && s.ExSize != ins.Size)
        {
            // A store-exclusive of another size than its load-exclusive (a narrow read of the lock): Arm leaves
            // its success CONSTRAINED UNPREDICTABLE; vrm, like its axiomatic model, lets it fail.
            FailExclusive(s, ins, unaccessed);
            return;
        }
        if (IsPrivate(loc))
        {
            if (!ex || s.L.ExBank is { } eb && eb.Loc == loc)
            {
                var b = ex ? Fork(s) : s;
                b.L.PrivateWrite(loc, ord, ex, vloc, vval, pre);
                b.Private[loc] = val;
                if (ex)
                {
                    b.Set(ins.Rd, 0, View.Bot, wide: false);
                }
                b.Pc++;
                Explore(b);
                Done(s, b);
            }
            if (ex)
            {
                FailExclusive(s, ins, unaccessed);
            }
            return;
        }
        if (ex)
        {
            var f = Fork(s);
            FailExclusive(f, ins, unaccessed);
            Done(s, f);
        }
        ForEachWriteSlot(s, ins, loc, val, pre, ex, -1, new Fulfilment(loc, ord, ex, vloc, vval, ins.Rd), consume: true);
    }

    /// <summary>
    /// Runs on from a store-exclusive that fails: status 1 and no access, so the translation facts are those
    /// from before its walk (<paramref name="unaccessed"/>; herd has no write event for it).
    /// </summary>
    private void FailExclusive(PromisingThreadState s, Instr ins, RunFacts? unaccessed)
    {
        s.Facts = unaccessed;
        s.L.WriteFailure();
        s.Set(ins.Rd, 1, View.Bot, wide: false);
        s.Pc++;
        Explore(s);
    }

    /// <summary>
    /// Every timestamp a write may take: one of this thread's matching promises, or (certifying) a new
    /// message at the end of memory. <paramref name="atomicFrom"/> ≥ 0 makes it the write of an atomic whose
    /// read read that timestamp: no other thread may write the location in between. With
    /// <paramref name="consume"/> the caller is done with <paramref name="s"/>, and the last slot takes it
    /// instead of a copy (most writes have one slot; copying the state is most of a run's cost).
    /// </summary>
    private void ForEachWriteSlot(PromisingThreadState s, Instr ins, int loc, long val, View pre, bool ex, int atomicFrom, in Fulfilment fulfil, bool consume)
    {
        // The slots first, so that the last one knows it is the last.
        var slots = buffers.TryPop(out var free) ? free : new int[MaxMessages + 1];
        int n = 0;
        for (int ts = 1; ts <= mem.Count + 1; ts++)
        {
            if (WriteSlot(s, loc, val, pre, ex, atomicFrom, ts))
            {
                slots[n++] = ts;
            }
        }
        for (int i = 0; i < n; i++)
        {
            int ts = slots[i];
            var b = consume && i == n - 1 ? s : Fork(s);
            int count = mem.Count;
            if (ts > count)
            {
                b.LoudWrite |= !Repeats(loc, val);
                AppendFresh(loc, val);
                b.NewWrites++;
            }
            fulfil.Apply(b, ts);
            Fulfilled(b, ts, ins, pre.P, FulfilKind.Explicit);
            b.Pc++;
            Explore(b);
            mem.Truncate(count);
            Done(s, b);
        }
        Recycle(slots);
    }

    /// <summary>The write of a store (or of an atomic, after its read) fulfilling the message at a timestamp.</summary>
    private readonly record struct Fulfilment(int Loc, WriteOrder Ord, bool Ex, View Vloc, View Vval, int Rd)
    {
        public View? AtomicRead { get; init; }

        public bool AcquireRelease { get; init; }

        public long Old { get; init; }

        public View ResultView { get; init; }

        public bool Wide { get; init; }

        public void Apply(PromisingThreadState w, int ts)
        {
            w.L.Fulfil(Loc, ts, Ord, Ex, Vloc, Vval, AtomicRead);
            if (AtomicRead is not null)
            {
                if (AcquireRelease)
                {
                    w.L.AfterAcquireReleaseAtomic(ts);
                }
                w.Set(Rd, Old, ResultView, Wide);
            }
            else if (Ex)
            {
                // The store-exclusive's status register: 0, it succeeded.
                w.Set(Rd, 0, View.Bot, wide: false);
            }
        }
    }

    /// <summary>Timestamp <paramref name="ts"/> (one past the end: a new message) is a slot the write may take.</summary>
    private bool WriteSlot(PromisingThreadState s, int loc, long val, View pre, bool ex, int atomicFrom, int ts)
    {
        if (ts > mem.Count)
        {
            return allowNew && ts < s.AccessBound && s.L.Writable(mem, tid, loc, ts, pre, ex) && (atomicFrom < 0 || Atomic(loc, atomicFrom, ts));
        }
        var m = mem[ts];
        if (m.Loc != loc || m.Val != val || ts >= s.AccessBound || !OwnPromise(s, ts))
        {
            return false;
        }
        if (pre.P >= ts)
        {
            // A write held back by its pre-view: with the two exchanged it could take the promise.
            Compared(ts, pre.P);
        }
        return s.L.Writable(mem, tid, loc, ts, pre, ex) && (atomicFrom < 0 || Atomic(loc, atomicFrom, ts));
    }

    /// <summary>
    /// Promise-and-fulfil during certification: the message is appended at the end of memory, a copy of
    /// <paramref name="s"/> that <paramref name="fulfil"/> prepares runs on with it, and memory shrinks back.
    /// </summary>
    private void ExploreFresh(PromisingThreadState s, int loc, long val, Action<PromisingThreadState, int> fulfil)
    {
        bool loud = !Repeats(loc, val);
        int count = AppendFresh(loc, val);
        var b = Fork(s);
        b.NewWrites++;
        b.LoudWrite |= loud;
        fulfil(b, count + 1);
        Explore(b);
        mem.Truncate(count);
        Done(s, b);
    }

    /// <summary>A new message of <paramref name="val"/> at <paramref name="loc"/> would repeat its newest value (a TLBI message never does).</summary>
    private bool Repeats(int loc, long val) => loc < mem.Init.Length && val == mem.Final(loc);

    /// <summary>Appends a new message of this thread (what it may promise next); returns the count before it.</summary>
    private int AppendFresh(int loc, long val)
    {
        int count = mem.Count;
        if (count >= MaxMessages)
        {
            throw new ExplorationLimitException($"a memory of more than {MaxMessages} messages");
        }
        result.AddNewWrite(loc, val);
        mem.Append(new Msg(loc, val, tid));
        return count;
    }

    /// <summary>Timestamp <paramref name="ts"/> is one of this thread's promises not yet fulfilled.</summary>
    private bool OwnPromise(PromisingThreadState s, int ts) =>
        ts <= MaxMessages && mem[ts].Tid == tid && (s.L.Promises & (UInt128.One << (ts - 1))) != UInt128.Zero;

    /// <summary>
    /// An atomic's write at <paramref name="to"/> after its read at <paramref name="from"/>: no other thread's write
    /// in between; and for an entry this thread's hardware may update, none of its own either (herd's atomic
    /// axiom excuses only the thread's explicit writes, and messages do not say which kind they are).
    /// </summary>
    private bool Atomic(int loc, int from, int to) =>
        mem.Exclusive(tid, loc, from, to) && (!updatesEntries || !isPte[loc] || mem.NoWriteBetween(loc, from, to));

    /// <summary>
    /// SWP, LD&lt;op&gt;, ST&lt;op&gt; and CAS: the paper's atomic read–write pair. The write must follow the read with no
    /// other thread's write to the location in between; a CAS that compares unequal is only a read. With the
    /// zero register as destination the read is NoRet and not an acquire, as in herd.
    /// </summary>
    private void Atomic(PromisingThreadState s, Instr ins)
    {
        var (loc, _, vloc) = Address(s, ins);
        bool cas = ins.Op == Opcode.Cas;
        bool noRet = ins.Rd == Reg.Zero;
        var ordR = noRet || !ins.Flags.HasFlag(AccessFlags.Acquire) ? ReadOrder.Plain : ReadOrder.Acquire;
        var ordW = WriteOrderOf(ins);
        var pre = s.L.ReadPre(ordR, vloc);
        if (!BelowTlbis(s, pre, write: false))
        {
            return;
        }
        Accessed(s, pre.S);
        long expected = Alu.Truncate(s.Get(ins.Rn), ins.Size);
        var rsView = s.ViewOf(ins.Rn);
        long operand = s.Get(ins.Rn);
        // CAS: Rt is the data; Rs reaches the write only through the comparison (a pick dependency).
        var vval = cas ? s.ViewOf(ins.Rm).WithPick(rsView) : s.ViewOf(ins.Rn);
        long casNew = cas ? s.Get(ins.Rm) : 0;
        if (IsPrivate(loc))
        {
            PrivateAtomic(s, ins, loc, vloc, vval, pre, ordR, ordW, noRet, cas, expected, operand, casNew, rsView);
            return;
        }
        var (cands, count, newest) = Candidates(s, loc, pre);
        foreach (int ts in cands.AsSpan(0, count))
        {
            long old = Alu.Truncate(mem.ValueAt(loc, ts), ins.Size);
            if (cas && old != expected)
            {
                var f = Fork(s);
                f.ReadOld |= ts != newest;
                var post = f.L.Read(loc, ts, ordR, ex: false, noRet, vloc, pre);
                ReadFact(f, ins, loc, ts, pre.S);
                Observe(f, ts);
                f.Set(ins.Rd, old, post, ins.Wide);
                f.Pc++;
                Explore(f);
                Done(s, f);
                continue;
            }
            long value = cas ? casNew : Alu.Rmw(ins.Rmw, old, operand, ins.Size);
            // herd builds two executions for a successful CAS: Rs's new value comes from the old Rs or from memory.
            foreach (bool fromRs in cas ? [true, false] : new[] { false })
            {
                var b = Fork(s);
                b.ReadOld |= ts != newest;
                var post = b.L.Read(loc, ts, ordR, ex: false, noRet, vloc, pre);
                ReadFact(b, ins, loc, ts, pre.S);
                Observe(b, ts);
                var wpre = b.L.WritePre(ordW, vloc, vval).Join(post);
                var resultView = fromRs ? rsView.WithPick(post) : post;
                // SWP orders its write after its read; the arithmetic forms pass the value read on as data.
                var wval = cas || ins.Rmw == RmwOp.Swp ? vval : vval.Join(post);
                var fulfil = new Fulfilment(loc, ordW, Ex: false, vloc, wval, ins.Rd)
                {
                    AtomicRead = post,
                    AcquireRelease = ordR == ReadOrder.Acquire && ordW == WriteOrder.Release,
                    Old = old,
                    ResultView = resultView,
                    Wide = ins.Wide,
                };
                ForEachWriteSlot(b, ins, loc, Alu.Truncate(value, ins.Size), wpre, ex: false, atomicFrom: ts, fulfil, consume: true);
                Done(s, b);
            }
        }
        Recycle(cands);
    }

    /// <summary>An atomic on a private location: it reads the thread's own value and writes right after.</summary>
    private void PrivateAtomic(PromisingThreadState s, Instr ins, int loc, View vloc, View vval, View pre, ReadOrder ordR, WriteOrder ordW, bool noRet, bool cas, long expected, long operand, long casNew, View rsView)
    {
        long old = Alu.Truncate(s.Private[loc], ins.Size);
        var post = s.L.Read(loc, s.L.Coh[loc], ordR, ex: false, noRet, vloc, pre);
        if (cas && old != expected)
        {
            s.Set(ins.Rd, old, post, ins.Wide);
            s.Pc++;
            Explore(s);
            return;
        }
        long value = cas ? casNew : Alu.Rmw(ins.Rmw, old, operand, ins.Size);
        var wval = cas || ins.Rmw == RmwOp.Swp ? vval : vval.Join(post);
        foreach (bool fromRs in cas ? [true, false] : new[] { false })
        {
            var b = Fork(s);
            var wpre = b.L.WritePre(ordW, vloc, vval).Join(post);
            b.L.PrivateWrite(loc, ordW, ex: false, vloc, wval, wpre, atomicRead: post);
            b.Private[loc] = Alu.Truncate(value, ins.Size);
            if (ordR == ReadOrder.Acquire && ordW == WriteOrder.Release)
            {
                b.L.AfterAcquireReleaseAtomic(b.L.Coh[loc]);
            }
            b.Set(ins.Rd, old, fromRs ? rsView.WithPick(post) : post, ins.Wide);
            b.Pc++;
            Explore(b);
            Done(s, b);
        }
    }
}
