using Vrm.Checks.Progress;
using Vrm.Checks.Security;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks.Wdrf;

/// <summary>
/// What running the program on Promising-Arm showed next to SC: the final states (memory, whether each thread's
/// assertions held, what user/VM threads read) Promising reaches that SC does not. <see cref="ArmOnly"/> differ
/// from every SC final state in what the kernel sees (memory, kernel threads' assertions); <see cref="UserOnly"/>
/// only in what user/VM threads read or assert, which VRM's theorem does not cover (user code is a data oracle:
/// on Arm a VM's later walk may read an older entry than its earlier one did, and fault where SC cannot).
/// <see cref="Ran"/> false: not run, and <see cref="Note"/> says why; incomplete runs say so too and confirm nothing.
/// </summary>
public sealed record Confirmation(bool Ran, string Note, IReadOnlyList<string> ArmOnly, long PromisingStates, long ScStates, bool Complete, TimeSpan Elapsed)
{
    public IReadOnlyList<string> UserOnly { get; init; } = [];

    public static Confirmation NotRun(string why) => new(false, why, [], 0, 0, false, TimeSpan.Zero);
}

/// <summary>
/// VRM's theorem made checkable per program: the threads after main's set-up (as <c>vrm check --model
/// promising</c> runs them) on Promising-Arm and on the SC model, and the final states only Promising reaches.
/// </summary>
public static class ArmConfirmation
{
    public static Confirmation Run(Program c, ExploreOptions options, CancellationToken cancel)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        StaticThreads st;
        try
        {
            st = StaticThreads.From(c);
        }
        catch (Syntax.DiagnosticException e)
        {
            return Confirmation.NotRun($"Promising cannot run this program: {e.Diagnostic.Message}");
        }
        // What user/VM threads read is observable too: the last value each of their loads through a translation gave
        // (both models keep it in the load's register, 0 after a fault), beside final memory and assertions.
        var reads = UserReads(c, st);
        var program = st.Program with { Observed = [.. st.Program.Observed.Union(reads.Select(r => r.Observable))] };
        ModelResult arm, sc;
        try
        {
            arm = MemoryModels.Get("promising").Run(program, options, cancel);
            // SC's final states of the same litmus-shaped program by DPOR, which is far cheaper than the axiomatic SC model.
            var dpor = SourceDpor.Explore(program, new DporOptions { Unroll = options.Unroll, MaxExecutions = options.MaxStates, Checks = StandardChecks.For(races: false) },
                new Budget(cancel, options.Timeout, options.MaxMemory));
            sc = dpor.Outcomes!;
        }
        catch (NotSupportedException e)
        {
            return Confirmation.NotRun($"Promising cannot run this program: {e.Message}");
        }
        catch (Syntax.DiagnosticException e) when (e.Unsupported)
        {
            // Found only while running: e.g. a TLBI of a page no TLBI message can name.
            return Confirmation.NotRun($"Promising cannot run this program: {e.Diagnostic.Message}");
        }
        bool complete = arm.Completion == Completion.Complete && sc.Completion == Completion.Complete && !arm.Cut && !sc.Cut;
        var scStates = sc.States.ToHashSet();
        var user = UserIndices(c, st, arm, reads);
        var kernelSeen = sc.States.Select(s => KernelView(s, user)).ToHashSet();
        var armOnly = new List<string>();
        var userOnly = new List<string>();
        foreach (var s in arm.States.Where(s => !scStates.Contains(s)))
        {
            var list = kernelSeen.Contains(KernelView(s, user)) ? userOnly : armOnly;
            // States that differ only in cells no report shows (stack frames) read the same: say each once.
            string text = Describe(c, st, arm, s, sc.States, reads);
            if (!list.Contains(text))
            {
                list.Add(text);
            }
        }
        string note = !complete
            ? $"incomplete ({arm.IncompleteReason ?? sc.IncompleteReason ?? $"loops cut at --unroll {options.Unroll}"}): confirms nothing"
            : armOnly.Count > 0 ? $"{armOnly.Count} final state{(armOnly.Count == 1 ? "" : "s")} only Promising-Arm reaches"
            : userOnly.Count > 0 ? $"every final state the kernel sees on Promising-Arm is an SC one; in {userOnly.Count} a user/VM thread reads what it reads under no SC execution"
            : "every Promising-Arm final state is an SC final state";
        return new Confirmation(true, note, armOnly, arm.States.Count, sc.States.Count, complete, clock.Elapsed) { UserOnly = userOnly };
    }

    /// <summary>Where a final state holds what user/VM threads read and whether their assertions held.</summary>
    private static HashSet<int> UserIndices(Program c, StaticThreads st, ModelResult r, IReadOnlyList<UserRead> reads)
    {
        var user = reads.Select(x => r.IndexOf(x.Observable)).Where(i => i >= 0).ToHashSet();
        for (int t = 0; t < st.FailRegs.Count; t++)
        {
            if (c.Kernel?.IsUser(st.Templates[t]) == true && r.IndexOf(Observable.Register(t, st.FailRegs[t])) is var i and >= 0)
            {
                user.Add(i);
            }
        }
        return user;
    }

    /// <summary>A final state without what user/VM threads read or asserted, as a comparable key.</summary>
    private static string KernelView(FinalState s, HashSet<int> user) =>
        string.Join(",", s.Values.Where((_, i) => !user.Contains(i)));

    /// <summary>
    /// An Arm-only final state as a report shows it: the program's variables and which threads' assertions
    /// failed. A kernel's memory has thousands of cells: past <see cref="WholeStateCells"/> only the variables
    /// where it differs from the SC final state closest to it (fewest differing values) are shown, each with
    /// SC's value there.
    /// </summary>
    private static string Describe(Program c, StaticThreads st, ModelResult r, FinalState s, IReadOnlyCollection<FinalState> scStates, IReadOnlyList<UserRead> reads)
    {
        var p = st.Program;
        var memory = Enumerable.Range(0, r.Displayed.Count).Where(i => r.Displayed[i].IsMemory && p.FrameOwner(r.Displayed[i].Loc) < 0).ToList();
        var nearest = memory.Count <= WholeStateCells ? null : scStates.MinBy(t => Differences(s, t));
        var parts = new List<string>();
        foreach (int i in memory)
        {
            if (nearest is null || s.Values[i] != nearest.Values[i])
            {
                parts.Add($"{p.Locations[r.Displayed[i].Loc]}={p.FormatValue(s.Values[i])}" + (nearest is null ? "" : $" (SC: {p.FormatValue(nearest.Values[i])})"));
            }
        }
        foreach (var read in reads)
        {
            int i = r.IndexOf(read.Observable);
            if (i >= 0 && (nearest is null || s.Values[i] != nearest.Values[i]))
            {
                parts.Add($"{read.Thread} read {p.FormatValue(s.Values[i])} at {read.Site}" + (nearest is null ? "" : $" (SC: {p.FormatValue(nearest.Values[i])})"));
            }
        }
        for (int t = 0; t < st.FailRegs.Count; t++)
        {
            int i = r.IndexOf(Observable.Register(t, st.FailRegs[t]));
            if (i >= 0 && s.Values[i] != 0)
            {
                parts.Add($"{st.Name(t)} fails an assertion");
            }
        }
        return string.Join("; ", parts);
    }

    private const int WholeStateCells = 16;

    /// <summary>A user/VM load through a translation, as a final state observes it: the register it loads into.</summary>
    private sealed record UserRead(Observable Observable, string Thread, string Site);

    private static List<UserRead> UserReads(Program c, StaticThreads st)
    {
        var reads = new List<UserRead>();
        for (int t = 0; t < st.Program.Threads.Count; t++)
        {
            foreach (var ins in c.Threads[st.Templates[t]].Code)
            {
                if (ins.Root >= 0 && ins.Op == Opcode.Load && ins.Rd >= 0)
                {
                    string site = $"{Path.GetFileName(ins.SourceFile ?? c.File)}:{ins.Pos.Line}";
                    reads.Add(new UserRead(Observable.Register(t, ins.Rd), st.Name(t), site));
                }
            }
        }
        return reads;
    }

    private static int Differences(FinalState a, FinalState b)
    {
        int n = 0;
        for (int i = 0; i < a.Values.Length && i < b.Values.Length; i++)
        {
            n += a.Values[i] != b.Values[i] ? 1 : 0;
        }
        return n;
    }
}
