using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>
/// The C library's own events under SC: nondeterministic choices and the bounded heap (<see cref="HeapInfo"/>).
/// malloc writes its block's status, free reads and writes it, and an access to a cell of a block reads it, so
/// DPOR orders a free against every access to the block and a use after free is seen in some order.
/// </summary>
internal sealed partial class DporState
{
    /// <summary>The most values one nondeterministic choice may offer: each is a branch of the search.</summary>
    public const long MaxChoices = 4096;

    /// <summary>The values thread <paramref name="t"/>'s next event chooses from, when it is a nonempty choice.</summary>
    public (long Low, long High)? ChoiceRange(int t)
    {
        var th = Threads[t];
        var ins = Code(th)[th.Pc];
        if (ins.Op != Opcode.Choose)
        {
            return null;
        }
        long low = th.Get(ins.Rn), high = th.Get(ins.Rm);
        if (high < low)
        {
            return null;
        }
        if (high - low >= MaxChoices || high - low < 0)
        {
            throw new Syntax.DiagnosticException(new Syntax.Diagnostic(ins.SourceFile ?? Program.File, ins.Pos,
                $"{ins.Text} offers {(ulong)(high - low) + 1} values: vrm explores each one, and takes at most {MaxChoices}"), unsupported: true);
        }
        return (low, high);
    }

    private void Choose(DporThread th, Instr ins, DporEvent ev, long value)
    {
        ev.Kind = StepKind.Choose;
        th.Pc++;
        if (th.Get(ins.Rm) < th.Get(ins.Rn))
        {
            // No value to take: the execution is discarded, as a failed assumption discards it.
            th.Status = ThreadStatus.Assumed;
            return;
        }
        ev.Value = value;
        th.Set(ins.Rd, value, 0, wide: true);
    }

    /// <summary>The status location of the heap block that starts at <paramref name="address"/>, or -1.</summary>
    private int StatusOf(long address) =>
        Program.Heap is { } heap && heap.BlockAt(address) is int b and >= 0 ? heap.Blocks[b].StatusLoc : -1;

    /// <summary>For a cell of a heap block, the block's status location (an access to it also reads it); else -1.</summary>
    private int BlockStatus(int loc) =>
        loc >= 0 && Program.Heap is { } heap && heap.BlockOfLoc(loc) is int b and >= 0 ? heap.Blocks[b].StatusLoc : -1;

    /// <summary>Hands out the block at the address in Rn, of Rm bytes; a block beyond those made asks for more.</summary>
    private void Malloc(DporThread th, Instr ins, DporEvent ev)
    {
        var heap = Program.Heap!;
        long address = th.Get(ins.Rn), size = th.Get(ins.Rm);
        long number = (address - Program.HeapBlockAddress(th.Id, (int)ins.Imm, 0)) / Program.HeapBlockStride;
        if (number >= Program.MaxHeapBlocks)
        {
            throw new Syntax.DiagnosticException(new Syntax.Diagnostic(ins.SourceFile ?? Program.File, ins.Pos,
                $"{ins.Text} called more than {Program.MaxHeapBlocks} times here by one thread: vrm's heap has no more blocks for a call site"), unsupported: true);
        }
        int b = heap.BlockAt(address);
        if (b < 0)
        {
            throw new HeapCapacityException((int)Math.Min(Program.MaxHeapBlocks, Math.Max(number + 1, 2L * heap.BlocksPerSite)), heap.Elements);
        }
        var block = heap.Blocks[b];
        if ((ulong)size > (ulong)block.Capacity)
        {
            var site = heap.Sites[block.Site];
            if (site.FixedSize || size < 0 || size > Program.HeapBlockStride - (Program.HeapBlockStride % site.ElementSize))
            {
                throw new Syntax.DiagnosticException(new Syntax.Diagnostic(ins.SourceFile ?? Program.File, ins.Pos,
                    $"{ins.Text} of {(ulong)size} bytes: vrm's heap blocks are at most {Program.HeapBlockStride} bytes"), unsupported: true);
            }
            long elements = (size + site.ElementSize - 1) / site.ElementSize;
            throw new HeapCapacityException(heap.BlocksPerSite, (int)Math.Max(elements, 2L * heap.Elements));
        }
        ev.Loc = block.StatusLoc;
        ev.Kind = StepKind.Write;
        ev.Written = size + 1;
        Mem[block.StatusLoc] = size + 1;
        Msg[block.StatusLoc] = null;
        th.Writes++;
        th.Pc++;
    }

    /// <summary>Frees the block whose start is in Rn; free(NULL) does nothing; anything else is an invalid free.</summary>
    private void Free(DporThread th, Instr ins, DporEvent ev)
    {
        long address = th.Get(ins.Rn);
        ev.Value = address;
        th.Pc++;
        if (address == 0)
        {
            return;
        }
        int status = StatusOf(address);
        if (status < 0)
        {
            var heap = Program.Heap;
            int inside = heap?.BlockContaining(address) ?? -1;
            string what = inside >= 0 ? $"{heap!.Blocks[inside].Name}+{address - heap.Blocks[inside].Address}, inside a block malloc returned, not its start"
                : Program.LocationAt(address) is int loc and >= 0 ? $"&{Program.Locations[loc]}, which malloc did not return"
                : $"{Program.DescribeAddress(address)}, which malloc did not return";
            Stop = new ThreadStop(StopReason.InvalidFree, $"free of {what}", th.Id, ins);
            th.Status = ThreadStatus.Finished;
            return;
        }
        var block = Program.Heap!.Blocks[Program.Heap.BlockOfLoc(status)];
        long old = Mem[status];
        ev.Loc = status;
        ev.Kind = StepKind.Update;
        ev.Value = old;
        ev.Written = HeapInfo.Freed;
        if (old <= 0)
        {
            Stop = new ThreadStop(StopReason.InvalidFree, old == HeapInfo.Freed ? $"double free of {block.Name}" : $"free of {block.Name}, which malloc has not returned yet", th.Id, ins);
            th.Status = ThreadStatus.Finished;
            return;
        }
        Mem[status] = HeapInfo.Freed;
        Msg[status] = null;
        th.Writes++;
    }

    /// <summary>
    /// An access to a heap cell reads its block's status: it must be allocated, and the access within the size
    /// malloc was given. False (with the failure set) when it is not; a direct access to a status is no variable.
    /// </summary>
    private bool HeapAccess(DporThread th, Instr ins, DporEvent ev, int loc, long address)
    {
        var heap = Program.Heap!;
        int b = heap.BlockOfLoc(loc);
        if (b < 0)
        {
            return true;
        }
        var block = heap.Blocks[b];
        string? wrong = null;
        if (loc == block.StatusLoc)
        {
            wrong = $"access to address {address}, which is no variable";
        }
        else
        {
            ev.WalkLoc = block.StatusLoc;
            long status = Mem[block.StatusLoc];
            string access = ins.Op == Opcode.Load ? "read" : "write";
            wrong = status == HeapInfo.Freed ? $"use after free: {access} of {Program.Locations[loc]}, in {block.Name}, which was freed"
                : status == 0 ? $"{access} of {Program.Locations[loc]}, in {block.Name}, which malloc has not returned yet"
                : address - block.Address + ins.Size > status - 1 ? $"{access} of {Program.Locations[loc]}, beyond the {status - 1} bytes malloc gave {block.Name}"
                : null;
        }
        if (wrong is null)
        {
            return true;
        }
        // The event is the read of the status that found the access wrong, which takes part in no data race.
        ev.Loc = block.StatusLoc;
        ev.Value = Mem[block.StatusLoc];
        ev.Kind = StepKind.Read;
        ev.NonAtomic = false;
        ev.WalkOnly = true;
        Stop = new ThreadStop(StopReason.InvalidAccess, wrong, th.Id, ins);
        th.Status = ThreadStatus.Finished;
        return false;
    }
}

internal sealed partial class DporState
{
    /// <summary>
    /// Runs invariant template <paramref name="template"/> to its end on a copy of this state, as one more thread
    /// that nothing interleaves with; its failed assertion, or null when the invariant holds here.
    /// </summary>
    public ThreadStop? Evaluate(int template)
    {
        var probe = new DporState(setup, (long[])Mem.Clone(), new List<DporThread>(Threads), (int[]?[])Msg.Clone(), (bool[])PlainWritten.Clone());
        var zero = new int[Clocks.MaxThreads];
        var th = probe.Start(template, zero, zero, argument: null);
        probe.RunLocal(th);
        while (probe.Stop is null && th.Status == ThreadStatus.Running)
        {
            probe.Step(th.Id, 0);
        }
        if (th.Status is ThreadStatus.Bound or ThreadStatus.Await)
        {
            throw new Syntax.DiagnosticException(new Syntax.Diagnostic(Program.File, Syntax.SourcePos.None,
                $"invariant {Program.Threads[template].Name} does not finish on its own (a loop past --unroll, or an await loop): an invariant must be a terminating check of the state"));
        }
        return probe.Stop;
    }
}

/// <summary>
/// Runs an atomic specification (<see cref="Operation.Spec"/>): its code from start to end on a memory, with no
/// other thread, as one step of the abstract machine. The refinement check calls it to try orders of operations.
/// </summary>
public static class SpecRunner
{
    /// <returns>Null when the specification refuses this state (a <c>vrm_assume</c> that fails: the operation cannot take effect here).</returns>
    public static (long Result, long[] Memory)? Run(Program program, int template, long arg0, long arg1, long[] memory)
    {
        var setup = new DporSetup(program, unroll: 1000);
        var state = new DporState(setup, (long[])memory.Clone(), [], new int[]?[memory.Length], new bool[memory.Length]);
        var th = state.StartSpec(template, arg0, arg1);
        while (state.Stop is null && th.Status == ThreadStatus.Running)
        {
            state.Step(th.Id, 0);
        }
        if (state.Stop is { } f)
        {
            throw new Syntax.DiagnosticException(new Syntax.Diagnostic(f.At.SourceFile ?? program.File, f.At.Pos, $"specification {program.Threads[template].Name} fails: {f.Message}"));
        }
        if (th.Status == ThreadStatus.Assumed)
        {
            return null;
        }
        if (th.Status != ThreadStatus.Finished)
        {
            throw new Syntax.DiagnosticException(new Syntax.Diagnostic(program.File, Syntax.SourcePos.None,
                $"specification {program.Threads[template].Name} does not finish on its own (a loop past 1000 iterations, or an await loop): a specification is one atomic step"));
        }
        return (th.Val[0], state.Mem);
    }
}

internal sealed partial class DporState
{
    internal DporThread StartSpec(int template, long arg0, long arg1)
    {
        var zero = new int[Clocks.MaxThreads];
        var th = Start(template, zero, zero, argument: arg0);
        th.Val[1] = arg1;
        RunLocal(th);
        return th;
    }
}
