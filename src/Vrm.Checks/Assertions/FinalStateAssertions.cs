using Vrm.Explore;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks.Assertions;

/// <summary>
/// Assertions, C-library checks and faults on a relaxed model (<c>vrm check --model arm|promising</c>): the
/// static threads record which assertion failed in a register of their own and each fault in a fault atom, and
/// main's code after its joins runs on each final memory.
/// </summary>
public sealed class FinalStateAssertions : ICheck
{
    public bool JudgesOutcomes => true;

    public IEnumerable<OutcomeFinding> OnOutcomes(Program c, StaticThreads st, ModelResult r)
    {
        var p = st.Program;
        var failing = new List<OutcomeFinding>();
        foreach (var s in r.States)
        {
            long Value(Observable o) => s.Values[r.IndexOfObserved(o)];
            var assertions = new List<StateFailure>();
            var faults = new List<StateFailure>();
            for (int t = 0; t < p.Threads.Count; t++)
            {
                long at = Value(Observable.Register(t, st.FailRegs[t]));
                if (at != 0)
                {
                    var ins = c.Threads[st.Templates[t]].Code[at - 1];
                    assertions.Add(new StateFailure(t, ins, ins.Check == CheckKind.Assertion ? $"assertion failed: {ins.Text}" : ins.Text, ins.Check));
                }
            }
            foreach (var f in st.Faults(Value))
            {
                faults.Add(new StateFailure(f.Thread, f.At, $"{st.Describe(f)} (the thread stops)", CheckKind.InvalidAccess));
            }
            if (st.SuffixFails(Value) is { } suffix)
            {
                var failure = new StateFailure(-1, suffix.At, suffix.Message, suffix.InvalidAccess ? CheckKind.InvalidAccess : CheckKind.Assertion);
                (suffix.InvalidAccess ? faults : assertions).Add(failure);
            }
            if (assertions.Count > 0 || faults.Count > 0)
            {
                // Stack frames are not observed: their cells read 0.
                failing.Add(new OutcomeFinding(assertions, faults, [.. Enumerable.Range(0, c.Locations.Count).Select(l => c.FrameOwner(l) < 0 ? Value(Observable.Memory(l)) : 0)]));
            }
        }
        return failing;
    }
}
