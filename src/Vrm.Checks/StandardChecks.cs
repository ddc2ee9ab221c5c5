using Vrm.Checks.Assertions;
using Vrm.Checks.Mmu;
using Vrm.Checks.Progress;
using Vrm.Checks.Races;
using Vrm.Checks.Security;
using Vrm.Explore;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks;

/// <summary>
/// The checks every run makes, one list for every model: each explorer feeds each check what it has (an SC
/// step or end, an axiomatic execution with its ob, Promising's runs, a relaxed model's outcomes), so a check
/// runs under every model that gives the evidence it judges.
/// </summary>
public static class StandardChecks
{
    /// <param name="races">Whether to look for data races (<c>--no-races</c> turns it off).</param>
    /// <param name="exempt">Locations the race check leaves to another check (the wDRF lock discipline's).</param>
    public static IReadOnlyList<ICheck> For(bool races = true, IReadOnlySet<int>? exempt = null) =>
    [
        new Deadlock(),
        .. races ? [new DataRace { Exempt = exempt }] : Array.Empty<ICheck>(),
        new StateInvariants(),
        new AssertionFailures(),
        new InvalidAccesses(),
        new BreakBeforeMake(),
        new StaleTranslation(),
        new PromisingBreakBeforeMake(),
        new PromisingStaleTranslation(),
    ];

    /// <summary>
    /// The verdict word the relaxed models' outcome findings give, or null when they find no violation (a fault is the
    /// first thing that went wrong in its state: assertions that fail after it often fail because of it).
    /// </summary>
    public static string? Verdict(IReadOnlyList<OutcomeFinding> findings)
    {
        var failing = findings.Where(f => !f.Stuck).ToList();
        return failing.Any(f => f.InvalidAccess) ? "invalid access"
            : failing.Count > 0 && failing.All(f => f.Misuse) ? "library misuse"
            : failing.Count > 0 ? "assertion fails"
            : findings.Any(f => f.Stuck && f.Undecided is null) ? "deadlock"
            : null;
    }

    /// <summary>
    /// What the checks that judge a relaxed model's outcomes find in <paramref name="r"/>, the run of
    /// <paramref name="c"/>'s static threads: one finding per failing final state (what each check found in it
    /// together), in the result's order, then the executions with none.
    /// </summary>
    public static List<OutcomeFinding> Outcomes(IEnumerable<ICheck> checks, Program c, StaticThreads st, ModelResult r)
    {
        var found = checks.Where(check => check.JudgesOutcomes).SelectMany(check => check.OnOutcomes(c, st, r)).ToList();
        return
        [
            .. found.Where(f => f.State >= 0).GroupBy(f => f.State).OrderBy(g => g.Key).Select(g => new OutcomeFinding(
                [.. g.SelectMany(f => f.Assertions)], [.. g.SelectMany(f => f.Faults)], g.First().Memory) { State = g.Key }),
            .. found.Where(f => f.State < 0),
        ];
    }
}
