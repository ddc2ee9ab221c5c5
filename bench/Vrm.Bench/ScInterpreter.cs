using Vrm.Programs;
using IrProgram = Vrm.Programs.Program;

namespace Vrm.Bench;

/// <summary>What a thread of the brute-force interpreter is doing.</summary>
public enum BfStatus { Running, Finished, Await, Assumed, Bound, Failed }

/// <summary>One thread: registers, program counter, loop counters and the write count await loops compare.</summary>
public sealed class BfThread
{
    public required int Id;
    public required int Template;
    public required long[] Regs;
    public required int[] LoopCount;
    public required int[] HeadWrites;
    public int Pc;
    public int Local;
    public int Writes;
    public BfStatus Status;

    public BfThread Clone() => new()
    {
        Id = Id,
        Template = Template,
        Regs = (long[])Regs.Clone(),
        LoopCount = (int[])LoopCount.Clone(),
        HeadWrites = (int[])HeadWrites.Clone(),
        Pc = Pc,
        Local = Local,
        Writes = Writes,
        Status = Status,
    };
}

/// <summary>
/// A state of the SC machine, with the Mazurkiewicz trace of the path that reached it as an
/// order-independent 128-bit hash: the sum over events of a hash of (thread, local index, location,
/// the write it read from, its place in its location's coherence order). Two paths have the same sum
/// exactly when they have the same events, reads-from and coherence (up to hash collisions).
/// </summary>
public sealed class BfState
{
    public required long[] Mem;
    public required List<BfThread> Threads;

    /// <summary>Per location, the last write's id ((thread &lt;&lt; 24) | local, or -1 for the initial value) and the number of writes so far.</summary>
    public required long[] LastWriter;
    public required int[] CoCount;
    public ulong H1, H2;
    public string? Failure;

    public BfState CloneFor(int t)
    {
        var threads = new List<BfThread>(Threads);
        threads[t] = Threads[t].Clone();
        return new BfState
        {
            Mem = (long[])Mem.Clone(),
            Threads = threads,
            LastWriter = (long[])LastWriter.Clone(),
            CoCount = (int[])CoCount.Clone(),
            H1 = H1,
            H2 = H2,
        };
    }
}

/// <summary>
/// A small interpreter of the thread IR the C lowering emits, written for the benchmark independently of
/// the explorers in src/: every interleaving of visible events (loads, stores, read-modify-writes, CAS,
/// spawn, join) under sequential consistency. After a visible event a thread runs its local instructions
/// (register operations, fences, branches, assertions, assumptions) up to its next visible event. An await
/// loop's back edge taken after an iteration that wrote nothing blocks the thread for good (a store counts
/// as a write, a read-modify-write or CAS only when it changes the value, as in DporState.Step.cs); any
/// other backward branch taken more than <c>unroll</c> times cuts the run.
/// </summary>
public sealed class ScInterpreter
{
    private const int FlagN = 8, FlagZ = 4, FlagC = 2, FlagV = 1;

    private readonly IrProgram program;
    private readonly int unroll;
    private readonly bool[][] awaitHeads;

    public ScInterpreter(IrProgram program, int unroll)
    {
        this.program = program;
        this.unroll = unroll;
        awaitHeads = [.. program.Threads.Select(t =>
        {
            var heads = new bool[t.Code.Length + 1];
            foreach (var ins in t.Code)
            {
                if (ins.Await && ins.Target >= 0)
                {
                    heads[ins.Target] = true;
                }
            }
            return heads;
        })];
    }

    public BfState Initial()
    {
        int n = program.Locations.Count;
        var mem = new long[n];
        for (int i = 0; i < n; i++)
        {
            mem[i] = Truncate(program.InitMemory[i], program.SizeOf(i));
        }
        var state = new BfState { Mem = mem, Threads = [], LastWriter = [.. Enumerable.Repeat(-1L, n)], CoCount = new int[n] };
        int starting = program.Spawns ? 1 : program.Threads.Count;
        for (int t = 0; t < starting; t++)
        {
            Start(state, t, null);
        }
        foreach (var th in state.Threads)
        {
            RunLocal(state, th);
        }
        return state;
    }

    /// <summary>The threads that can take a visible step, as a bit mask.</summary>
    public ulong Enabled(BfState s)
    {
        ulong mask = 0;
        for (int t = 0; t < s.Threads.Count; t++)
        {
            var th = s.Threads[t];
            if (th.Status != BfStatus.Running)
            {
                continue;
            }
            var ins = program.Threads[th.Template].Code[th.Pc];
            if (ins.Op == Opcode.Join)
            {
                long id = Get(th, ins.Rn);
                if (id < 0 || id >= s.Threads.Count || s.Threads[(int)id].Status != BfStatus.Finished)
                {
                    continue;
                }
            }
            mask |= 1UL << t;
        }
        return mask;
    }

    /// <summary>A copy of <paramref name="s"/> after thread <paramref name="t"/>'s next visible event and its local code.</summary>
    public BfState Step(BfState s, int t)
    {
        var next = s.CloneFor(t);
        var th = next.Threads[t];
        var ins = program.Threads[th.Template].Code[th.Pc];
        th.Local++;
        long eventId = ((long)th.Id << 24) | (uint)th.Local;
        switch (ins.Op)
        {
            case Opcode.Spawn:
                {
                    var child = Start(next, (int)ins.Imm, Get(th, ins.Rn));
                    Set(th, ins.Rd, child.Id, wide: true);
                    th.Pc++;
                    AddEvent(next, th, -1, -1, -1);
                    RunLocal(next, child);
                    break;
                }
            case Opcode.Join:
                th.Pc++;
                AddEvent(next, th, -1, -1, -1);
                break;
            case Opcode.Load or Opcode.Store or Opcode.Rmw or Opcode.Cas:
                Access(next, th, ins, eventId);
                break;
            default:
                throw new InvalidOperationException($"thread {t} waits at a non-visible instruction {ins.Op}");
        }
        if (th.Status == BfStatus.Running)
        {
            RunLocal(next, th);
        }
        return next;
    }

    private BfThread Start(BfState s, int template, long? argument)
    {
        var code = program.Threads[template].Code;
        var th = new BfThread
        {
            Id = s.Threads.Count,
            Template = template,
            Regs = new long[program.RegisterCount],
            LoopCount = new int[code.Length + 1],
            HeadWrites = new int[code.Length + 1],
        };
        foreach (var (reg, value) in program.Threads[template].InitRegs)
        {
            th.Regs[reg] = value;
        }
        if (argument is { } a)
        {
            th.Regs[0] = a;
        }
        program.StartFrame(th.Regs, th.Id);
        s.Threads.Add(th);
        return th;
    }

    private void Access(BfState s, BfThread th, Instr ins, long eventId)
    {
        long baseValue = Get(th, ins.Addr.Base);
        long offset = OperandValue(ins.Addr.Offset, th, wide: true);
        long address = ins.Addr.Writeback == AddressWriteback.Post ? baseValue : baseValue + offset;
        int loc = program.LocationAt(address);
        if (loc < 0 || (program.Sizes.Length > 0 && program.SizeOf(loc) != ins.Size))
        {
            th.Status = BfStatus.Failed;
            s.Failure = $"invalid access at {ins.Text}";
            return;
        }
        long old = Truncate(s.Mem[loc], ins.Size);
        long rf = s.LastWriter[loc];
        switch (ins.Op)
        {
            case Opcode.Load:
                Set(th, ins.Rd, old, ins.Wide);
                AddEvent(s, th, loc, rf, -1);
                break;
            case Opcode.Store:
                {
                    long value = Truncate(Get(th, ins.Rn), ins.Size);
                    th.Writes++;
                    WriteMem(s, loc, value, eventId, th, rf: -2);
                    break;
                }
            case Opcode.Rmw:
                {
                    long operand = Truncate(Get(th, ins.Rn), ins.Size);
                    long result = Truncate(RmwResult(ins.Rmw, old, operand, ins.Size), ins.Size);
                    if (result != old)
                    {
                        th.Writes++;
                    }
                    WriteMem(s, loc, result, eventId, th, rf);
                    Set(th, ins.Rd, old, ins.Wide);
                    break;
                }
            case Opcode.Cas:
                {
                    long expected = Truncate(Get(th, ins.Rn), ins.Size);
                    if (old == expected)
                    {
                        long value = Truncate(Get(th, ins.Rm), ins.Size);
                        if (value != old)
                        {
                            th.Writes++;
                        }
                        WriteMem(s, loc, value, eventId, th, rf);
                    }
                    else
                    {
                        AddEvent(s, th, loc, rf, -1);
                    }
                    Set(th, ins.Rd, old, ins.Wide);
                    break;
                }
        }
        if (ins.Addr.Writeback != AddressWriteback.None)
        {
            Set(th, ins.Addr.Base, baseValue + (ins.Addr.Writeback == AddressWriteback.Pre ? offset : ins.Addr.WritebackImm), wide: true);
        }
        th.Pc++;
    }

    /// <summary>A write (rf = -2 for a plain store, which reads nothing) takes the next place in its location's coherence order.</summary>
    private static void WriteMem(BfState s, int loc, long value, long eventId, BfThread th, long rf)
    {
        int co = s.CoCount[loc]++;
        s.Mem[loc] = value;
        s.LastWriter[loc] = eventId;
        AddEvent(s, th, loc, rf, co);
    }

    private static void AddEvent(BfState s, BfThread th, int loc, long rf, int co)
    {
        ulong key = Mix((ulong)th.Id * 0x100000001B3UL ^ (ulong)th.Local);
        key = Mix(key ^ (ulong)(loc + 7) * 0x9E3779B97F4A7C15UL);
        key = Mix(key ^ (ulong)(rf + 3));
        key = Mix(key ^ (ulong)(co + 5) * 0xC2B2AE3D27D4EB4FUL);
        s.H1 += key;
        s.H2 += Mix(key ^ 0x5851F42D4C957F2DUL);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Runs local instructions until a visible event, the end, a block or a failure.</summary>
    private void RunLocal(BfState s, BfThread th)
    {
        var code = program.Threads[th.Template].Code;
        var heads = awaitHeads[th.Template];
        while (true)
        {
            if (th.Pc >= code.Length)
            {
                th.Status = BfStatus.Finished;
                return;
            }
            if (heads[th.Pc])
            {
                th.HeadWrites[th.Pc] = th.Writes;
            }
            var ins = code[th.Pc];
            int target = -1;
            switch (ins.Op)
            {
                case Opcode.Load or Opcode.Store or Opcode.Rmw or Opcode.Cas or Opcode.Spawn or Opcode.Join:
                    return;
                case Opcode.Nop or Opcode.Fence or Opcode.ClearExclusive:
                    break;
                case Opcode.Assert:
                    if (Get(th, ins.Rn) == 0)
                    {
                        th.Status = BfStatus.Failed;
                        s.Failure = "assertion failed: " + ins.Text;
                        return;
                    }
                    break;
                case Opcode.Assume:
                    if (Get(th, ins.Rn) == 0)
                    {
                        th.Status = BfStatus.Assumed;
                        return;
                    }
                    break;
                case Opcode.MovImm:
                    Set(th, ins.Rd, ins.Imm, ins.Wide);
                    break;
                case Opcode.MovK:
                    {
                        int shift = (int)ins.Src2.Imm;
                        long mask = 0xFFFFL << shift;
                        Set(th, ins.Rd, (Get(th, ins.Rd) & ~mask) | ((ins.Imm << shift) & mask), ins.Wide);
                        break;
                    }
                case Opcode.Alu:
                    AluStep(th, ins);
                    break;
                case Opcode.Csel:
                    {
                        bool holds = Holds(ins.Cond, Get(th, Reg.Flags));
                        long v = Get(th, holds ? ins.Rn : ins.Rm);
                        if (!holds)
                        {
                            v = ins.Csel switch { CselKind.Csinc => v + 1, CselKind.Csinv => ~v, CselKind.Csneg => -v, _ => v };
                        }
                        Set(th, ins.Rd, v, ins.Wide);
                        break;
                    }
                case Opcode.Branch:
                    target = ins.Target;
                    break;
                case Opcode.BranchCond:
                    target = Holds(ins.Cond, Get(th, Reg.Flags)) ? ins.Target : -1;
                    break;
                case Opcode.BranchZero:
                    {
                        long v = Get(th, ins.Rn);
                        bool zero = (ins.Wide ? v : (uint)v) == 0;
                        target = zero != ins.NonZero ? ins.Target : -1;
                        break;
                    }
                default:
                    throw new NotSupportedException($"brute force: unsupported instruction {ins.Op} ({ins.Text})");
            }
            if (target < 0)
            {
                th.Pc++;
                continue;
            }
            if (target <= th.Pc)
            {
                if (ins.Await && th.Writes == th.HeadWrites[target])
                {
                    th.Status = BfStatus.Await;
                    return;
                }
                if (++th.LoopCount[th.Pc] > (ins.Counted ? IrProgram.CountedLoopCap : unroll))
                {
                    th.Status = BfStatus.Bound;
                    return;
                }
            }
            th.Pc = target;
        }
    }

    private static void AluStep(BfThread th, Instr ins)
    {
        long a = Get(th, ins.Rn);
        long b = OperandValue(ins.Src2, th, ins.Wide);
        long c = ins.Rm >= 0 ? Get(th, ins.Rm) : 0;
        if (!ins.Wide)
        {
            a = (uint)a;
            b = (uint)b;
        }
        int bits = ins.Wide ? 64 : 32;
        if (ins.SetsFlags)
        {
            ulong mask = ins.Wide ? ulong.MaxValue : 0xFFFF_FFFFUL;
            ulong ua = (ulong)a & mask, ub = (ulong)b & mask, r;
            bool carry = false, overflow = false;
            if (ins.Alu == AluOp.Sub)
            {
                r = (ua - ub) & mask;
                carry = ua >= ub;
                overflow = (((ua ^ ub) & (ua ^ r)) >> (bits - 1) & 1) != 0;
            }
            else if (ins.Alu == AluOp.Add)
            {
                r = (ua + ub) & mask;
                carry = r < ua;
                overflow = ((~(ua ^ ub) & (ua ^ r)) >> (bits - 1) & 1) != 0;
            }
            else
            {
                r = ua & ub;
            }
            long f = ((r >> (bits - 1) & 1) != 0 ? FlagN : 0) | (r == 0 ? FlagZ : 0) | (carry ? FlagC : 0) | (overflow ? FlagV : 0);
            Set(th, Reg.Flags, f, wide: true);
        }
        int sh = (int)(b & (bits - 1));
        long result = ins.Alu switch
        {
            AluOp.Add => a + b,
            AluOp.Sub => a - b,
            AluOp.Eor => a ^ b,
            AluOp.And => a & b,
            AluOp.Orr => a | b,
            AluOp.Bic => a & ~b,
            AluOp.Lsl => a << sh,
            AluOp.Lsr => ins.Wide ? (long)((ulong)a >> sh) : (long)((uint)a >> sh),
            AluOp.Asr => ins.Wide ? a >> sh : (int)a >> sh,
            AluOp.Mul => a * b,
            AluOp.UDiv => b == 0 ? 0 : ins.Wide ? (long)((ulong)a / (ulong)b) : (long)((uint)a / (uint)b),
            AluOp.SDiv => b == 0 ? 0 : ins.Wide ? (b == -1 ? -a : a / b) : (int)a / (int)b,
            AluOp.MSub => c - (a * b),
            AluOp.Sxtw => (int)a,
            AluOp.Uxtw => (uint)a,
            _ => throw new NotSupportedException(ins.Alu.ToString()),
        };
        Set(th, ins.Rd, result, ins.Wide);
    }

    private static long OperandValue(Operand2 op, BfThread th, bool wide)
    {
        if (op.IsImmediate)
        {
            return op.Imm;
        }
        long v = Get(th, op.Reg);
        return op.Shift switch
        {
            ShiftKind.None => v,
            ShiftKind.Lsl => v << op.Amount,
            ShiftKind.Lsr => (long)((ulong)v >> op.Amount),
            ShiftKind.Asr => v >> op.Amount,
            ShiftKind.Ror => wide ? (long)ulong.RotateRight((ulong)v, op.Amount) : uint.RotateRight((uint)v, op.Amount),
            ShiftKind.Sxtw => (long)(int)v << op.Amount,
            ShiftKind.Uxtw => (long)(uint)v << op.Amount,
            _ => v << op.Amount,
        };
    }

    private static bool Holds(CondCode cond, long flags)
    {
        bool n = (flags & FlagN) != 0, z = (flags & FlagZ) != 0, c = (flags & FlagC) != 0, v = (flags & FlagV) != 0;
        return cond switch
        {
            CondCode.Eq => z,
            CondCode.Ne => !z,
            CondCode.Cs => c,
            CondCode.Cc => !c,
            CondCode.Mi => n,
            CondCode.Pl => !n,
            CondCode.Vs => v,
            CondCode.Vc => !v,
            CondCode.Hi => c && !z,
            CondCode.Ls => !(c && !z),
            CondCode.Ge => n == v,
            CondCode.Lt => n != v,
            CondCode.Gt => !z && n == v,
            CondCode.Le => z || n != v,
            _ => true,
        };
    }

    private static long RmwResult(RmwOp op, long old, long operand, int size)
    {
        long So(long v) => size switch { 1 => (sbyte)v, 2 => (short)v, 4 => (int)v, _ => v };
        return op switch
        {
            RmwOp.Swp => operand,
            RmwOp.Add => old + operand,
            RmwOp.Clr => old & ~operand,
            RmwOp.Set => old | operand,
            RmwOp.Eor => old ^ operand,
            RmwOp.SMax => Math.Max(So(old), So(operand)),
            RmwOp.SMin => Math.Min(So(old), So(operand)),
            RmwOp.UMax => (long)Math.Max((ulong)old, (ulong)operand),
            RmwOp.UMin => (long)Math.Min((ulong)old, (ulong)operand),
            _ => throw new NotSupportedException(op.ToString()),
        };
    }

    private static long Get(BfThread th, int reg) => reg is Reg.Zero or Reg.None ? 0 : th.Regs[reg];

    private static void Set(BfThread th, int reg, long value, bool wide)
    {
        if (reg is not (Reg.Zero or Reg.None))
        {
            th.Regs[reg] = wide ? value : (long)(uint)value;
        }
    }

    private static long Truncate(long value, int size) => size >= 8 ? value : value & ((1L << (size * 8)) - 1);
}
