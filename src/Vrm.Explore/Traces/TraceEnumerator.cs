using Vrm.Models;
using Vrm.Models.Executions;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Traces;

/// <summary>
/// Enumerates every path of one thread with every value each read may return (values from the location's
/// domain of possibly-written values), as herd enumerates per-thread event structures. Loops are cut after
/// <c>unroll</c> backward jumps to the same target, as herd's <c>-unroll</c>.
/// </summary>
internal sealed partial class TraceEnumerator(Program program, int thread, IReadOnlyList<long>[] domain, int unroll, Budget budget, AccessWidths widths)
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
            Val = new long[program.RegisterCount],
            Taint = new ulong[program.RegisterCount],
            PickDeps = new ulong[program.RegisterCount],
            LastWrite = Enumerable.Repeat(-1, program.Locations.Count).ToArray(),
            LoopCount = new int[code.Code.Length + (code.FaultHandler?.Code.Length ?? 0) + 2],
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
        while (s.Pc < Code(s).Length)
        {
            var ins = Code(s)[s.Pc];
            if (program.Vmsa is not null && ins.IsMemory && s.Translated < 0)
            {
                Translate(s, ins);
                return;
            }
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
                case Opcode.Tlbi:
                    Tlbi(s, ins);
                    break;
                case Opcode.Choose:
                    // Each value would multiply the thread's paths; Promising and SC branch over them.
                    throw new DiagnosticException(new Diagnostic(ins.SourceFile ?? program.File, ins.Pos,
                        $"{ins.Text}: --model arm does not explore nondeterministic values; use --model promising or sc"), unsupported: true);
                case Opcode.Eret:
                    if (!Eret(s, ins))
                    {
                        return;
                    }
                    continue;
                case Opcode.Msr or Opcode.Mrs or Opcode.Adr:
                    RegisterStep.System(s, s, ins);
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
        MaxWrites = Math.Max(MaxWrites, s.Writes);
        var regs = (long[])s.Val.Clone();
        traces.Add(new ThreadTrace(thread, program.Vmsa is null ? [.. s.Events] : CompleteTlbis(s.Events), regs) { Faults = [.. s.Faults] });
    }

    /// <summary>Runs a register-only instruction; false when the path ends here (cut by the loop bound).</summary>
    private bool Local(ThreadState s, Instr ins)
    {
        if (ins.Op == Opcode.ClearExclusive)
        {
            s.Reserved = null;
        }
        int target = RegisterStep.Run(s, ins);
        if (target >= 0)
        {
            return Jump(s, target);
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
            if (++s.LoopCount[target + (s.InHandler ? code.Code.Length + 1 : 0)] > (!s.InHandler && code.Code[s.Pc].Counted ? Program.CountedLoopCap : unroll))
            {
                // An await loop's further iterations read what an earlier one could have and change nothing, so
                // cutting them loses no outcome: only other loops make the result bounded.
                CutPath(s, harmless: !s.InHandler && code.Code[s.Pc].Await);
                return false;
            }
        }
        s.Pc = target;
        return true;
    }

    /// <summary>
    /// The unrolling bound ends this path. Its writes still count towards the domain rounds: a value a
    /// cut path writes may be what another path reads.
    /// </summary>
    private void CutPath(ThreadState s, bool harmless = false)
    {
        Cut |= !harmless;
        MaxWrites = Math.Max(MaxWrites, s.Writes);
    }

    private DiagnosticException Unsupported(Instr ins, string message) =>
        new(new Diagnostic(program.File, ins.Pos, message), unsupported: true);

    /// <summary>An access to an address that is no location: an error of the test (an uninitialised base register reads 0).</summary>
    private DiagnosticException OutOfBounds(Instr ins, long address) => program.OutOfBounds(ins, address);
}

