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
    /// <param name="maxFlowSensitive">See <see cref="MaxFlowSensitive"/> (tests lower it).</param>
    public static int[] Owners(Program program, long maxFlowSensitive = MaxFlowSensitive)
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
                changed |= AnalyseThread(program.Threads[t], program.RegisterCount, Prov, mem, ref accessed[t], maxFlowSensitive);
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

    /// <summary>
    /// Above this many (instruction, register) pairs a thread is analysed flow-insensitively: the flow-sensitive
    /// pass keeps a register file per instruction, which for an inlined C harness (tens of thousands of both) is
    /// gigabytes. Lowered C writes each register once, so it loses almost nothing there.
    /// </summary>
    public const long MaxFlowSensitive = 4_000_000;

    /// <summary>One thread's pass; true when memory or the accessed set grew.</summary>
    private static bool AnalyseThread(ThreadProgram thread, int registers, Func<long, ulong> prov, ulong[] mem, ref ulong accessed, long maxFlowSensitive)
    {
        var entry = new ulong[registers];
        foreach (var (reg, value) in thread.InitRegs)
        {
            entry[reg] |= prov(value);
        }
        return (long)thread.Code.Length * registers <= maxFlowSensitive
            ? FlowSensitive(thread.Code, entry, mem, ref accessed)
            : FlowInsensitive(thread.Code, entry, mem, ref accessed);
    }

    private static bool FlowSensitive(Instr[] code, ulong[] entry, ulong[] mem, ref ulong accessed)
    {
        var at = new ulong[code.Length + 1][];
        at[0] = entry;
        var work = new Stack<int>([0]);
        bool grew = false;
        while (work.Count > 0)
        {
            int pc = work.Pop();
            if (pc >= code.Length)
            {
                continue;
            }
            var r = (ulong[])at[pc]!.Clone();
            bool unused = false;
            grew |= Step(code[pc], r, strong: true, mem, ref accessed, ref unused);
            foreach (int next in Successors(code[pc], pc))
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

    /// <summary>One register file for the whole thread, every instruction applied until nothing grows.</summary>
    private static bool FlowInsensitive(Instr[] code, ulong[] r, ulong[] mem, ref ulong accessed)
    {
        bool grew = false, registersGrew = true;
        while (registersGrew)
        {
            registersGrew = false;
            foreach (var ins in code)
            {
                grew |= Step(ins, r, strong: false, mem, ref accessed, ref registersGrew);
            }
        }
        return grew;
    }

    /// <summary>
    /// Applies one instruction to the register file <paramref name="r"/> (replacing a register's set when
    /// <paramref name="strong"/>, adding to it otherwise, and then setting <paramref name="registersGrew"/> when
    /// one grew) and to memory; true when memory or the accessed set grew.
    /// </summary>
    private static bool Step(Instr ins, ulong[] r, bool strong, ulong[] mem, ref ulong accessed, ref bool registersGrew)
    {
        bool grew = false, regs = false;
        ulong R(int reg) => reg >= 0 && reg < r.Length ? r[reg] : 0;
        void Set(int reg, ulong p)
        {
            if (reg >= 0 && reg < r.Length && reg != Reg.Zero)
            {
                regs |= !strong && (p & ~r[reg]) != 0;
                r[reg] = strong ? p : r[reg] | p;
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
        registersGrew |= regs;
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
