using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks.Assertions;

/// <summary>
/// What a check of failures judges, whichever model ran: under SC the threads the machine stopped for the reasons
/// in <paramref name="kinds"/> (each made the violation of its kind); on a relaxed model every final state with such
/// a failure, recorded by a static thread in a register of its own (<paramref name="faults"/>: pointer checks and the
/// fault atoms; else the other checks) or made by main's code after its joins on the final memory.
/// </summary>
public abstract class FailureCheck(IReadOnlyDictionary<StopReason, ViolationKind> kinds, bool faults) : ICheck
{
    public bool JudgesStops => true;

    public StepFinding? OnStop(Program program, ThreadStop stop) =>
        kinds.TryGetValue(stop.Reason, out var kind) ? new StepFinding(kind, stop.Message) : null;

    public bool JudgesOutcomes => true;

    public IEnumerable<OutcomeFinding> OnOutcomes(Program c, StaticThreads st, ModelResult r)
    {
        var failing = new List<OutcomeFinding>();
        for (int i = 0; i < r.States.Count; i++)
        {
            var s = r.States[i];
            long Value(Observable o) => s.Values[r.IndexOfObserved(o)];
            var failures = new List<StateFailure>();
            for (int t = 0; t < st.Program.Threads.Count; t++)
            {
                long at = Value(Observable.Register(t, st.FailRegs[t]));
                if (at != 0 && c.Threads[st.Templates[t]].Code[at - 1] is var ins && (ins.Check == CheckKind.InvalidAccess) == faults)
                {
                    failures.Add(new StateFailure(t, ins, ins.Check == CheckKind.Assertion ? $"assertion failed: {ins.Text}" : ins.Text, ins.Check));
                }
            }
            if (faults)
            {
                failures.AddRange(st.Faults(Value).Select(f => new StateFailure(f.Thread, f.At, $"{st.Describe(f)} (the thread stops)", CheckKind.InvalidAccess)));
            }
            if (st.SuffixFails(r, i) is { } suffix && kinds.ContainsKey(suffix.Reason))
            {
                var check = faults ? CheckKind.InvalidAccess : suffix.Reason == StopReason.Misuse ? CheckKind.Misuse : CheckKind.Assertion;
                failures.Add(new StateFailure(-1, suffix.At, suffix.Message, check));
            }
            if (failures.Count > 0)
            {
                // Stack frames are not observed: their cells read 0.
                var memory = Enumerable.Range(0, c.Locations.Count).Select(l => c.FrameOwner(l) < 0 ? Value(Observable.Memory(l)) : 0).ToList();
                failing.Add(faults ? new OutcomeFinding([], failures, memory) { State = i } : new OutcomeFinding(failures, [], memory) { State = i });
            }
        }
        return failing;
    }
}
