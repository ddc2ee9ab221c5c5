using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Dpor;

/// <summary>A violation found while a thread ran: what, where, and in which thread.</summary>
/// <summary>Why the machine stopped a thread for good: an operation with no meaning, or an assertion that does not hold.</summary>
public enum StopReason
{
    /// <summary>The program's own assertion failed.</summary>
    Assertion,

    /// <summary>A lock, barrier or thread used against the C library's rules.</summary>
    Misuse,

    /// <summary>An access of no variable, a fault, a mixed-size access, a call through a pointer to no function.</summary>
    InvalidAccess,

    /// <summary>A free of something malloc did not return, or returned and has freed.</summary>
    InvalidFree,
}

/// <summary>
/// A thread the machine stopped (<see cref="StopReason"/>), where, and what happened in the machine's words. The
/// machine only stops the thread; the checks (<see cref="ICheck.OnStop"/>) make it a violation.
/// </summary>
public sealed record ThreadStop(StopReason Reason, string Message, int Thread, Instr At);

internal sealed partial class DporState
{
    /// <summary>Set when a step fails an assertion or touches an address that is no variable.</summary>
    public ThreadStop? Stop;

    /// <summary>The initial state: thread 0 (C's main) alone, or every thread of a litmus-style program.</summary>
    public static DporState Initial(DporSetup setup)
    {
        var p = setup.Program;
        var mem = p.StartMemory();
        var state = new DporState(setup, mem, [], new int[]?[mem.Length], new bool[mem.Length]) { Marks = setup.RecordMarks ? [] : null };
        int starting = p.Spawns ? 1 : p.StartedTemplates;
        var zero = new int[Clocks.MaxThreads];
        for (int t = 0; t < starting; t++)
        {
            state.Start(t, zero, zero, argument: null);
        }
        for (int t = 0; t < starting && state.Stop is null; t++)
        {
            state.RunLocal(state.Threads[t]);
        }
        return state;
    }

    private DporThread Start(int template, int[] dep, int[] hb, long? argument)
    {
        var p = Program;
        if (Threads.Count == Clocks.MaxThreads)
        {
            throw new Models.ExplorationLimitException($"more than {Clocks.MaxThreads} threads started");
        }
        var code = p.Threads[template].Code;
        var th = DporThread.Start(Threads.Count, template, p.RegisterCount, code.Length + 1, dep, hb);
        foreach (var (reg, value) in p.Threads[template].InitRegs)
        {
            th.Val[reg] = value;
        }
        if (argument is { } a)
        {
            th.Val[0] = a;
        }
        p.StartFrame(th.Val, th.Id);
        Threads.Add(th);
        return th;
    }

    /// <summary>
    /// Runs thread <paramref name="t"/>'s visible event and
    /// its local code after it; a nondeterministic choice takes the value <paramref name="choice"/>.
    /// </summary>
    public DporEvent Step(int t, long choice = 0)
    {
        var th = Threads[t];
        var ins = Code(th)[th.Pc];
        Marks = setup.RecordMarks ? [] : null;
        th.Local++;
        th.Hb[t] = th.Local;
        var ev = new DporEvent { Thread = t, Template = th.Template, Local = th.Local, Instr = ins, Kind = StepKind.Read, NonAtomic = ins.NonAtomic };
        switch (ins.Op)
        {
            case Opcode.Spawn:
                {
                    var child = Start((int)ins.Imm, th.Dep, th.Hb, th.Get(ins.Rn));
                    ev.Kind = StepKind.Spawn;
                    ev.Other = child.Id;
                    th.Set(ins.Rd, child.Id, 0, wide: true);
                    th.Pc++;
                    // The child's clocks must include the spawn itself; the search fixes Dep once it knows the event's clock.
                    RunLocal(child);
                    break;
                }
            case Opcode.Join:
                {
                    if (JoinError(th, th.Get(ins.Rn)) is { } error)
                    {
                        throw new DiagnosticException(new Diagnostic(ins.SourceFile ?? Program.File, ins.Pos, error));
                    }
                    var child = Threads[(int)th.Get(ins.Rn)];
                    Joined |= 1UL << child.Id;
                    ev.Kind = StepKind.Join;
                    ev.Other = child.Id;
                    Clocks.JoinInto(th.Hb, child.Hb);
                    th.Pc++;
                    break;
                }
            case Opcode.Choose:
                Choose(th, ins, ev, choice);
                break;
            case Opcode.Exit:
                ev.Kind = StepKind.Exit;
                ev.Value = th.Get(ins.Rn);
                Exited = true;
                th.Status = ThreadStatus.Finished;
                th.Pc++;
                return ev;
            case Opcode.Malloc:
                Malloc(th, ins, ev);
                ev.Hb = (int[])th.Hb.Clone();
                break;
            case Opcode.Free:
                Free(th, ins, ev);
                ev.Hb = (int[])th.Hb.Clone();
                break;
            default:
                Access(th, ins, ev);
                ev.Hb = (int[])th.Hb.Clone();
                break;
        }
        if (Stop is null && th.Status == ThreadStatus.Running)
        {
            RunLocal(th);
        }
        ev.Marks = Marks;
        return ev;
    }

    /// <summary>
    /// Why joining thread <paramref name="id"/> from <paramref name="th"/> is an error, as POSIX has it (a thread
    /// joined twice, a thread joining itself, an id no pthread_create returned — such as an unset pthread_t, 0),
    /// or null when it is a proper join.
    /// </summary>
    public string? JoinError(DporThread th, long id) =>
        id <= 0 || id >= Threads.Count ? $"pthread_join of thread id {id}, which no pthread_create returned (an unset pthread_t, or main)"
        : id == th.Id ? $"T{id} joins itself (POSIX: a deadlock, EDEADLK)"
        : (Joined & (1UL << (int)id)) != 0 ? $"pthread_join of T{id}, which was already joined (POSIX: undefined behaviour)"
        : null;

    /// <summary>For main run alone: a spawn that only gives the thread an id.</summary>
    public void SkipSpawn(DporThread th, long id)
    {
        th.Set(Code(th)[th.Pc].Rd, id, 0, wide: true);
        th.Pc++;
        RunLocal(th);
    }

    /// <summary>For main run alone: a join of a thread that runs elsewhere.</summary>
    public void SkipJoin(DporThread th)
    {
        th.Pc++;
        RunLocal(th);
    }

    private void Access(DporThread th, Instr ins, DporEvent ev)
    {
        long address = Addressing.WithWriteback(th, ins).Address;
        var at = Translate(address, ins);
        ev.Address = address;
        if (ins.Root >= 0)
        {
            ev.NonAtomic = false;
            if (at.Fault is not null)
            {
                UserFault(th, ins, ev, at);
                return;
            }
            ev.Path = at.Path;
        }
        if (at.Fault is not null)
        {
            Fault(th, ins, ev, address, at);
            return;
        }
        int loc = at.Loc;
        if (loc < 0)
        {
            if (at.Walk < 0 && Program.Containing(address) is var (near, offset) && near >= 0 && offset + ins.Size <= Program.SizeOf(near))
            {
                throw MixedSize(ins, $"{ins.Size}-byte access at {Program.Locations[near]}+{offset}, inside a {Program.SizeOf(near)}-byte variable");
            }
            Stop = new ThreadStop(StopReason.InvalidAccess, NoVariable(address, at), th.Id, ins);
            th.Status = ThreadStatus.Finished;
            return;
        }
        ev.WalkLoc = at.Walk;
        if (Program.Heap is not null && !HeapAccess(th, ins, ev, loc, address))
        {
            return;
        }
        // A narrower load of a variable's first bytes reads its low bytes (as in the relaxed models); other mixes are refused.
        if (Program.Sizes.Length > 0 && ins.Size != Program.SizeOf(loc) && !(ins.Op == Opcode.Load && ins.Size < Program.SizeOf(loc)))
        {
            if (ins.Size < Program.SizeOf(loc))
            {
                throw MixedSize(ins, $"{ins.Size}-byte write to {Program.Locations[loc]}, a {Program.SizeOf(loc)}-byte variable");
            }
            Stop = new ThreadStop(StopReason.InvalidAccess, $"{ins.Size}-byte access to {Program.Locations[loc]}, a {Program.SizeOf(loc)}-byte variable (mixed-size accesses are not supported)", th.Id, ins);
            th.Status = ThreadStatus.Finished;
            return;
        }
        ev.Loc = loc;
        if (ins.NonAtomic && ins.Op != Opcode.Load)
        {
            PlainWritten[loc] = true;
        }
        long old = Alu.Truncate(Mem[loc], ins.Size);
        ev.Value = old;
        switch (ins.Op)
        {
            case Opcode.Load:
                th.Set(ins.Rd, old, 0, ins.Wide);
                Acquire(th, ins, loc);
                break;
            case Opcode.Store:
                Write(th, ins, ev, loc, th.Get(ins.Rn), update: false);
                break;
            case Opcode.Rmw:
                {
                    Acquire(th, ins, loc);
                    long operand = Alu.Truncate(th.Get(ins.Rn), ins.Size);
                    long result = Alu.Rmw(ins.Rmw, old, operand, ins.Size);
                    Write(th, ins, ev, loc, result, update: true);
                    th.Set(ins.Rd, old, 0, ins.Wide);
                    break;
                }
            case Opcode.Cas:
                if (old == Alu.Truncate(th.Get(ins.Rn), ins.Size))
                {
                    Acquire(th, ins, loc);
                    Write(th, ins, ev, loc, th.Get(ins.Rm), update: true);
                }
                else
                {
                    Acquire(th, ins, loc, ins.FailureFlags ?? ins.Flags);
                    ev.Kind = StepKind.FailedUpdate;
                }
                th.Set(ins.Rd, old, 0, ins.Wide);
                break;
            default:
                throw new InvalidOperationException($"not an access: {ins.Op}");
        }
        th.Pc++;
    }

    private void Write(DporThread th, Instr ins, DporEvent ev, int loc, long value, bool update)
    {
        value = Alu.Truncate(value, ins.Size);
        ev.Kind = update ? StepKind.Update : StepKind.Write;
        ev.Written = value;
        // A write of the value already there (a failed test-and-set's swap) changes nothing an await loop could wait for.
        if (!update || value != Mem[loc])
        {
            th.Writes++;
        }
        Mem[loc] = value;
        // C11 release sequences: an RMW extends the previous write's sequence; a plain atomic store starts its own.
        int[]? carried = ins.Flags.HasFlag(AccessFlags.Release) ? th.Hb : Clocks.IsEmpty(th.RelFence) ? null : th.RelFence;
        if (ins.NonAtomic)
        {
            Msg[loc] = null;
        }
        else if (update && Msg[loc] is { } previous)
        {
            var joined = (int[])previous.Clone();
            Clocks.JoinInto(joined, carried);
            Msg[loc] = joined;
        }
        else
        {
            Msg[loc] = carried is null ? null : (int[])carried.Clone();
        }
    }

    private void Acquire(DporThread th, Instr ins, int loc) => Acquire(th, ins, loc, ins.Flags);

    /// <summary>An atomic read of <paramref name="loc"/> with the order <paramref name="flags"/>: an acquire synchronises now, a relaxed read waits for an acquire fence.</summary>
    private void Acquire(DporThread th, Instr ins, int loc, AccessFlags flags)
    {
        if (ins.NonAtomic)
        {
            return;
        }
        Clocks.JoinInto((flags & (AccessFlags.Acquire | AccessFlags.AcquirePC)) != 0 ? th.Hb : th.AcqPending, Msg[loc]);
    }

    /// <summary>
    /// Runs register instructions, fences, assertions and branches until the thread reaches a visible event,
    /// finishes or blocks. A backward branch past the bound cuts the run; an await loop's back edge taken
    /// after an iteration that wrote nothing blocks the thread, because another iteration would do the same.
    /// </summary>
    public void RunLocal(DporThread th) => Execute(th);

    protected override ThreadProgram ThreadOf(DporThread s) => Program.Threads[s.Template];

    protected override int IdOf(DporThread s) => s.Template;

    protected override bool Before(DporThread th, Instr ins)
    {
        if (setup.AwaitHeads[th.Template][th.Pc])
        {
            th.HeadWrites[th.Pc] = th.Writes;
        }
        return true;
    }

    /// <summary>Visible events wait for the search: <see cref="Step"/> runs them.</summary>
    protected override Flow Access(DporThread th, Instr ins) => Flow.Stop;

    protected override Flow Choose(DporThread th, Instr ins) => Flow.Stop;

    protected override Flow Fence(DporThread th, Instr ins)
    {
        Fence(th, ins.Fence);
        Marks?.Add(new Mark(th.Id, ins, 0));
        return Next(th);
    }

    protected override Flow Tlbi(DporThread th, Instr ins)
    {
        // SC has no TLB: every walk reads the entry in memory, so there is nothing to invalidate.
        Marks?.Add(new Mark(th.Id, ins, ins.Rn >= 0 ? th.Get(ins.Rn) : 0));
        return Next(th);
    }

    protected override Flow Other(DporThread th, Instr ins)
    {
        switch (ins.Op)
        {
            case Opcode.Annotate:
                Marks?.Add(new Mark(th.Id, ins, th.Get(ins.Rn), ins.Rm >= 0 ? th.Get(ins.Rm) : 0));
                Held += ins.Annotation switch { AnnotationKind.Hold => 1, AnnotationKind.Release => -1, _ => 0 };
                return Next(th);
            case Opcode.Input:
                {
                    int principal = Program.Kernel?.PrincipalOf(th.Template) ?? -1;
                    th.Set(ins.Rd, KernelInfo.InputValue(principal, setup.VariedPrincipals.Contains(principal)), 0, ins.Wide);
                    return Next(th);
                }
            case Opcode.Assert:
                if (th.Get(ins.Rn) != 0)
                {
                    return Next(th);
                }
                Stop = ins.Check switch
                {
                    CheckKind.Misuse => new ThreadStop(StopReason.Misuse, ins.Text, th.Id, ins),
                    CheckKind.InvalidAccess => new ThreadStop(StopReason.InvalidAccess, ins.Text, th.Id, ins),
                    _ => new ThreadStop(StopReason.Assertion, $"assertion failed: {ins.Text}", th.Id, ins),
                };
                th.Status = ThreadStatus.Finished;
                return Flow.Stop;
            case Opcode.Assume:
                if (th.Get(ins.Rn) != 0)
                {
                    return Next(th);
                }
                th.Status = ThreadStatus.Assumed;
                return Flow.Stop;
            default:
                // Spawn, join, exit, malloc and free are visible events too.
                return Flow.Stop;
        }
    }

    /// <summary>An await loop's back edge after an iteration that wrote nothing: the thread waits for another's write.</summary>
    protected override bool Blocks(DporThread th, Instr branch, int target)
    {
        if (!branch.Await || th.Writes != th.HeadWrites[target])
        {
            return false;
        }
        th.Status = ThreadStatus.Await;
        th.AwaitHead = target;
        th.Pc = target;
        return true;
    }

    protected override void Finish(DporThread th) => th.Status = ThreadStatus.Finished;

    protected override void Cut(DporThread th, bool harmless) => th.Status = ThreadStatus.Bound;

    /// <summary>C11 fences: DMB ISH is both an acquire and a release fence, DMB ISHLD acquire only, DMB ISHST release only.</summary>
    private static void Fence(DporThread th, FenceKind kind)
    {
        if (kind is FenceKind.DmbFull or FenceKind.DmbLd or FenceKind.DsbFull or FenceKind.DsbLd)
        {
            Clocks.JoinInto(th.Hb, th.AcqPending);
        }
        if (kind is FenceKind.DmbFull or FenceKind.DmbSt or FenceKind.DsbFull or FenceKind.DsbSt)
        {
            Array.Copy(th.Hb, th.RelFence, th.Hb.Length);
        }
    }

    /// <summary>
    /// An access inside one variable at another width (a union member at a computed index) is valid C that vrm's
    /// memory of whole cells cannot express: the lowering splits the ones it can see, the rest are refused as
    /// unsupported, never reported as an invalid access of the program.
    /// </summary>
    private DiagnosticException MixedSize(Instr ins, string what) =>
        new(new Diagnostic(ins.SourceFile ?? Program.File, ins.Pos, $"unsupported: '{ins.Text}' is a {what} (mixed-size accesses need a byte-level memory model)"), unsupported: true);
}
