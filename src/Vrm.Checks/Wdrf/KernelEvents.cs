namespace Vrm.Checks.Wdrf;

/// <summary>What a kernel CPU did, as the wDRF checks see an execution.</summary>
public enum KernelEventKind
{
    /// <summary>The CPU now holds the lock (SeKVM's <c>log_hold</c>, right after the acquisition succeeded): VRM's PULL.</summary>
    Hold,

    /// <summary>The CPU gives the lock up (right before the releasing write): VRM's PUSH.</summary>
    Release,
    Read,
    Write,

    /// <summary>A barrier: <see cref="KernelEvent.FullBarrier"/> says whether it orders every access (DMB/DSB SY or ISH).</summary>
    Barrier,
}

/// <summary>
/// One event of one CPU in execution order. <see cref="Address"/> is the lock for Hold/Release and the
/// accessed address otherwise; <see cref="Acquire"/>/<see cref="ReleaseOrder"/> say whether a read is an
/// acquire (LDAR, LDAXR, CASA...) or a write a release (STLR...). <see cref="User"/> marks user/VM code and
/// the MMU, whose accesses are no kernel accesses. <see cref="Site"/> names the source position for reports;
/// <see cref="Where"/> is the same position as an input error names it (<c>file(line,col)</c>), when known.
/// </summary>
public readonly record struct KernelEvent(
    int Cpu,
    KernelEventKind Kind,
    long Address,
    string Site,
    int Size = 8,
    bool Acquire = false,
    bool ReleaseOrder = false,
    bool FullBarrier = false,
    bool User = false,
    string? Where = null);

/// <summary>
/// Memory a lock protects: <see cref="Size"/> bytes from <see cref="Start"/>; the lock itself is <see cref="LockSize"/>
/// bytes from <see cref="Lock"/> (0: unknown, only its address is).
/// </summary>
public sealed record Protection(long Lock, long Start, long Size, string Name, long LockSize = 0)
{
    public bool Covers(long address, int size) => address < Start + Size && address + size > Start;
}

/// <summary>A broken condition in one execution: which, why, and at which event (its index in the execution).</summary>
public sealed record WdrfViolation(string Condition, string Message, int Event);

/// <summary>Which lock protects which memory; bad declarations are input errors, found before any execution.</summary>
public sealed class Protections
{
    private readonly List<Protection> ranges = [];

    public IReadOnlyList<Protection> All => ranges;

    /// <summary>Adds a range; returns an error when it overlaps memory another lock protects (one object has one lock).</summary>
    public string? Add(Protection p)
    {
        if (p.Size <= 0)
        {
            return $"'{p.Name}' protects no memory (size {p.Size})";
        }
        var other = ranges.FirstOrDefault(r => r.Lock != p.Lock && r.Covers(p.Start, (int)Math.Min(p.Size, int.MaxValue)));
        if (other is not null)
        {
            return $"'{p.Name}' overlaps '{other.Name}', which another lock protects";
        }
        ranges.Add(p);
        return null;
    }

    /// <summary>The lock that protects an access, or null when it touches no protected memory.</summary>
    public long? LockOf(long address, int size) => ranges.FirstOrDefault(r => r.Covers(address, size))?.Lock;

    public bool IsLock(long address) => ranges.Any(r => r.Lock == address);

    /// <summary>Whether the lock's size was declared (vrm.h's VRM_PROTECTS records it), so its own memory is known.</summary>
    public bool KnowsLockMemory(long lockAddress) => ranges.Any(r => r.Lock == lockAddress && r.LockSize > 0);

    /// <summary>
    /// The lock whose own memory an access touches (a ticket lock's <c>now</c> as well as its first word), or null.
    /// Taking and giving up a lock accesses these words, so they are never memory the lock protects, even when
    /// the lock sits inside an object it protects; a lock of unknown size is its first byte.
    /// </summary>
    public long? LockMemoryAt(long address, int size) =>
        ranges.FirstOrDefault(r => address < r.Lock + Math.Max(1, r.LockSize) && address + size > r.Lock)?.Lock;
}
