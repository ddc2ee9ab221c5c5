using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Models;
using Vrm.Models.Executions;
using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore;

/// <summary>
/// A check (Vrm.Checks): every check implements this one interface, and every explorer feeds every check it is
/// given the evidence that explorer has, at the points the check says it cares about. No explorer knows which
/// checks exist, and one list of checks (<c>StandardChecks</c>) serves every model: a check that judges several
/// kinds of evidence (a deadlock is an SC end or a relaxed model's blocked execution) runs under each model that
/// gives one.
/// <list type="bullet">
/// <item>The SC search (<see cref="SourceDpor"/>): every step as it is taken (<see cref="OnStep"/>, the data-race
/// check) and the state after it (<see cref="OnState"/>, invariants), a thread the machine stops (<see cref="OnStop"/>:
/// failed assertions, invalid accesses), the
/// machine when no thread can step (<see cref="OnEnd"/>, deadlock), and every execution it finishes
/// (<see cref="OnExecution"/>: the wDRF conditions, noninterference, linearizability), recording the marks those
/// need only when one is present.</item>
/// <item>The axiomatic models: each consistent execution with its <c>ob</c>
/// (<see cref="IConsistentExecutionCheck.OnConsistentExecution"/>, page-table diagnostics).</item>
/// <item>Promising-Arm: the facts of the runs at each memory whose threads all finish
/// (<see cref="IPromisingRunsCheck.OnRuns"/>, the same diagnostics).</item>
/// <item>A relaxed model's outcomes for a C program: its final states and its executions that never finish
/// (<see cref="OnOutcomes"/>: assertions and faults, deadlocks).</item>
/// </list>
/// The models see a check through the narrower interfaces it extends, since they stand before Explore.
/// </summary>
public interface ICheck : IConsistentExecutionCheck, IPromisingRunsCheck
{
    /// <summary>The check judges each SC step: <see cref="OnStep"/> and <see cref="OnState"/> are called.</summary>
    bool JudgesSteps => false;

    /// <summary>Judges <paramref name="step"/>, just taken after <paramref name="trace"/>; a finding ends the execution as a violation.</summary>
    StepFinding? OnStep(Program program, IReadOnlyList<IStepView> trace, IStepView step) => null;

    /// <summary>Judges the SC state after a step and its thread's local code.</summary>
    StepFinding? OnState(Program program, ISearchState state) => null;

    /// <summary>The check judges the threads the SC machine stops (<see cref="ThreadStop"/>): <see cref="OnStop"/> is called.</summary>
    bool JudgesStops => false;

    /// <summary>Judges a thread the machine stopped; a finding ends the execution as a violation (every stop must be judged by some check).</summary>
    StepFinding? OnStop(Program program, ThreadStop stop) => null;

    /// <summary>The check judges how each SC execution ends, finished or blocked: <see cref="OnEnd"/> is called.</summary>
    bool JudgesEnds => false;

    /// <summary>Judges the machine when no thread can step; a finding ends the execution as a violation.</summary>
    EndFinding? OnEnd(Program program, IEndState end) => null;

    /// <summary>The check looks at finished SC executions: <see cref="OnExecution"/> is called, with marks.</summary>
    bool WatchesExecutions => false;

    void OnExecution(ExecutionView execution)
    {
    }

    /// <summary>True once the check has found what it looks for, and more executions would add nothing: the search stops.</summary>
    bool Done => false;

    /// <summary>The check judges the axiomatic models' consistent executions.</summary>
    bool JudgesConsistentExecutions => false;

    IEnumerable<Diagnosis> IConsistentExecutionCheck.OnConsistentExecution(CandidateExecution x, Models.Relations.Relation ob) => [];

    /// <summary>The check judges Promising-Arm's runs (page-table programs: recording their facts costs).</summary>
    bool JudgesPromisingRuns => false;

    IEnumerable<Diagnosis> IPromisingRunsCheck.OnRuns(PromisingRuns runs) => [];

    /// <summary>The check judges what a relaxed model gives a C program: <see cref="OnOutcomes"/> is called.</summary>
    bool JudgesOutcomes => false;

    /// <summary>
    /// Judges the outcomes <paramref name="r"/> of <paramref name="c"/>'s static threads <paramref name="st"/>: its
    /// final states and its executions with none (<see cref="ModelResult.Blocked"/>).
    /// </summary>
    IEnumerable<OutcomeFinding> OnOutcomes(Program c, StaticThreads st, ModelResult r) => [];
}
