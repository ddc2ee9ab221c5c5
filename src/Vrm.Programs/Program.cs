namespace Vrm.Programs;

/// <summary>Something whose final value a condition can mention: a thread's register or a memory location.</summary>
public readonly record struct Observable(int Thread, int Reg, int Loc)
{
    public static Observable Register(int thread, int reg) => new(thread, reg, -1);

    public static Observable Memory(int loc) => new(-1, Programs.Reg.None, loc);

    public bool IsMemory => Loc >= 0;
}

public abstract record Cond;

public sealed record ConstCond(bool Value) : Cond;

public sealed record AtomCond(Observable Target, long Value, bool Equal) : Cond;

public sealed record NotCond(Cond Operand) : Cond;

public sealed record AndCond(Cond Left, Cond Right) : Cond;

public sealed record OrCond(Cond Left, Cond Right) : Cond;

public enum CondKind { Exists, NotExists, Forall }

public sealed record ThreadProgram(int Index, string Name, Instr[] Code, IReadOnlyList<(int Reg, long Value)> InitRegs);

/// <summary>
/// A whole program in the thread IR: shared locations with their initial values, the threads, and what the
/// user asks about the final states. Models and explorers see only this, never the front-end that made it.
/// </summary>
public sealed record Program(
    string Name,
    string File,
    IReadOnlyList<string> Locations,
    long[] InitMemory,
    IReadOnlyList<ThreadProgram> Threads,
    CondKind ConditionKind,
    Cond Condition,
    Cond? Filter,
    IReadOnlyList<Observable> Observed,
    IReadOnlyList<int> LocationSizes)
{
    /// <summary>Addresses of locations are large distinctive numbers so values and addresses can share a register.</summary>
    public const long AddressBase = 0x1000_0000_0000L;

    public const long AddressStride = 0x1_0000L;

    public static long AddressOf(int loc) => AddressBase + (loc * AddressStride);

    /// <summary>The location at an address, or -1 when the address is not the start of a known location.</summary>
    public int LocationAt(long address)
    {
        long d = address - AddressBase;
        if (d < 0 || d % AddressStride != 0)
        {
            return -1;
        }
        long k = d / AddressStride;
        return k < Locations.Count ? (int)k : -1;
    }

    /// <summary>How herd prints a value: a location's name when it is that location's address, else a number.</summary>
    public string FormatValue(long value)
    {
        int loc = LocationAt(value);
        return loc >= 0 ? Locations[loc] : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public string FormatObservable(Observable o) =>
        o.IsMemory ? $"[{Locations[o.Loc]}]" : $"{o.Thread}:{Reg.Name(o.Reg)}";
}
