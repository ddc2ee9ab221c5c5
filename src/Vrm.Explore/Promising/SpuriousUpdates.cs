using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore.Promising;

/// <summary>
/// herd's spurious access-flag updates under Promising: when some thread manages the access flag in hardware,
/// the hardware may set the AF of a valid entry at any time. Each possible update is a pseudo-thread of the
/// search whose only message, if it promises one, is the entry with AF set, written atomically right after a
/// message (or the initial value) of the entry that is valid with AF clear.
/// </summary>
internal sealed class SpuriousUpdates(int tid, int pte)
{
    /// <summary>The pseudo-threads a program needs: per entry, as many as explicit 64-bit writes could clear its AF again, plus one.</summary>
    public static List<SpuriousUpdates> For(Program program)
    {
        var result = new List<SpuriousUpdates>();
        if (program.Vmsa is not { } vmsa || vmsa.Updates.All(u => u == HardwareUpdate.None))
        {
            return result;
        }
        int entryWrites = program.Threads.SelectMany(t => t.Code).Count(i => i.Op is Opcode.Store or Opcode.Rmw or Opcode.Cas && i.Size == 8);
        int tid = program.Threads.Count;
        foreach (var v in vmsa.Variables)
        {
            for (int k = 0; k <= Math.Min(entryWrites, 2); k++)
            {
                result.Add(new SpuriousUpdates(tid++, v.PteLoc));
            }
        }
        return result;
    }

    public ThreadRunResult Run(PromiseMemory mem)
    {
        var result = new ThreadRunResult();
        int promised = 0;
        for (int ts = 1; ts <= mem.Count; ts++)
        {
            if (mem[ts].Tid == tid)
            {
                promised = ts;
            }
        }
        for (int ts = 0; ts <= mem.Count; ts++)
        {
            if ((ts > 0 && mem[ts].Loc != pte) || (promised > 0 && ts >= promised))
            {
                continue;
            }
            long value = mem.ValueAt(pte, ts);
            var entry = Pte.Decode(value);
            if (!Pte.IsDescriptor(value) || !entry.Valid || entry.Af)
            {
                continue;
            }
            long updated = Pte.Encode(entry with { Af = true });
            if (promised == 0)
            {
                result.AddNewWrite(pte, updated);
            }
            else if (mem[promised].Val == updated && NoWriteBetween(mem, ts, promised))
            {
                result.Certified = true;
            }
        }
        if (promised == 0)
        {
            result.Certified = true;
        }
        if (result.Certified)
        {
            result.Finals.Add(new RegisterFile([]));
        }
        return result;
    }

    private bool NoWriteBetween(PromiseMemory mem, int from, int to)
    {
        for (int ts = from + 1; ts < to; ts++)
        {
            if (mem[ts].Loc == pte)
            {
                return false;
            }
        }
        return true;
    }
}
