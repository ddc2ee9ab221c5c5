using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks.Assertions;

/// <summary>The final states of a relaxed model's run in which something failed, each with the C program's memory.</summary>
internal static class FinalStates
{
    /// <param name="collect">Adds what failed in one state, given how to read its observables.</param>
    /// <param name="faults">The failures are invalid accesses (<see cref="OutcomeFinding.Faults"/>), not assertions.</param>
    public static List<OutcomeFinding> Failing(Program c, StaticThreads st, ModelResult r, Action<Func<Observable, long>, List<StateFailure>> collect, bool faults = false)
    {
        var failing = new List<OutcomeFinding>();
        for (int i = 0; i < r.States.Count; i++)
        {
            var s = r.States[i];
            long Value(Observable o) => s.Values[r.IndexOfObserved(o)];
            var failures = new List<StateFailure>();
            collect(Value, failures);
            if (failures.Count > 0)
            {
                // Stack frames are not observed: their cells read 0.
                var memory = Enumerable.Range(0, c.Locations.Count).Select(l => c.FrameOwner(l) < 0 ? Value(Observable.Memory(l)) : 0).ToList();
                failing.Add(faults ? new OutcomeFinding([], failures, memory) { State = i } : new OutcomeFinding(failures, [], memory) { State = i });
            }
        }
        return failing;
    }

    /// <summary>The failed checks the static threads recorded in their registers: the invalid accesses (a call through a pointer to no function), or the others.</summary>
    public static IEnumerable<StateFailure> Recorded(Program c, StaticThreads st, Func<Observable, long> value, bool invalidAccess)
    {
        for (int t = 0; t < st.Program.Threads.Count; t++)
        {
            long at = value(Observable.Register(t, st.FailRegs[t]));
            if (at != 0 && c.Threads[st.Templates[t]].Code[at - 1] is var ins && (ins.Check == CheckKind.InvalidAccess) == invalidAccess)
            {
                yield return new StateFailure(t, ins, ins.Check == CheckKind.Assertion ? $"assertion failed: {ins.Text}" : ins.Text, ins.Check);
            }
        }
    }
}
