using Vrm.Programs;

namespace Vrm.Explore.Promising;

/// <summary>
/// Which locations only one thread can ever access (stack frames, per-thread buffers). Their writes need no
/// messages: no other thread can read them, so a private write is best placed just above what it must
/// follow, and it never needs to be promised or interleaved with other messages. The analysis follows
/// where addresses can flow: a register holds a set of variables it may point into; memory holds, per
/// variable, the variables whose addresses may be stored in it; everything is iterated to a fixpoint.
/// </summary>
internal static class PrivateLocations
{
    /// <summary>For each location, the one thread that may access it, or -1 when it is shared (or unknown).</summary>
    public static int[] Owners(Program program)
    {
        int locs = program.Locations.Count;
        var owners = Enumerable.Repeat(-1, locs).ToArray();
        var variable = new int[locs];
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int l = 0; l < locs; l++)
        {
            var name = program.Locations[l];
            int bracket = name.IndexOf('[', StringComparison.Ordinal);
            var v = bracket > 0 ? name[..bracket] : name;
            if (!names.TryGetValue(v, out variable[l]))
            {
                variable[l] = names[v] = names.Count;
            }
        }
        if (names.Count > 64)
        {
            return owners;
        }
        ulong Prov(long value)
        {
            int loc = program.LocationAt(value);
            if (loc < 0)
            {
                // An address inside an array cell range still points into that array.
                for (int l = 0; l < locs; l++)
                {
                    if (value > program.Addresses[l] && value - program.Addresses[l] < Program.AddressStride)
                    {
                        return 1UL << variable[l];
                    }
                }
                return 0;
            }
            return 1UL << variable[loc];
        }
        var mem = new ulong[names.Count];
        for (int l = 0; l < locs; l++)
        {
            mem[variable[l]] |= Prov(program.InitMemory[l]);
        }
        var accessed = new ulong[program.Threads.Count];
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int t = 0; t < program.Threads.Count; t++)
            {
                changed |= AnalyseThread(program.Threads[t], program.RegisterCount, Prov, mem, ref accessed[t]);
            }
        }
        for (int l = 0; l < locs; l++)
        {
            ulong bit = 1UL << variable[l];
            var users = Enumerable.Range(0, accessed.Length).Where(t => (accessed[t] & bit) != 0).ToList();
            owners[l] = users.Count == 1 ? users[0] : -1;
        }
        return owners;
    }

    /// <summary>One thread's flow-sensitive pass; true when memory or the accessed set grew.</summary>
    private static bool AnalyseThread(ThreadProgram thread, int registers, Func<long, ulong> prov, ulong[] mem, ref ulong accessed)
    {
        var code = thread.Code;
        var at = new ulong[code.Length + 1][];
        var entry = new ulong[registers];
        foreach (var (reg, value) in thread.InitRegs)
        {
            entry[reg] |= prov(value);
        }
        at[0] = entry;
        var work = new Stack<int>([0]);
        bool grew = false;
        ulong all = 0;
        foreach (var m in mem)
        {
            all |= m;
        }
        while (work.Count > 0)
        {
            int pc = work.Pop();
            if (pc >= code.Length)
            {
                continue;
            }
            var r = (ulong[])at[pc]!.Clone();
            var ins = code[pc];
            ulong R(int reg) => reg >= 0 && reg < r.Length ? r[reg] : 0;
            void Set(int reg, ulong p)
            {
                if (reg >= 0 && reg < r.Length && reg != Reg.Zero)
                {
                    r[reg] = p;
                }
            }
            ulong address = ins.IsMemory ? R(ins.Addr.Base) | (ins.Addr.Offset.IsImmediate ? 0 : R(ins.Addr.Offset.Reg)) : 0;
            ulong loaded = 0;
            foreach (int v in Bits(address))
            {
                loaded |= mem[v];
            }
            if (ins.IsMemory)
            {
                grew |= (address & ~accessed) != 0;
                accessed |= address;
                if (ins.Addr.Writeback != AddressWriteback.None)
                {
                    Set(ins.Addr.Base, address);
                }
            }
            ulong stored = ins.Op switch
            {
                Opcode.Store => R(ins.Rn),
                Opcode.Rmw => R(ins.Rn) | loaded,
                Opcode.Cas => R(ins.Rm),
                _ => 0,
            };
            foreach (int v in Bits(address))
            {
                grew |= (stored & ~mem[v]) != 0;
                mem[v] |= stored;
            }
            switch (ins.Op)
            {
                case Opcode.MovImm:
                    Set(ins.Rd, 0);
                    break;
                case Opcode.Alu:
                    Set(ins.Rd, R(ins.Rn) | R(ins.Src2.Reg) | R(ins.Rm));
                    break;
                case Opcode.Csel:
                    Set(ins.Rd, R(ins.Rn) | R(ins.Rm));
                    break;
                case Opcode.Load:
                case Opcode.Rmw:
                case Opcode.Cas:
                    Set(ins.Rd, loaded);
                    break;
                case Opcode.Store when ins.Flags.HasFlag(AccessFlags.Exclusive):
                    Set(ins.Rd, 0);
                    break;
            }
            foreach (int next in Successors(ins, pc))
            {
                if (at[next] is null)
                {
                    at[next] = r;
                    work.Push(next);
                }
                else if (Merge(at[next]!, r))
                {
                    work.Push(next);
                }
            }
        }
        return grew;
    }

    private static IEnumerable<int> Successors(Instr ins, int pc) => ins.Op switch
    {
        Opcode.Branch => [ins.Target],
        Opcode.BranchCond or Opcode.BranchZero => [pc + 1, ins.Target],
        _ => [pc + 1],
    };

    private static bool Merge(ulong[] into, ulong[] from)
    {
        bool changed = false;
        for (int i = 0; i < into.Length; i++)
        {
            if ((from[i] & ~into[i]) != 0)
            {
                into[i] |= from[i];
                changed = true;
            }
        }
        return changed;
    }

    private static IEnumerable<int> Bits(ulong set)
    {
        while (set != 0)
        {
            yield return System.Numerics.BitOperations.TrailingZeroCount(set);
            set &= set - 1;
        }
    }
}
