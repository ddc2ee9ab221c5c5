using Vrm.Explore.Stepping;
using Vrm.Models;
using Vrm.Models.Executions;
using Vrm.Programs;

namespace Vrm.Explore.Traces;

internal sealed partial class TraceEnumerator
{
    private const int MaxEventsPerThread = 64;

    /// <summary>The offset of an address in its 4 KiB page: with the location, where a physical address points.</summary>
    private const long PageOffsetMask = 0xFFF;

    /// <summary>
    /// Resolves an access's address to a location (in a page-table program, the one its translation chose),
    /// with what the address depends on, and writes the base register back.
    /// </summary>
    private (int Loc, int Offset, long Address, ulong Taint, ulong Pick) Resolve(ThreadState s, Instr ins)
    {
        var (address, (taint, pick)) = Addressing.WithWriteback(s, ins);
        var (loc, offset) = s.Translated >= 0 ? (s.Translated, 0) : widths.Resolve(address);
        s.Translated = -1;
        if (loc < 0)
        {
            throw OutOfBounds(ins, address);
        }
        widths.Check(ins, loc, offset);
        return (loc, offset, address, taint, pick);
    }

    private int AddEvent(ThreadState s, Event e, ulong reachStrict, ulong reachPick)
    {
        if (s.Events.Count >= MaxEventsPerThread)
        {
            throw new ExplorationLimitException($"thread P{thread} has more than {MaxEventsPerThread} events on one path");
        }
        s.Events.Add(e);
        s.Reach.Add((reachStrict, reachPick | reachStrict));
        return s.Events.Count - 1;
    }

    /// <summary>What a read inherits through herd's lmrs: everything that reached the last same-location write of this thread.</summary>
    private static (int Lmrs, ulong Strict, ulong Pick) Forwarded(ThreadState s, int loc)
    {
        int w = s.LastWrite[loc];
        return w < 0 ? (-1, 0, 0) : (w, s.Reach[w].Strict, s.Reach[w].Pick);
    }

    /// <summary>What every access event records: its kind, location, value, instruction and dependencies so far.</summary>
    private static Event Access(ThreadState s, Instr ins, EventKind kind, EventFlags flags, int loc, long value, ulong addrT, ulong addrP) => new()
    {
        Kind = kind,
        Flags = flags,
        Loc = loc,
        Value = value,
        Instance = s.Instances,
        Instr = ins,
        Addr = addrT,
        PickAddr = addrP,
        Ctrl = s.CtrlTaint,
        PickCtrl = s.CtrlPick,
    };

    private int AddRead(ThreadState s, Instr ins, int loc, long value, EventFlags flags, ulong addrT, ulong addrP)
    {
        var (lmrs, inT, inP) = Forwarded(s, loc);
        ulong self = 1UL << s.Events.Count;
        var e = Access(s, ins, EventKind.Read, flags, loc, value, addrT, addrP) with { PickIn = addrP | inP, Lmrs = lmrs };
        return AddEvent(s, e, self | addrT | inT, self | addrP | inP);
    }

    private int AddWrite(ThreadState s, Instr ins, int loc, long value, EventFlags flags, ulong addrT, ulong addrP, ulong dataT, ulong dataP, ulong extraT = 0, ulong extraP = 0)
    {
        value = Alu.Truncate(value, ins.Size);
        Written[loc].Add(value);
        var e = Access(s, ins, EventKind.Write, flags, loc, value, addrT, addrP) with { Data = dataT, PickData = dataP, PickIn = addrP | dataP | extraP };
        int index = AddEvent(s, e, addrT | dataT | extraT, addrP | dataP | extraP);
        s.LastWrite[loc] = index;
        s.Writes++;
        return index;
    }

    private static EventFlags ReadFlags(Instr ins) =>
        (ins.Flags.HasFlag(AccessFlags.Acquire) ? EventFlags.Acquire : 0)
        | (ins.Flags.HasFlag(AccessFlags.AcquirePC) ? EventFlags.AcquirePC : 0)
        | (ins.Flags.HasFlag(AccessFlags.Exclusive) ? EventFlags.Exclusive : 0);

    private static EventFlags WriteFlags(Instr ins) =>
        (ins.Flags.HasFlag(AccessFlags.Release) ? EventFlags.Release : 0)
        | (ins.Flags.HasFlag(AccessFlags.Exclusive) ? EventFlags.Exclusive : 0);

    /// <summary>Runs the rest of the path once per value the read may return.</summary>
    private void ForEachValue(ThreadState s, int loc, Action<ThreadState, long> step)
    {
        var values = domain[loc];
        for (int i = 0; i < values.Count; i++)
        {
            var branch = i == values.Count - 1 ? s : s.Clone();
            step(branch, values[i]);
            branch.Instances++;
            branch.Pc++;
            Execute(branch);
        }
    }

    private void Load(ThreadState s, Instr ins)
    {
        var (loc, _, address, addrT, addrP) = Resolve(s, ins);
        ForEachValue(s, loc, (b, value) =>
        {
            // A narrow read reads the whole location (one write); the register gets the low bytes.
            int r = AddRead(b, ins, loc, value, ReadFlags(ins), addrT, addrP);
            if (ins.Flags.HasFlag(AccessFlags.Exclusive))
            {
                b.Reserved = (loc, address & PageOffsetMask);
                b.ReservedSize = ins.Size;
                b.LastExclusive = r;
            }
            b.Set(ins.Rd, Alu.Truncate(value, ins.Size), b.Reach[r].Strict, b.Reach[r].Pick, ins.Wide);
        });
    }

    private void Store(ThreadState s, Instr ins)
    {
        var (loc, _, _, addrT, addrP) = Resolve(s, ins);
        AddWrite(s, ins, loc, s.Get(ins.Rn), WriteFlags(ins), addrT, addrP, s.TaintOf(ins.Rn), s.PickOf(ins.Rn));
    }

    /// <summary>
    /// A store-exclusive may always fail; it may succeed only after a load-exclusive of the same physical
    /// address and size on this path (herd's reservation), and either way the reservation is gone afterwards.
    /// In a page-table program the two may translate one virtual address through different entries (another
    /// thread rewrote it in between): the pair is then at two locations, and herd's store fails.
    /// </summary>
    private void StoreExclusive(ThreadState s, Instr ins)
    {
        var (loc, _, address, addrT, addrP) = Resolve(s, ins);
        bool canSucceed = s.Reserved == (loc, address & PageOffsetMask) && s.ReservedSize == ins.Size;
        s.Reserved = null;
        if (canSucceed)
        {
            var ok = s.Clone();
            int w = AddWrite(ok, ins, loc, ok.Get(ins.Rn), WriteFlags(ins), addrT, addrP, ok.TaintOf(ins.Rn), ok.PickOf(ins.Rn));
            if (ok.LastExclusive >= 0 && ok.Events[ok.LastExclusive].IsRead)
            {
                ok.Events[ok.LastExclusive] = ok.Events[ok.LastExclusive] with { RmwWrite = w };
            }
            ok.LastExclusive = w;
            ok.Set(ins.Rd, 0, 0, 0, wide: false);
            ok.Instances++;
            ok.Pc++;
            Execute(ok);
        }
        s.Set(ins.Rd, 1, 0, 0, wide: false);
        s.Instances++;
        s.Pc++;
        Execute(s);
    }

    /// <summary>
    /// SWP and LD&lt;op&gt;: an atomic read and write. With the zero register as destination the read is NoRet and
    /// loses its acquire, as in herd.
    /// </summary>
    private void Rmw(ThreadState s, Instr ins)
    {
        var (loc, _, _, addrT, addrP) = Resolve(s, ins);
        bool noRet = ins.Rd == Reg.Zero;
        var readFlags = EventFlags.Atomic | (noRet ? EventFlags.NoRet : ReadFlags(ins));
        long operand = s.Get(ins.Rn);
        ulong opT = s.TaintOf(ins.Rn), opP = s.PickOf(ins.Rn);
        ForEachValue(s, loc, (b, old) =>
        {
            old = Alu.Truncate(old, ins.Size);
            int r = AddRead(b, ins, loc, old, readFlags, addrT, addrP);
            var (rT, rP) = b.Reach[r];
            // SWP orders its write after its read (iico_order); the arithmetic forms pass the value on (iico_data).
            bool flows = ins.Rmw != RmwOp.Swp;
            int w = AddWrite(b, ins, loc, Alu.Rmw(ins.Rmw, old, operand, ins.Size), EventFlags.Atomic | WriteFlags(ins), addrT, addrP, opT, opP, flows ? rT : 0, flows ? rP : 0);
            b.Events[r] = b.Events[r] with { RmwWrite = w };
            b.Set(ins.Rd, old, rT, rP, ins.Wide);
        });
    }

    /// <summary>
    /// CAS: a read, then a write only when the value equals Rs. herd builds two executions for a successful
    /// CAS, taking Rs's new value either from the old Rs or from memory, so both are enumerated; a failing
    /// CAS is a plain (non-atomic) read.
    /// </summary>
    private void Cas(ThreadState s, Instr ins)
    {
        var (loc, _, _, addrT, addrP) = Resolve(s, ins);
        bool noRet = ins.Rd == Reg.Zero;
        long expected = Alu.Truncate(s.Get(ins.Rn), ins.Size);
        ulong rsT = s.TaintOf(ins.Rn), rsP = s.PickOf(ins.Rn);
        long newValue = s.Get(ins.Rm);
        ulong rtT = s.TaintOf(ins.Rm), rtP = s.PickOf(ins.Rm);
        var values = domain[loc];
        for (int i = 0; i < values.Count; i++)
        {
            long old = Alu.Truncate(values[i], ins.Size);
            if (old != expected)
            {
                var b = s.Clone();
                int r = AddRead(b, ins, loc, old, noRet ? EventFlags.NoRet : ReadFlags(ins), addrT, addrP);
                b.Set(ins.Rd, old, b.Reach[r].Strict, b.Reach[r].Pick, ins.Wide);
                b.Instances++;
                b.Pc++;
                Execute(b);
                continue;
            }
            foreach (bool fromRs in new[] { true, false })
            {
                var b = s.Clone();
                int r = AddRead(b, ins, loc, old, EventFlags.Atomic | (noRet ? EventFlags.NoRet : ReadFlags(ins)), addrT, addrP);
                var (rT, rP) = b.Reach[r];
                // Rs and the value read reach the write only through the comparison's intra-instruction control.
                int w = AddWrite(b, ins, loc, newValue, EventFlags.Atomic | WriteFlags(ins), addrT, addrP, rtT, rtP | rsP, 0, rsP | rP);
                b.Events[r] = b.Events[r] with { RmwWrite = w };
                if (fromRs)
                {
                    b.Set(ins.Rd, old, rsT, rsP | rP, ins.Wide);
                }
                else
                {
                    b.Set(ins.Rd, old, rT, rP, ins.Wide);
                }
                b.Instances++;
                b.Pc++;
                Execute(b);
            }
        }
    }
}
