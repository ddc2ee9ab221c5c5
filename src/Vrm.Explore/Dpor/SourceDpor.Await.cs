using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>
/// Await reads: the read that ends an await-loop iteration which changed nothing, after which its thread is
/// blocked for the rest of the execution. Such a read and a write of its location by another thread commute
/// when the iteration would have blocked with the value before the write and with the value it writes: either
/// order leaves the same memory and the same blocked thread (an await loop carries no value from one
/// iteration to the next, so what the blocked iteration read is dead), and neither step disables the other.
/// DPOR then explores one execution where the two orders used to give two blocked ones: a waiter that read
/// "not yet" is blocked once, not once per write that still says "not yet". This is a coarser dependency
/// between events, not a pruning, so source-DPOR's completeness argument holds as it stands; the checks are
/// made invariant under the new equivalence: the deadlock check runs the loop again on the final memory
/// (<see cref="SpinsForever"/>), and the data race check sees the same races in both orders under the
/// conditions of <see cref="NoteAwaitRead"/>.
/// </summary>
public sealed partial class SourceDpor
{
    /// <summary>
    /// Marks <paramref name="ev"/> as an await read when it qualifies: a read-only step (a load or a failed CAS) after
    /// which its thread is blocked, atomic, of ordinary memory (no page-table walk, no heap block), with no plain
    /// write of the location before it. The last two keep race reports the same in both orders: an acquire that
    /// reads a later release write could otherwise hide a race with a plain write the earlier one did not order.
    /// </summary>
    private void NoteAwaitRead(DporState before, DporState after, DporEvent ev)
    {
        if (ev.Kind is StepKind.Read or StepKind.FailedUpdate && ev.Loc >= 0 && ev.WalkLoc < 0 && !ev.WalkOnly && !ev.NonAtomic
            && after.Threads[ev.Thread].Status == ThreadStatus.Await && after.Stop is null
            && !before.PlainWritten[ev.Loc])
        {
            ev.Waits = before;
        }
    }

    /// <summary>
    /// Whether await read <paramref name="read"/> and write <paramref name="write"/> of its location commute: the write is
    /// another thread's, atomic, and the read's iteration blocks both with the value before it and with the value it writes.
    /// </summary>
    private static bool Commutes(DporEvent read, DporEvent write) =>
        write.Thread != read.Thread && !write.NonAtomic && write.Kind is StepKind.Write or StepKind.Update
        && BlocksWith(read, write.Value) && BlocksWith(read, write.Written);

    /// <summary>Whether the await read's iteration would also block had the read found <paramref name="value"/> in its location.</summary>
    private static bool BlocksWith(DporEvent read, long value)
    {
        var before = read.Waits!;
        if (value == before.Mem[read.Loc])
        {
            return true;
        }
        read.BlocksWith ??= [];
        if (!read.BlocksWith.TryGetValue(value, out bool blocks))
        {
            var trial = before.CloneFor(read.Thread);
            trial.Mem[read.Loc] = value;
            trial.Step(read.Thread);
            blocks = trial.Stop is null && trial.Threads[read.Thread].Status == ThreadStatus.Await;
            read.BlocksWith[value] = blocks;
        }
        return blocks;
    }

    /// <summary>
    /// At the end of an execution, whether blocked thread <paramref name="th"/> would spin forever: its await loop, run
    /// again alone on the final memory (no other thread will write again), blocks without changing anything, and so
    /// does every loop that run blocks in next (an inner loop's exit may end its outer loop's iteration), until a loop
    /// comes round again. Its state at a loop head is that memory and the values from before the loop (an await loop
    /// carries none), so from there it repeats forever. This depends only on the final state, so it is the same in
    /// every order DPOR treats as equivalent.
    /// </summary>
    private static bool SpinsForever(DporState state, DporThread th)
    {
        const int steps = 10_000;
        var heads = new HashSet<int>();
        int head = th.AwaitHead;
        while (heads.Add(head))
        {
            var trial = state.CloneFor(th.Id);
            var again = trial.Threads[th.Id];
            again.Status = ThreadStatus.Running;
            again.Pc = head;
            trial.RunLocal(again);
            int writes = again.Writes;
            for (int i = 0; i < steps && again.Status == ThreadStatus.Running && trial.Stop is null; i++)
            {
                if (trial.Code(again)[again.Pc].Op is not (Opcode.Load or Opcode.Rmw or Opcode.Cas))
                {
                    return false;
                }
                trial.Step(th.Id);
                if (again.Writes != writes)
                {
                    return false;
                }
            }
            if (again.Status != ThreadStatus.Await || trial.Stop is not null)
            {
                return false;
            }
            head = again.AwaitHead;
        }
        return true;
    }
}
