using Vrm.Explore.Stepping;
using Vrm.Programs;
using IrProgram = Vrm.Programs.Program;

namespace Vrm.Bench;

/// <summary>What a thread of the brute-force interpreter is doing.</summary>
public enum BfStatus { Running, Finished, Await, Assumed, Bound, Failed }

/// <summary>One thread: registers, program counter, loop counters and the write count await loops compare.</summary>
public sealed class BfThread : IRegisters<byte>
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

    public long Get(int reg) => reg is Reg.Zero or Reg.None ? 0 : Regs[reg];

    public void Set(int reg, long value, byte dep, bool wide)
    {
        if (reg is not (Reg.Zero or Reg.None))
        {
            Regs[reg] = wide ? value : (long)(uint)value;
        }
    }

    byte IRegisters<byte>.Dep(int reg) => 0;

    byte IRegisters<byte>.Join(byte a, byte b) => 0;

    byte IRegisters<byte>.Pick(byte source, byte flags) => 0;

    void IRegisters<byte>.Control(byte dep)
    {
    }
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
            mem[i] = Alu.Truncate(program.InitMemory[i], program.SizeOf(i));
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
                long id = th.Get(ins.Rn);
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
                    var child = Start(next, (int)ins.Imm, th.Get(ins.Rn));
                    th.Set(ins.Rd, child.Id, 0, wide: true);
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
        long baseValue = th.Get(ins.Addr.Base);
        long offset = Alu.Operand(ins.Addr.Offset, th.Get(ins.Addr.Offset.Reg));
        long address = ins.Addr.Writeback == AddressWriteback.Post ? baseValue : baseValue + offset;
        int loc = program.LocationAt(address);
        if (loc < 0 || (program.Sizes.Length > 0 && program.SizeOf(loc) != ins.Size))
        {
            th.Status = BfStatus.Failed;
            s.Failure = $"invalid access at {ins.Text}";
            return;
        }
        long old = Alu.Truncate(s.Mem[loc], ins.Size);
        long rf = s.LastWriter[loc];
        switch (ins.Op)
        {
            case Opcode.Load:
                th.Set(ins.Rd, old, 0, ins.Wide);
                AddEvent(s, th, loc, rf, -1);
                break;
            case Opcode.Store:
                {
                    long value = Alu.Truncate(th.Get(ins.Rn), ins.Size);
                    th.Writes++;
                    WriteMem(s, loc, value, eventId, th, rf: -2);
                    break;
                }
            case Opcode.Rmw:
                {
                    long operand = Alu.Truncate(th.Get(ins.Rn), ins.Size);
                    long result = Alu.Truncate(Alu.Rmw(ins.Rmw, old, operand, ins.Size), ins.Size);
                    if (result != old)
                    {
                        th.Writes++;
                    }
                    WriteMem(s, loc, result, eventId, th, rf);
                    th.Set(ins.Rd, old, 0, ins.Wide);
                    break;
                }
            case Opcode.Cas:
                {
                    long expected = Alu.Truncate(th.Get(ins.Rn), ins.Size);
                    if (old == expected)
                    {
                        long value = Alu.Truncate(th.Get(ins.Rm), ins.Size);
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
                    th.Set(ins.Rd, old, 0, ins.Wide);
                    break;
                }
        }
        if (ins.Addr.Writeback != AddressWriteback.None)
        {
            th.Set(ins.Addr.Base, baseValue + (ins.Addr.Writeback == AddressWriteback.Pre ? offset : ins.Addr.WritebackImm), 0, wide: true);
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
                    if (th.Get(ins.Rn) == 0)
                    {
                        th.Status = BfStatus.Failed;
                        s.Failure = "assertion failed: " + ins.Text;
                        return;
                    }
                    break;
                case Opcode.Assume:
                    if (th.Get(ins.Rn) == 0)
                    {
                        th.Status = BfStatus.Assumed;
                        return;
                    }
                    break;
                case Opcode.MovImm or Opcode.MovK or Opcode.Alu or Opcode.Csel or Opcode.Branch or Opcode.BranchCond or Opcode.BranchZero:
                    // The register semantics are the explorers' own (one stepper); this oracle differs in how it searches.
                    target = RegisterStep.Run(th, ins);
                    break;
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
                // --unroll counts back jumps per loop head, as every explorer does.
                if (++th.LoopCount[target] > (ins.Counted ? IrProgram.CountedLoopCap : unroll))
                {
                    th.Status = BfStatus.Bound;
                    return;
                }
            }
            th.Pc = target;
        }
    }
}
