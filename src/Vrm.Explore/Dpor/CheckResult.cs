using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>
/// What went wrong: a failed assertion, a data race, a thread that cannot finish, an access to no variable (or to
/// freed memory), a free of something malloc did not hand out (or freed already), or a C library function used
/// against its rules (a mutex unlocked by a thread that does not hold it, used after destroy).
/// </summary>
public enum ViolationKind
{
    AssertionFailed,
    DataRace,
    CannotFinish,
    InvalidAccess,
    InvalidFree,
    Misuse,

    /// <summary>A condition a check judges over whole executions (a wDRF condition), not one the search itself finds.</summary>
    Condition,
}

/// <summary>What an event in a trace did, as a trace prints it (Choose: a nondeterministic value; Exit: the program ended).</summary>
public enum StepKind { Read, Write, Update, FailedUpdate, Spawn, Join, Choose, Exit }

/// <summary>One visible step of a replayable trace: which thread ran which instruction, and what it read or wrote.</summary>
public sealed record TraceStep(int Thread, int Template, Instr Instr, StepKind Kind, int Loc, long Value, long Written)
{
    /// <summary>The thread a spawn started or a join waited for.</summary>
    public int Other { get; init; } = -1;

    /// <summary>The address the instruction accessed: for a user/VM access the virtual one, before its walk.</summary>
    public long Address { get; init; }

    /// <summary>Fences, TLBIs and kernel annotations the thread executed right after this step (recorded for the wDRF checks only).</summary>
    public IReadOnlyList<Mark> Marks { get; init; } = [];

    /// <summary>The step only walked the tables, and its access did not happen (a fault).</summary>
    public bool WalkOnly { get; init; }
}

/// <summary>
/// A local instruction the wDRF checks need to see where it ran: a fence, a TLBI (<see cref="Operand"/>: its
/// register, the page), or a kernel annotation (<see cref="Operand"/>: the lock's address), by thread <see cref="Thread"/>.
/// </summary>
/// <remarks><see cref="Operand2"/>: an operation's second argument (<see cref="AnnotationKind.OpBegin"/>).</remarks>
public readonly record struct Mark(int Thread, Instr Instr, long Operand, long Operand2 = 0);

/// <summary>A property violation with the interleaving that shows it, in execution order.</summary>
public sealed record Violation(ViolationKind Kind, string Message, IReadOnlyList<TraceStep> Trace, int Thread, Instr? At)
{
    /// <summary>For a data race, the earlier of the two racing accesses (its index in <see cref="Trace"/>).</summary>
    public int OtherStep { get; init; } = -1;

    /// <summary>For a <see cref="ViolationKind.Condition"/>, the property as the verdict names it (<c>confidentiality violation</c>).</summary>
    public string? Property { get; init; }
}

/// <summary>The outcome of an exhaustive SC exploration of a program.</summary>
public sealed class CheckResult
{
    public required Program Program { get; init; }

    /// <summary>Maximal executions explored in which every thread finished (one per Mazurkiewicz trace).</summary>
    public long Complete { get; init; }

    /// <summary>Executions that ended with a thread blocked: an await loop that would spin again, an assume, or the unrolling bound.</summary>
    public long Blocked { get; init; }

    /// <summary>Explorations cut short because every enabled thread was asleep (redundant orders source-DPOR could not avoid).</summary>
    public long SleepBlocked { get; init; }

    /// <summary>How many executions the loop bound cut, so the exploration is exhaustive only up to the bound.</summary>
    public long BoundHits { get; init; }

    /// <summary>Await loops (their head instructions, per thread template) that blocked in some execution.</summary>
    public IReadOnlyList<(int Template, int Pc)> AwaitLoops { get; init; } = [];

    public Violation? Violation { get; init; }

    public Completion Completion { get; init; }

    public string? IncompleteReason { get; init; }

    /// <summary>Final states of litmus-style programs (registers and locations the condition names).</summary>
    public ModelResult? Outcomes { get; init; }

    public TimeSpan Elapsed { get; init; }

    public long Events { get; init; }

    /// <summary>The result of replaying one schedule, not of exploring them all.</summary>
    public bool Replayed { get; init; }

    /// <summary>Malloc call sites whose blocks some complete execution never freed, with how many such executions: warnings, not violations.</summary>
    public IReadOnlyList<Leak> Leaks { get; init; } = [];

    /// <summary>What checks run on the executions said when they found nothing (a line each, printed before the verdict).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Memory a malloc call site allocated and no one freed by the end of <see cref="Executions"/> complete executions (<see cref="Example"/>: one such block).</summary>
public sealed record Leak(HeapSite Site, long Executions, string Example);
