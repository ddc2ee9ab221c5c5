using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Stepping;

/// <summary>
/// What every interpreter keeps of a thread's control: where it is, its loop counts, its fault handling, and
/// the system registers. A base class rather than an interface: the stepper reads these for every instruction.
/// </summary>
internal abstract class ThreadControl : ISystemRegisters
{
    public int Pc;

    /// <summary>Running the fault handler's code rather than the thread's.</summary>
    public bool InHandler;

    /// <summary>Back jumps taken per target (<see cref="ThreadStepper{TState, TDep}.LoopIndex"/>).</summary>
    public int[] LoopCount = [];

    /// <summary>The faults the thread's own code took (a condition's fault atoms read them).</summary>
    public List<TakenFault> Faults = NoFaults;

    /// <summary>Threads that cannot take faults share this list, which nothing adds to.</summary>
    internal static readonly List<TakenFault> NoFaults = [];

    /// <summary>ELR_EL1: where ERET returns to (a code address).</summary>
    public long Elr { get; set; }

    /// <summary>The VMID in this CPU's VTTBR_EL2 (set by MSR), which its stage-2 TLBIs invalidate.</summary>
    public int Vmid { get; set; }

    /// <summary>The ASID in this CPU's TTBR0_EL1 (set by MSR), which tags its walks of non-global pages.</summary>
    public int Asid { get; set; }

    /// <summary>Takes <paramref name="o"/>'s scalars (the arrays and lists are the caller's to copy).</summary>
    protected void CopyControl(ThreadControl o)
    {
        Pc = o.Pc;
        InHandler = o.InHandler;
        Elr = o.Elr;
        Vmid = o.Vmid;
        Asid = o.Asid;
    }
}

/// <summary>The optional hooks of <see cref="ThreadStepper{TState, TDep}"/> a model overrides.</summary>
[Flags]
internal enum StepHooks { None = 0, Before = 1, Retired = 2, Blocks = 4 }

/// <summary>Whether the shared loop goes on with the state after a model's step, or the model has taken it over.</summary>
internal enum Flow { Continue, Stop }

/// <summary>What happens after a fault: the handler runs, the instruction is tried again, or the thread stopped.</summary>
internal enum FaultOutcome { Handler, Retry, Stopped }

/// <summary>
/// The one stepper of the thread IR, shared by the three explorers (the axiomatic models' path enumerator,
/// Promising-Arm's thread runner, the SC machine of DPOR). It owns what an instruction means independently of
/// the memory model: register-only instructions and system registers, branches and the loop bound, fault entry,
/// the imprecise retry and ERET. A model says only what differs: how an access finds and publishes its value,
/// what a barrier or TLBI does, how a thread ends or is cut, and how its paths branch (a hook may go on with
/// the state itself, or fork it and recurse).
/// </summary>
/// <remarks>
/// <c>--unroll N</c> has one meaning everywhere: a back jump to the same target (a loop head) is taken at most N
/// times on a path (counted loops, whose trip count the front end proved, up to <see cref="Program.CountedLoopCap"/>);
/// the next one cuts the path. herd's <c>-unroll</c> counts the same way. The handler's code has counts of its own.
/// </remarks>
/// <param name="walks">The model translates a page-table program's accesses, and a C program's user/VM accesses, by walks of their own (<see cref="Translate"/>).</param>
/// <param name="hooks">The optional hooks the model overrides: the loop, which runs for every instruction, calls only those.</param>
internal abstract class ThreadStepper<TState, TDep>(Program program, int unroll, bool walks, StepHooks hooks)
    where TState : ThreadControl, IRegisters<TDep>
{
    private readonly bool walks = walks && (program.Vmsa is not null || program.UserAccesses);

    /// <summary>Every access walks (a page-table litmus program); otherwise only a C user/VM access (<see cref="Instr.Root"/>) does.</summary>
    private readonly bool allWalk = program.Vmsa is not null;

    private readonly StepHooks hooks = hooks;

    protected Program Program { get; } = program;

    protected int Unroll { get; } = unroll;

    /// <summary>The thread a state runs: its code and fault handler.</summary>
    protected abstract ThreadProgram ThreadOf(TState s);

    /// <summary>The thread's index in the program (code addresses, messages).</summary>
    protected abstract int IdOf(TState s);

    /// <summary>The code a state runs now: its thread's, or its fault handler's.</summary>
    public Instr[] Code(TState s) => s.InHandler ? ThreadOf(s).FaultHandler!.Code : ThreadOf(s).Code;

    /// <summary>Where the counts of back jumps to <paramref name="target"/> are kept (the handler's after the thread's).</summary>
    protected int LoopIndex(TState s, int target) => target + (s.InHandler ? ThreadOf(s).Code.Length + 1 : 0);

    /// <summary>
    /// Runs <paramref name="s"/> from its pc until the thread ends, a loop bound cuts it, or a model's step takes
    /// the rest over.
    /// </summary>
    protected void Execute(TState s)
    {
        // Only ERET changes which code runs while the loop goes on (entering a handler ends it).
        var code = Code(s);
        while (true)
        {
            if (s.Pc >= code.Length)
            {
                Finish(s);
                return;
            }
            var ins = code[s.Pc];
            if ((hooks & StepHooks.Before) != 0 && !Before(s, ins))
            {
                return;
            }
            if (walks && ins.IsMemory && (allWalk || ins.Root >= 0) && Untranslated(s))
            {
                Translate(s, ins);
                return;
            }
            if (Step(s, ins) == Flow.Stop)
            {
                return;
            }
            if (ins.Op == Opcode.Eret)
            {
                code = Code(s);
            }
        }
    }

    private Flow Step(TState s, Instr ins)
    {
        switch (ins.Op)
        {
            case Opcode.Load or Opcode.Store or Opcode.Rmw or Opcode.Cas:
                return Access(s, ins);
            case Opcode.Fence:
                return Fence(s, ins);
            case Opcode.Tlbi:
                return Tlbi(s, ins);
            case Opcode.Choose:
                return Choose(s, ins);
            case Opcode.Eret:
                return Eret(s, ins);
            case Opcode.Msr or Opcode.Mrs or Opcode.Adr:
                RegisterStep.System(s, s, ins);
                return Next(s);
            case Opcode.ClearExclusive:
                ClearExclusive(s);
                return Next(s);
            case Opcode.Nop or Opcode.MovImm or Opcode.MovK or Opcode.Alu or Opcode.Csel
                or Opcode.Branch or Opcode.BranchCond or Opcode.BranchZero:
                return Local(s, ins);
            default:
                return Other(s, ins);
        }
    }

    /// <summary>The instruction at the pc is done: the thread goes on with the next one.</summary>
    protected Flow Next(TState s)
    {
        if ((hooks & StepHooks.Retired) != 0)
        {
            Retired(s);
        }
        s.Pc++;
        return Flow.Continue;
    }

    private Flow Local(TState s, Instr ins)
    {
        int target = RegisterStep.Run(s, ins);
        if ((hooks & StepHooks.Retired) != 0)
        {
            Retired(s);
        }
        if (target < 0)
        {
            s.Pc++;
            return Flow.Continue;
        }
        if (target <= s.Pc)
        {
            if ((hooks & StepHooks.Blocks) != 0 && Blocks(s, ins, target))
            {
                return Flow.Stop;
            }
            if (++s.LoopCount[LoopIndex(s, target)] > (!s.InHandler && ins.Counted ? Program.CountedLoopCap : Unroll))
            {
                // An await loop's further iterations read what an earlier one could have and change nothing, so
                // cutting them loses no outcome: only other loops make the result bounded.
                Cut(s, harmless: !s.InHandler && ins.Await);
                return Flow.Stop;
            }
        }
        s.Pc = target;
        return Flow.Continue;
    }

    /// <summary>
    /// The access at the pc faults (the model has recorded it its own way): ELR_EL1 is set to it and the thread's
    /// handler runs, if it has one and is not in it; else with imprecise faults the instruction is tried again,
    /// like a back jump bounded by the unrolling; else the thread stops (herd's <c>fatal</c> and <c>precise</c>).
    /// </summary>
    protected FaultOutcome EnterFault(TState s, int loc, FaultKind kind, bool el0)
    {
        bool handled = Handles(s);
        if (ReferenceEquals(s.Faults, ThreadControl.NoFaults))
        {
            throw new InvalidOperationException("a fault in a thread whose explorer keeps no faults");
        }
        if (!s.InHandler)
        {
            s.Faults.Add(new TakenFault(s.Pc, loc, kind, el0));
        }
        if (handled)
        {
            s.Elr = Program.CodeAddress(IdOf(s), s.Pc);
            s.InHandler = true;
            s.Pc = 0;
            return FaultOutcome.Handler;
        }
        if (Program.Vmsa?.Imprecise == true)
        {
            if (++s.LoopCount[LoopIndex(s, s.Pc)] > Unroll)
            {
                Cut(s, harmless: false);
                return FaultOutcome.Stopped;
            }
            return FaultOutcome.Retry;
        }
        Finish(s);
        return FaultOutcome.Stopped;
    }

    /// <summary>A fault at the pc now would enter the thread's handler.</summary>
    protected bool Handles(TState s) => ThreadOf(s).FaultHandler is not null && !s.InHandler;

    /// <summary>ERET: back to ELR_EL1's instruction; returning to the faulting one retries it, bounded like a back jump.</summary>
    private Flow Eret(TState s, Instr ins)
    {
        ExceptionReturn(s, ins);
        int id = IdOf(s);
        long index = (s.Elr - Program.CodeAddress(id, 0)) / 4;
        if (!s.InHandler || index < 0 || index > ThreadOf(s).Code.Length)
        {
            throw Unsupported(ins, $"unsupported: '{ins.Text}' returns to an address that is no instruction of P{id}");
        }
        s.InHandler = false;
        int faulted = s.Faults.Count == 0 ? -1 : s.Faults[^1].Instr;
        if (index <= faulted && ++s.LoopCount[(int)index] > Unroll)
        {
            Cut(s, harmless: false);
            return Flow.Stop;
        }
        s.Pc = (int)index;
        return Flow.Continue;
    }

    protected DiagnosticException Unsupported(Instr ins, string message) => VmsaWalk.Unsupported(Program, ins, message);

    /// <summary>Before each instruction; false ends the path here (a dead promise, say).</summary>
    protected virtual bool Before(TState s, Instr ins) => true;

    /// <summary>The access at the pc has not translated its address yet (a page-table program's walk comes first).</summary>
    protected virtual bool Untranslated(TState s) => false;

    /// <summary>Translates the access at the pc, and goes on with each outcome.</summary>
    protected virtual void Translate(TState s, Instr ins) => throw new InvalidOperationException("this model does not walk page tables");

    /// <summary>A load, store, read-modify-write or CAS.</summary>
    protected abstract Flow Access(TState s, Instr ins);

    protected abstract Flow Fence(TState s, Instr ins);

    protected abstract Flow Tlbi(TState s, Instr ins);

    /// <summary>A nondeterministic value (<c>vrm_nondet_range</c>).</summary>
    protected abstract Flow Choose(TState s, Instr ins);

    /// <summary>An exception return is context-synchronising: what that means to the model.</summary>
    protected virtual void ExceptionReturn(TState s, Instr ins)
    {
    }

    protected virtual void ClearExclusive(TState s)
    {
    }

    /// <summary>The instructions only some explorers see (threads, assertions, annotations, the heap): by default an annotation does nothing.</summary>
    protected virtual Flow Other(TState s, Instr ins) =>
        ins.Op == Opcode.Annotate ? Next(s) : throw new InvalidOperationException($"unexpected {ins.Op} in this explorer");

    /// <summary>An instruction retired (the axiomatic enumerator numbers instances of instructions).</summary>
    protected virtual void Retired(TState s)
    {
    }

    /// <summary>A back jump from <paramref name="branch"/> to <paramref name="target"/> blocks the thread (SC's await loops).</summary>
    protected virtual bool Blocks(TState s, Instr branch, int target) => false;

    /// <summary>The thread ended: past its last instruction, or at a fault it does not handle.</summary>
    protected abstract void Finish(TState s);

    /// <summary>The unrolling bound ends the path; <paramref name="harmless"/> when cutting it loses no outcome.</summary>
    protected abstract void Cut(TState s, bool harmless);
}
