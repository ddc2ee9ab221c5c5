using Vrm.Programs;

namespace Vrm.Explore.Dpor;

public sealed partial class SourceDpor
{
    /// <summary>
    /// Gives the new event its clock in the dependency order (its thread's past, the conflicting accesses
    /// before it, a joined thread's past) and returns the thread's clock from before it.
    /// </summary>
    private int[] DependencyClock(DporState state, DporEvent ev, List<int> conflicts)
    {
        var th = state.Threads[ev.Thread];
        var before = th.Dep;
        var clock = (int[])before.Clone();
        if (ev.Kind == StepKind.Join)
        {
            Clocks.JoinInto(clock, state.Threads[ev.Other].Dep);
        }
        foreach (int j in conflicts)
        {
            Clocks.JoinInto(clock, trace[j].Clock);
        }
        clock[ev.Thread] = ev.Local;
        ev.Clock = clock;
        th.Dep = clock;
        if (ev.Kind == StepKind.Spawn)
        {
            state.Threads[ev.Other].Dep = (int[])clock.Clone();
        }
        return before;
    }

    /// <summary>
    /// The earlier accesses the new one depends on and that no other dependent access separates: the last write, and
    /// for a write the reads after it. Await reads are the exception (<see cref="Commutes"/>): one commutes with a
    /// write that would have left it blocked too, so an await read depends on the last write it does not commute
    /// with, and a write on each await read before its last write that commutes with every write in between but
    /// not with it (an await read blocks its thread, so there is at most one per thread on a path).
    /// </summary>
    private List<int> DirectConflicts(DporEvent ev)
    {
        var found = new List<int>();
        if (ev.Kind == StepKind.Exit)
        {
            // exit ends every other thread, so it depends on all their events.
            for (int j = 0; j < trace.Count; j++)
            {
                if (trace[j].Thread != ev.Thread)
                {
                    found.Add(j);
                }
            }
            return found;
        }
        if (ev.Loc >= 0)
        {
            DirectConflicts(ev, ev.Loc, ev.Writes, found);
        }
        if (ev.Path is { } path)
        {
            foreach (int entry in path)
            {
                DirectConflicts(ev, entry, writes: false, found);
            }
        }
        else if (ev.WalkLoc >= 0)
        {
            DirectConflicts(ev, ev.WalkLoc, writes: false, found);
        }
        return found;
    }

    /// <summary>The direct conflicts on one location the new event reads (and writes when <paramref name="writes"/>); a walk of an earlier event reads its entry.</summary>
    private void DirectConflicts(DporEvent ev, int loc, bool writes, List<int> found)
    {
        bool awaitRead = ev.Waits is not null && ev.Loc == loc;
        int lastWrite = -1;
        for (int j = trace.Count - 1; j >= 0; j--)
        {
            var e = trace[j];
            if (e.Loc != loc && !e.WalkReads(loc))
            {
                continue;
            }
            if (e.Loc == loc && e.Writes)
            {
                if (awaitRead && Commutes(ev, e))
                {
                    continue;
                }
                Add(found, j);
                lastWrite = j;
                break;
            }
            if (writes && !(e.Waits is not null && e.Loc == loc && Commutes(e, ev)))
            {
                Add(found, j);
            }
        }
        if (!writes)
        {
            return;
        }
        // An await read before the last write that commuted with every write since is ordered before this one by no
        // other conflict: it is a direct one unless it commutes with this write too.
        foreach (int r in awaitReads)
        {
            var read = trace[r];
            if (r < lastWrite && read.Loc == loc && CommutesWithWritesUpTo(r, trace.Count) && !Commutes(read, ev))
            {
                Add(found, r);
            }
        }
    }

    /// <summary>
    /// Whether the await read at <paramref name="r"/> commutes with every write of its location after it and before
    /// <paramref name="end"/>; memoised on the read (<see cref="DporEvent.CheckedTo"/>, reset when the path is cut back).
    /// </summary>
    private bool CommutesWithWritesUpTo(int r, int end)
    {
        var read = trace[r];
        if (read.BrokenAt >= 0)
        {
            return false;
        }
        for (int k = Math.Max(read.CheckedTo, r + 1); k < end; k++)
        {
            var w = trace[k];
            if (w.Loc == read.Loc && w.Writes && !Commutes(read, w))
            {
                read.BrokenAt = k;
                return false;
            }
        }
        read.CheckedTo = Math.Max(read.CheckedTo, end);
        return true;
    }

    /// <summary>The path was cut back to <paramref name="length"/> events: forget await reads past it and what was checked there.</summary>
    private void CutAwaitReads(int length)
    {
        awaitReads.RemoveAll(r => r >= length);
        foreach (int r in awaitReads)
        {
            var read = trace[r];
            read.CheckedTo = Math.Min(read.CheckedTo, length);
            if (read.BrokenAt >= length)
            {
                read.BrokenAt = -1;
            }
        }
    }

    private static void Add(List<int> found, int j)
    {
        if (!found.Contains(j))
        {
            found.Add(j);
        }
    }

    /// <summary>
    /// For each earlier event in a race with the new one (conflicting, another thread, not ordered through a
    /// third event), makes sure the state before it will also try a thread that can start the reversed order.
    /// </summary>
    private void FindRaces(DporEvent ev, int[] before, List<int> conflicts)
    {
        foreach (int j in conflicts)
        {
            var c = trace[j];
            if (c.Thread == ev.Thread || Clocks.Covers(before, c.Thread, c.Local))
            {
                continue;
            }
            bool separated = false;
            foreach (int k in conflicts)
            {
                if (k != j && Clocks.Covers(trace[k].Clock, c.Thread, c.Local))
                {
                    separated = true;
                    break;
                }
            }
            if (!separated)
            {
                AddBacktrack(j, ev);
            }
        }
    }

    /// <summary>
    /// Source sets: the threads whose first event in v = notdep(c).ev has no predecessor in v can start the
    /// reversed race; one of them must be tried before c unless one already is.
    /// </summary>
    private void AddBacktrack(int j, DporEvent ev)
    {
        var c = trace[j];
        ulong initials = 0, seen = 0;
        var inV = new List<DporEvent>();
        for (int k = j + 1; k < trace.Count; k++)
        {
            var e = trace[k];
            if (Clocks.Covers(e.Clock, c.Thread, c.Local))
            {
                continue;
            }
            if ((seen & (1UL << e.Thread)) == 0 && !inV.Exists(w => Clocks.Covers(e.Clock, w.Thread, w.Local)))
            {
                initials |= 1UL << e.Thread;
            }
            seen |= 1UL << e.Thread;
            inV.Add(e);
        }
        if ((seen & (1UL << ev.Thread)) == 0 && !inV.Exists(w => Clocks.Covers(ev.Clock, w.Thread, w.Local)))
        {
            initials |= 1UL << ev.Thread;
        }
        var frame = frames[j];
        if ((initials & frame.Backtrack) != 0 || initials == 0)
        {
            return;
        }
        frame.Backtrack |= (initials & (1UL << ev.Thread)) != 0 ? 1UL << ev.Thread : initials & (~initials + 1);
    }

    /// <summary>The step checks judge the new event; the first finding is the execution's violation.</summary>
    private void JudgeStep(DporEvent ev)
    {
        foreach (var check in stepChecks)
        {
            if (check.OnStep(program, trace, ev) is { } found)
            {
                var steps = trace.Select(x => x.ToStep()).Append(ev.ToStep()).ToList();
                violation = new Violation(found.Kind, found.Message, steps, ev.Thread, ev.Instr) { OtherStep = found.OtherStep };
                return;
            }
        }
    }

    private string ThreadName(int id, int template) => $"T{id} {program.Threads[template].Name}";
}
