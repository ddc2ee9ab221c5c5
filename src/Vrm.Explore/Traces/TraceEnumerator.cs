using Vrm.Models.Executions;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Traces;

/// <summary>
/// Enumerates every path of one thread with every value each read may return (values from the location's
/// domain of possibly-written values), as herd enumerates per-thread event structures. Loops are cut after
/// <c>unroll</c> backward jumps to the same target, as herd's <c>-unroll</c>.
/// </summary>
internal sealed partial class TraceEnumerator(Program program, int thread, IReadOnlyList<long>[] domain, int unroll, Budget budget)
{
    private readonly ThreadProgram code = program.Threads[thread];
    private readonly List<ThreadTrace> traces = [];

    public const int MaxTraces = 200_000;

    /// <summary>The most writes any explored path made, cut paths included.</summary>
    public int MaxWrites { get; private set; }

    /// <summary>True when some path was cut by the unrolling bound.</summary>
    public bool Cut { get; private set; }

    /// <summary>Values written to each location on some path, to grow the domain.</summary>
    public HashSet<long>[] Written { get; } = [.. Enumerable.Range(0, program.Locations.Count).Select(_ => new HashSet<long>())];

    public List<ThreadTrace> Run()
    {
        var s = new ThreadState
        {
            LastWrite = Enumerable.Repeat(-1, program.Locations.Count).ToArray(),
            LoopCount = new int[code.Code.Length + 1],
        };
        foreach (var (reg, value) in code.InitRegs)
        {
            s.Set(reg, value, 0, 0, wide: true);
        }
        Explore(s);
        return traces;
    }

    private void Explore(ThreadState s)
    {
        while (s.Pc < code.Code.Length)
        {
            var ins = code.Code[s.Pc];
            switch (ins.Op)
            {
                case Opcode.Load:
                    Load(s, ins);
                    return;
                case Opcode.Rmw:
                    Rmw(s, ins);
                    return;
                case Opcode.Cas:
                    Cas(s, ins);
                    return;
                case Opcode.Store when ins.Flags.HasFlag(AccessFlags.Exclusive):
                    StoreExclusive(s, ins);
                    return;
                case Opcode.Store:
                    Store(s, ins);
                    break;
                case Opcode.Fence:
                    AddEvent(s, new Event { Kind = EventKind.Fence, Fence = ins.Fence, Instance = s.Instances, Instr = ins, Ctrl = s.CtrlTaint, PickCtrl = s.CtrlPick }, 0, 0);
                    break;
                default:
                    if (!Local(s, ins))
                    {
                        return;
                    }
                    continue;
            }
            s.Instances++;
            s.Pc++;
        }
        Finish(s);
    }

    private void Finish(ThreadState s)
    {
        budget.Check();
        if (traces.Count >= MaxTraces)
        {
            throw new ExplorationLimitException($"thread P{thread} has more than {MaxTraces} paths");
        }
        MaxWrites = Math.Max(MaxWrites, s.Events.Count(e => e.IsWrite));
        var regs = new long[Reg.Count];
        Array.Copy(s.Val, regs, Reg.Count);
        traces.Add(new ThreadTrace(thread, [.. s.Events], regs));
    }

    /// <summary>Runs a register-only instruction; false when the path ends here (cut by the loop bound).</summary>
    private bool Local(ThreadState s, Instr ins)
    {
        switch (ins.Op)
        {
            case Opcode.Nop:
                break;
            case Opcode.ClearExclusive:
                s.ReservedAddress = -1;
                break;
            case Opcode.MovImm:
                s.Set(ins.Rd, ins.Imm, 0, 0, ins.Wide);
                break;
            case Opcode.MovK:
                {
                    int shift = (int)ins.Src2.Imm;
                    long mask = 0xFFFFL << shift;
                    s.Set(ins.Rd, (s.Get(ins.Rd) & ~mask) | ((ins.Imm << shift) & mask), s.TaintOf(ins.Rd), s.PickOf(ins.Rd), ins.Wide);
                    break;
                }
            case Opcode.Alu:
                AluStep(s, ins);
                break;
            case Opcode.Csel:
                CselStep(s, ins);
                break;
            case Opcode.Branch:
                return Jump(s, ins.Target);
            case Opcode.BranchCond:
                s.CtrlTaint |= s.TaintOf(Reg.Flags);
                s.CtrlPick |= s.PickOf(Reg.Flags);
                if (Alu.Holds(ins.Cond, s.Get(Reg.Flags)))
                {
                    return Jump(s, ins.Target);
                }
                break;
            case Opcode.BranchZero:
                {
                    s.CtrlTaint |= s.TaintOf(ins.Rn);
                    s.CtrlPick |= s.PickOf(ins.Rn);
                    long v = s.Get(ins.Rn);
                    bool zero = (ins.Wide ? v : (uint)v) == 0;
                    if (zero != ins.NonZero)
                    {
                        return Jump(s, ins.Target);
                    }
                    break;
                }
            default:
                throw new InvalidOperationException($"unexpected {ins.Op}");
        }
        s.Instances++;
        s.Pc++;
        return true;
    }

    private bool Jump(ThreadState s, int target)
    {
        s.Instances++;
        if (target <= s.Pc)
        {
            if (++s.LoopCount[target] > unroll)
            {
                Cut = true;
                MaxWrites = Math.Max(MaxWrites, s.Events.Count(e => e.IsWrite));
                return false;
            }
        }
        s.Pc = target;
        return true;
    }

    private void AluStep(ThreadState s, Instr ins)
    {
        long a = s.Get(ins.Rn);
        long b = ins.Src2.IsImmediate ? ins.Src2.Imm : Alu.Operand(ins.Src2, s.Get(ins.Src2.Reg), ins.Wide);
        long c = ins.Rm >= 0 ? s.Get(ins.Rm) : 0;
        if (!ins.Wide)
        {
            a = (uint)a;
            b = (uint)b;
        }
        ulong taint = s.TaintOf(ins.Rn) | s.TaintOf(ins.Src2.Reg) | s.TaintOf(ins.Rm);
        ulong pick = s.PickOf(ins.Rn) | s.PickOf(ins.Src2.Reg) | s.PickOf(ins.Rm);
        if (ins.SetsFlags)
        {
            var flagOp = ins.Alu is AluOp.Add or AluOp.Sub ? ins.Alu : AluOp.And;
            s.Set(Reg.Flags, Alu.Flags(flagOp, a, b, ins.Wide), taint, pick, wide: true);
        }
        s.Set(ins.Rd, Alu.Compute(ins.Alu, a, b, c, ins.Wide), taint, pick, ins.Wide);
    }

    /// <summary>
    /// herd reads only the selected source; the flags reach the result through intra-instruction control,
    /// which counts for pick dependencies but not for addr/data/ctrl.
    /// </summary>
    private static void CselStep(ThreadState s, Instr ins)
    {
        bool holds = Alu.Holds(ins.Cond, s.Get(Reg.Flags));
        int src = holds ? ins.Rn : ins.Rm;
        long v = s.Get(src);
        if (!holds)
        {
            v = ins.Csel switch
            {
                CselKind.Csinc => v + 1,
                CselKind.Csinv => ~v,
                CselKind.Csneg => -v,
                _ => v,
            };
        }
        s.Set(ins.Rd, v, s.TaintOf(src), s.PickOf(src) | s.PickOf(Reg.Flags), ins.Wide);
    }

    private DiagnosticException Unsupported(Instr ins, string message) =>
        new(new Diagnostic(program.File, ins.Pos, message), unsupported: true);
}

/// <summary>A search outgrew a bound (paths, executions, states); the result is reported incomplete.</summary>
public sealed class ExplorationLimitException(string message) : Exception(message);
