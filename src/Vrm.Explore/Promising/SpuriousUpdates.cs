using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore.Promising;

/// <summary>
/// herd's spurious access-flag updates under Promising: when some thread manages the access flag in hardware,
/// the hardware may set the AF of a valid entry at any time, whether or not an instruction uses the entry. herd
/// gives every write of an entry that leaves it valid with AF clear (the initial one included) its own optional
/// update, an atomic read–write of the entry; so an entry a store resets to AF clear may be updated again. Here
/// each entry has one pseudo-thread of the search whose messages are those updates: each one the entry with AF
/// set, written atomically right after a message (or the initial value) of the entry that is valid with AF
/// clear. Two updates never follow one write (the second would read the first's AF set), so the updates of an
/// execution are at most its AF-clearing writes, as in herd.
/// </summary>
internal sealed class SpuriousUpdates(int tid, int pte, int bound)
{
    /// <summary>How many updates the pseudo-thread may promise: one per write of the entry a run can make, and the initial value.</summary>
    public int Bound { get; } = bound;

    /// <summary>The pseudo-threads a program needs: one per page-table entry, after the program's threads.</summary>
    public static List<SpuriousUpdates> For(Program program, IReadOnlyList<int> maxWrites)
    {
        var result = new List<SpuriousUpdates>();
        if (program.Vmsa is not { } vmsa || vmsa.Updates.All(u => u == HardwareUpdate.None))
        {
            return result;
        }
        int bound = 1 + maxWrites.Sum();
        int tid = program.Threads.Count;
        foreach (var v in vmsa.Variables)
        {
            result.Add(new SpuriousUpdates(tid++, v.PteLoc, bound));
        }
        return result;
    }

    /// <summary>
    /// Certified when each of its messages follows, with no other write of the entry between, an entry value
    /// that is valid with AF clear and is that value with AF set; it may then promise one more update after the
    /// entry's newest message if that one is valid with AF clear.
    /// </summary>
    public ThreadRunResult Run(PromiseMemory mem)
    {
        var result = new ThreadRunResult();
        long current = mem.ValueAt(pte, 0);
        for (int ts = 1; ts <= mem.Count; ts++)
        {
            if (mem[ts].Loc != pte)
            {
                continue;
            }
            if (mem[ts].Tid == tid && Updated(current) != mem[ts].Val)
            {
                return result;
            }
            current = mem[ts].Val;
        }
        result.Certified = true;
        if (Updated(current) is { } next)
        {
            result.AddNewWrite(pte, next);
        }
        result.Finals.Add(new RegisterFile([]));
        return result;
    }

    /// <summary>The entry with AF set, when <paramref name="value"/> is a valid entry with AF clear; null otherwise.</summary>
    private static long? Updated(long value)
    {
        var entry = Pte.Decode(value);
        return Pte.IsDescriptor(value) && entry.Valid && !entry.Af ? Pte.Encode(entry with { Af = true }) : null;
    }
}
