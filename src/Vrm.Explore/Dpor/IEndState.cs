using Vrm.Programs;

namespace Vrm.Explore.Dpor;

/// <summary>Where a thread is when no thread can take another step.</summary>
public enum EndStatus
{
    Finished,

    /// <summary>In an await loop whose last iteration changed nothing: it waits for another thread's write.</summary>
    Await,

    /// <summary>At a pthread_join of a thread that has not finished.</summary>
    Join,

    /// <summary>Stopped by an assume (vrm_assume) that does not hold: the execution is not one the program has.</summary>
    Assumed,

    /// <summary>Stopped at the loop bound (<c>--unroll</c>).</summary>
    Bound,
}

/// <summary>A thread at the end of an execution: where it stopped and, at a join, which thread it waits for (-1: none).</summary>
public readonly record struct EndThread(int Thread, int Template, EndStatus Status, Instr? At, int Joins);

/// <summary>
/// The SC machine when no thread can take another step, as a check that judges how executions end sees it.
/// Every execution that does not end by exit ends here, finished or blocked; <see cref="SpinsForever"/> is the
/// stepper's answer, since only the machine can run a loop again.
/// </summary>
public interface IEndState
{
    /// <summary>
    /// A thread called exit, or main returned (which is a call to exit, C11 5.1.2.2.3): the program ended there,
    /// whatever the other threads were doing.
    /// </summary>
    bool Exited { get; }

    IReadOnlyList<EndThread> Threads { get; }

    /// <summary>
    /// Whether thread <paramref name="thread"/>, in <see cref="EndStatus.Await"/>, would spin forever: its loop, run again
    /// alone on the final memory, blocks again without writing, and so does every loop it blocks in next.
    /// </summary>
    bool SpinsForever(int thread);
}

/// <summary>What a check found at the end of an execution: the kind, the message, and the thread and instruction it is about.</summary>
public sealed record EndFinding(ViolationKind Kind, string Message, int Thread, Instr? At);
