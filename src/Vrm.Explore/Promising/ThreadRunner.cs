using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Models;
using Vrm.Models.Promising;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Promising;

/// <summary>
/// Runs one thread of the thread IR under Promising-Arm against a memory, exploring every choice (which
/// message each read reads, which promise each write fulfils, whether a store-exclusive fails). With
/// <c>allowNew</c> a write may also be a new message appended at the end of memory (the promise-and-fulfil
/// step of certification); the memory grows and shrinks back as the search goes depth-first.
/// </summary>
internal sealed partial class ThreadRunner(Program program, int tid, int unroll, bool allowNew, Budget budget, int[] owners, AccessWidths widths)
{
    private readonly ThreadProgram code = program.Threads[tid];
    private readonly bool updatesEntries = program.Vmsa is { } v && v.Updates.Count > tid && v.Updates[tid] != Programs.HardwareUpdate.None;

    /// <summary>Page-table programs: which locations are level-3 entries (that this thread's hardware may update).</summary>
    private readonly bool[] isPte = [.. Enumerable.Range(0, program.Locations.Count).Select(l => program.Vmsa?.ByPteLoc(l) is not null)];

    /// <summary>Page-table programs: each variable's index in the program's list (the page a TLBI message names).</summary>
    private readonly Dictionary<VmsaVariable, int> variableIndex = program.Vmsa is { } vm
        ? vm.Variables.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i)
        : [];
    private readonly List<int> scratch = [];
    private readonly Stack<PromisingThreadState> spare = new();
    private readonly Stack<int[]> buffers = new();
    private PromisingThreadState? initial;
    private PromiseMemory mem = null!;
    private ThreadRunResult result = null!;
    private long steps;

    public const long MaxSteps = 50_000_000;

    public ThreadRunResult Run(PromiseMemory memory)
    {
        mem = memory;
        result = new ThreadRunResult();
        baseCount = mem.Count;
        compared.Clear();
        visited = null;
        steps = 0;
        UInt128 promises = 0;
        for (int ts = 1; ts <= mem.Count; ts++)
        {
            if (mem[ts].Tid == tid)
            {
                promises |= UInt128.One << (ts - 1);
            }
        }
        initial ??= Initial();
        var s = Fork(initial);
        s.L.Start(promises);
        Explore(s);
        // Explore spends whole thousands at its checkpoints; the rest here, so that the count is exact.
        budget.Spend(steps & 0x3FF);
        Done(initial, s);
        ProjectCompared();
        return result;
    }

    /// <summary>The state every run starts from, but for its promises.</summary>
    private PromisingThreadState Initial()
    {
        var s = new PromisingThreadState
        {
            Val = new long[program.RegisterCount],
            V = new View[program.RegisterCount],
            L = new Local(program.Locations.Count, 0),
            LoopCount = new int[code.Code.Length + (code.FaultHandler?.Code.Length ?? 0) + 2],
            Private = (long[])program.InitMemory.Clone(),
        };
        foreach (var (reg, value) in code.InitRegs)
        {
            s.Set(reg, value, View.Bot, wide: true);
        }
        return s;
    }

    /// <summary>
    /// A copy of <paramref name="s"/> for one branch of the search, from the states earlier branches gave back:
    /// copying into a spare state allocates nothing, and allocation was most of a run's cost.
    /// </summary>
    private PromisingThreadState Fork(PromisingThreadState s)
    {
        if (spare.TryPop(out var b))
        {
            b.CopyFrom(s);
            return b;
        }
        return s.Clone();
    }

    /// <summary>The branch <paramref name="b"/> forked from <paramref name="s"/> is explored: nothing holds it any more.</summary>
    private void Done(PromisingThreadState s, PromisingThreadState b)
    {
        if (!ReferenceEquals(s, b))
        {
            spare.Push(b);
        }
    }

    private void Explore(PromisingThreadState s)
    {
        if (SeenBefore(s))
        {
            return;
        }
        while (s.Pc < Code(s).Length)
        {
            if ((++steps & 0x3FF) == 0)
            {
                budget.Check();
                budget.Spend(0x400);
                if (steps > MaxSteps)
                {
                    throw new ExplorationLimitException($"thread P{tid} took more than {MaxSteps} steps against one memory");
                }
            }
            if (s.L.Promises != UInt128.Zero && HasDeadPromise(s))
            {
                return;
            }
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
                case Opcode.Store:
                    Store(s, ins);
                    return;
                case Opcode.Rmw:
                case Opcode.Cas:
                    Atomic(s, ins);
                    return;
                case Opcode.Fence:
                    if (ins.Fence == FenceKind.Isb)
                    {
                        s.L.Isb();
                        s.L.IsbWalks();
                    }
                    else if (ins.Fence is FenceKind.DsbFull or FenceKind.DsbLd or FenceKind.DsbSt)
                    {
                        if (!Dsb(s, ins.Fence))
                        {
                            return;
                        }
                    }
                    else
                    {
                        s.L.Dmb(ins.Fence);
                    }
                    s.Pc++;
                    break;
                case Opcode.Tlbi:
                    Tlbi(s, ins);
                    return;
                case Opcode.Choose:
                    Choose(s, ins);
                    return;
                case Opcode.Eret:
                    if (!Eret(s, ins))
                    {
                        return;
                    }
                    break;
                case Opcode.Msr or Opcode.Mrs or Opcode.Adr:
                    RegisterStep.System(s, s, ins);
                    s.Pc++;
                    break;
                default:
                    if (!Local(s, ins))
                    {
                        return;
                    }
                    break;
            }
        }
        Finish(s);
    }

    /// <summary>The thread ends (at its last instruction or at a fault): certified when every promise is fulfilled.</summary>
    private void Finish(PromisingThreadState s)
    {
        if (s.L.Promises == UInt128.Zero && s.MustDsb == 0)
        {
            result.Certified = true;
            if (s.NewWrites == 0)
            {
                result.Finals.Add(new RegisterFile([.. s.Val, .. s.Private, .. FaultValues(s)]));
            }
        }
    }

    /// <summary>Page-table programs: the value of each fault atom of the condition, for this thread's faults.</summary>
    private long[] FaultValues(PromisingThreadState s) =>
        program.Vmsa is null ? [] : [.. program.Vmsa.Faults.Select(a => a.Thread == tid ? a.ValueIn(s.Faults) : 0)];

    /// <summary>Register-only instructions; false when the loop bound cuts the path.</summary>
    /// <summary>A nondeterministic value (vrm_nondet_range): one branch per value, as the SC explorer has.</summary>
    private void Choose(PromisingThreadState s, Instr ins)
    {
        long low = s.Get(ins.Rn), high = s.Get(ins.Rm);
        if (high - low >= 4096)
        {
            throw new DiagnosticException(new Diagnostic(ins.SourceFile ?? program.File, ins.Pos, $"{ins.Text} chooses among {high - low + 1} values, more than 4096"));
        }
        for (long v = low; v <= high; v++)
        {
            var b = Fork(s);
            b.Set(ins.Rd, v, View.Bot, ins.Wide);
            b.Pc++;
            Explore(b);
            Done(s, b);
        }
    }

    private bool Local(PromisingThreadState s, Instr ins)
    {
        if (ins.Op == Opcode.ClearExclusive)
        {
            s.L.ClearExclusive();
        }
        int target = RegisterStep.Run(s, ins);
        if (target >= 0)
        {
            return Jump(s, target);
        }
        s.Pc++;
        return true;
    }

    /// <summary>
    /// A promise no future write can fulfil ends the path early: its location's Coh has reached it, or Vwn or
    /// Vcap (which every later write must be above) has. Both only grow.
    /// </summary>
    private bool HasDeadPromise(PromisingThreadState s)
    {
        int floor = Math.Max(s.L.Vwn.P, s.L.Vcap.P);
        var p = s.L.Promises;
        while (p != UInt128.Zero)
        {
            int ts = (int)UInt128.TrailingZeroCount(p) + 1;
            p &= p - 1;
            int loc = mem[ts].Loc;
            bool dead = loc >= s.L.Coh.Length ? s.L.Vcap.P >= ts || s.L.Vdsb >= ts
                // A hardware update of an entry may fulfil it: it is bound by neither Coh nor Vwn.
                : updatesEntries && isPte[loc] ? s.L.Vcap.P >= ts
                : s.L.Coh[loc] >= ts || ts <= floor;
            if (dead)
            {
                // Only a cut depends on the comparison: a live promise's path goes on as it would without the check.
                if (recordOrder && s.L.Coh[loc] < ts)
                {
                    Compared(ts, floor);
                }
                return true;
            }
        }
        return false;
    }

    private bool Jump(PromisingThreadState s, int target)
    {
        if (target <= s.Pc && ++s.LoopCount[target + (s.InHandler ? code.Code.Length + 1 : 0)] > (!s.InHandler && code.Code[s.Pc].Counted ? Program.CountedLoopCap : unroll))
        {
            // As in the axiomatic enumerator, cutting an await loop loses no outcome.
            Cut(s, harmless: !s.InHandler && code.Code[s.Pc].Await);
            return false;
        }
        s.Pc = target;
        return true;
    }

    /// <summary>The unrolling bound ends the path; certification asks only for some run that fulfils every promise, finished or not.</summary>
    private void Cut(PromisingThreadState s, bool harmless = false)
    {
        result.Cut |= !harmless;
        if (s.L.Promises == UInt128.Zero && s.MustDsb == 0)
        {
            result.Certified = true;
        }
    }

    /// <summary>An access's virtual address and its view, before any base-register writeback.</summary>
    private static (long Address, View View) EffectiveAddress(PromisingThreadState s, Instr ins)
    {
        long address = s.Get(ins.Addr.Base);
        var view = s.ViewOf(ins.Addr.Base);
        var off = ins.Addr.Offset;
        if (off.IsImmediate)
        {
            address += off.Imm;
        }
        else
        {
            address += Alu.Operand(off, s.Get(off.Reg));
            view = view.Join(s.ViewOf(off.Reg));
        }
        return (address, view);
    }

    private DiagnosticException Unsupported(Instr ins, string message) =>
        new(new Diagnostic(program.File, ins.Pos, message), unsupported: true);

    /// <summary>
    /// The location an access reaches (in a page-table program, the one its walk chose), with its address view
    /// (joined with the walk's, which orders the access), after writing the base register back.
    /// </summary>
    private (int Loc, int Offset, View View) Address(PromisingThreadState s, Instr ins)
    {
        var (address, view) = EffectiveAddress(s, ins);
        switch (ins.Addr.Writeback)
        {
            case AddressWriteback.Pre:
                s.Set(ins.Addr.Base, address, view, wide: true);
                break;
            case AddressWriteback.Post:
                s.Set(ins.Addr.Base, address + ins.Addr.WritebackImm, view, wide: true);
                break;
        }
        int loc, offset = 0;
        if (s.Translated < 0)
        {
            (loc, offset) = widths.Resolve(address);
        }
        else
        {
            loc = s.Translated;
            view = view.Join(s.WalkView);
            s.Translated = -1;
            s.WalkView = View.Bot;
        }
        if (loc >= 0)
        {
            result.Accessed |= ThreadRunResult.Bit(loc);
        }
        if (loc < 0)
        {
            throw program.OutOfBounds(ins, address);
        }
        widths.Check(ins, loc, offset);
        return (loc, offset, view);
    }
}
