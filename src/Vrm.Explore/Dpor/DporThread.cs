using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Programs;

namespace Vrm.Explore.Dpor;

internal enum ThreadStatus { Running, Finished, Await, Assumed, Bound }

/// <summary>
/// One thread of the SC machine: its registers and program counter, its loop counters, and two vector
/// clocks — <see cref="Dep"/> for DPOR's dependency order and <see cref="Hb"/> for C11 happens-before.
/// Copied only when the thread itself steps, so a frame shares the others with its parent.
/// </summary>
internal sealed class DporThread : ThreadControl, IRegisters<byte>
{
    public required int Id;
    public required int Template;
    public required long[] Val;
    public ThreadStatus Status;
    public int Local;
    public int Writes;

    /// <summary>Per await-loop head: the thread's write count when it last arrived there.</summary>
    public required int[] HeadWrites;

    /// <summary>Where an await loop blocked: its head.</summary>
    public int AwaitHead = -1;

    public required int[] Dep;
    public required int[] Hb;
    public required int[] RelFence;
    public required int[] AcqPending;

    public DporThread Clone() => new()
    {
        Id = Id,
        Template = Template,
        Val = (long[])Val.Clone(),
        Pc = Pc,
        Status = Status,
        Local = Local,
        Writes = Writes,
        LoopCount = (int[])LoopCount.Clone(),
        Elr = Elr,
        Vmid = Vmid,
        Asid = Asid,
        HeadWrites = (int[])HeadWrites.Clone(),
        AwaitHead = AwaitHead,
        Dep = (int[])Dep.Clone(),
        Hb = (int[])Hb.Clone(),
        RelFence = (int[])RelFence.Clone(),
        AcqPending = (int[])AcqPending.Clone(),
    };

    public static DporThread Start(int id, int template, int registers, int codeLength, int[] dep, int[] hb) => new()
    {
        Id = id,
        Template = template,
        Val = new long[registers],
        LoopCount = new int[codeLength],
        HeadWrites = new int[codeLength],
        Dep = (int[])dep.Clone(),
        Hb = (int[])hb.Clone(),
        RelFence = new int[Clocks.MaxThreads],
        AcqPending = new int[Clocks.MaxThreads],
    };

    public long Get(int reg) => reg is Reg.Zero or Reg.None ? 0 : Val[reg];

    byte IRegisters<byte>.Dep(int reg) => 0;

    public void Set(int reg, long value, byte dep, bool wide)
    {
        if (reg is not (Reg.Zero or Reg.None))
        {
            Val[reg] = wide ? value : (long)(uint)value;
        }
    }

    public byte Join(byte a, byte b) => 0;

    public byte Pick(byte source, byte flags) => 0;

    public void Control(byte dep)
    {
    }
}

/// <summary>Vector clocks over thread ids: entry t is how many of thread t's events are ordered before.</summary>
internal static class Clocks
{
    /// <summary>Thread sets are 64-bit masks.</summary>
    public const int MaxThreads = 64;

    public static void JoinInto(int[] into, int[]? other)
    {
        if (other is null)
        {
            return;
        }
        for (int i = 0; i < into.Length; i++)
        {
            if (other[i] > into[i])
            {
                into[i] = other[i];
            }
        }
    }

    /// <summary>True when the event numbered <paramref name="local"/> of thread <paramref name="thread"/> is in <paramref name="clock"/>'s past.</summary>
    public static bool Covers(int[] clock, int thread, int local) => clock[thread] >= local;

    public static bool IsEmpty(int[] clock) => Array.TrueForAll(clock, c => c == 0);
}
