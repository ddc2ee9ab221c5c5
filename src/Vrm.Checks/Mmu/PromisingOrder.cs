using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Checks.Mmu;

/// <summary>
/// Whether a message is ordered before an event of a Promising run as the Arm model's ob would order them, for
/// the checks that must not read a view as ob (a view covers every message the memory put below it, ordered or
/// not). Within a thread a view counts only for the thread's own writes; across threads the order is followed
/// through the edges of herd's ob that Promising's facts show: the event's run read the message or one made after
/// it (rfe), or wrote coherence-after a message made after it (coe), or after the message a read made after it
/// read (fre), or after the entry a walk read that came after a TLBI made after it (TLBI-ca); or the event comes
/// after a TLBI and a full DSB of its run, and another thread's access whose walk came before that TLBI is
/// ordered after the message (TLBI-ob). Each choice of one run per thread is an execution, so a step may take
/// any run of the thread it passes through.
/// </summary>
internal sealed class PromisingOrder(PromisingRuns x)
{
    private readonly IReadOnlyList<RunFact>[][] runs = [.. x.Threads.Select(t => t.Select(r => r.InOrder()).ToArray())];

    private readonly Dictionary<(int Write, IReadOnlyList<RunFact> Facts, int At), bool> memo = [];

    private readonly Dictionary<(int Write, int Message), bool> made = [];

    /// <summary>Per write, thread and message: <see cref="CoherenceAfter"/> (every event after the thread's write asks it again), and <see cref="TlbiThenAccess"/> with the thread's TLBI as the message.</summary>
    private readonly Dictionary<(int Write, int Thread, int Message), bool> coherence = [], tlbis = [];

    /// <summary>The runs of <paramref name="thread"/> (none for the pseudo-thread of spurious updates), in program order.</summary>
    public IReadOnlyList<IReadOnlyList<RunFact>> Runs(int thread) => thread < runs.Length ? runs[thread] : [];

    public static int IndexOfWrite(IReadOnlyList<RunFact> facts, int ts)
    {
        for (int i = 0; i < facts.Count; i++)
        {
            if (facts[i] is Fulfilled { Kind: FulfilKind.Explicit } w && w.Ts == ts)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The message at <paramref name="write"/> is ordered before the event at <paramref name="at"/> of <paramref name="thread"/>'s run <paramref name="facts"/>.</summary>
    public bool Before(int write, int thread, IReadOnlyList<RunFact> facts, int at) =>
        Remembered(memo, (write, facts, at), () => Compute(write, thread, facts, at));

    private static (int View, UInt128 Observed) Order(RunFact f) => f switch
    {
        Fulfilled w => (w.Pre, w.Observed),
        TranslatedAccess a => (a.View, a.Observed),
        Read r => (r.Pre, r.Observed),
        _ => (0, UInt128.Zero),
    };

    private bool Compute(int write, int thread, IReadOnlyList<RunFact> facts, int at)
    {
        var (view, observed) = Order(facts[at]);
        if (x[write].Tid == thread)
        {
            return view >= write && IndexOfWrite(facts, write) is int own and >= 0 && own < at;
        }
        // An event ob-after a message has a view at or above its timestamp along every rule below: one below it is not after it.
        if (view < write)
        {
            return false;
        }
        for (int o = write; o <= Math.Min(view, x.Messages.Count); o++)
        {
            if ((observed & (UInt128.One << (o - 1))) != UInt128.Zero && (o == write || MadeAfter(write, o)))
            {
                return true;
            }
        }
        for (int k = 0; k < at; k++)
        {
            if (facts[k] is Fulfilled { Kind: FulfilKind.Explicit } own && own.Ts <= view
                && Remembered(coherence, (write, thread, own.Ts), () => CoherenceAfter(write, thread, own.Ts)))
            {
                return true;
            }
        }
        return AfterTlbi(write, thread, facts, at);
    }

    /// <summary>Some run of its thread made the message at <paramref name="message"/> ordered after the write at <paramref name="write"/>.</summary>
    public bool MadeAfter(int write, int message) =>
        Remembered(made, (write, message), () => Runs(x[message].Tid).Any(facts =>
            Enumerable.Range(0, facts.Count).Any(k => facts[k] is Fulfilled f && f.Ts == message && Before(write, x[message].Tid, facts, k))));

    /// <summary>
    /// <paramref name="thread"/>'s write at <paramref name="own"/> is coherence-after an event of another thread
    /// that is ordered after <paramref name="write"/>: a write (coe), a read of an older message (fre), or a
    /// walk's read of an older entry made after a TLBI (TLBI-ca).
    /// </summary>
    private bool CoherenceAfter(int write, int thread, int own)
    {
        int loc = x[own].Loc;
        for (int o = write; o < own; o++)
        {
            if (x[o].Loc == loc && x[o].Tid != thread && (o == write || MadeAfter(write, o)))
            {
                return true;
            }
        }
        for (int t = 0; t < runs.Length; t++)
        {
            if (t == thread)
            {
                continue;
            }
            foreach (var facts in runs[t])
            {
                for (int k = 0; k < facts.Count; k++)
                {
                    if (facts[k] is Read r && r.Loc == loc && r.Ts < own && Before(write, t, facts, k))
                    {
                        return true;
                    }
                }
            }
        }
        return TlbiCoherenceAfter(write, loc, own);
    }

    /// <summary>
    /// TLBI-ca: a completed TLBI ordered after <paramref name="write"/>, and a walk of another thread after it that read
    /// an entry of <paramref name="loc"/> older than <paramref name="own"/>. The walk is after the TLBI when it read at
    /// least the newest entry the TLBI was ordered after (one of its own thread would need its local order too).
    /// </summary>
    private bool TlbiCoherenceAfter(int write, int loc, int own)
    {
        for (int t = write + 1; t <= x.Messages.Count; t++)
        {
            if (x[t].Loc != x.TlbiLoc || TlbiMessage.Decode(x[t].Val) is not { Completed: true, Broadcast: true } tlbi)
            {
                continue;
            }
            int newest = LatestAtOrBelow(loc, tlbi.Pre);
            bool walked = false;
            for (int th = 0; th < runs.Length && !walked; th++)
            {
                walked = th != x[t].Tid && runs[th].Any(facts => facts.Any(f => f is TranslatedAccess a
                    && Levels(a).Any(l => l.EntryLoc == loc && l.Ts < own && l.Ts >= newest && Covers(tlbi, a, l))));
            }
            if (walked && MadeAfter(write, t))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// TLBI-ob: the event at <paramref name="at"/> follows a TLBI and then a full DSB of its run; another thread's
    /// access whose walk came before the TLBI (it read an entry older than the newest the TLBI was ordered after,
    /// so Promising keeps the access below the TLBI) is ordered before the event, and may be after the write.
    /// </summary>
    private bool AfterTlbi(int write, int thread, IReadOnlyList<RunFact> facts, int at)
    {
        int dsb = -1;
        for (int k = at - 1; k >= 0 && dsb < 0; k--)
        {
            dsb = facts[k] is FullDsb ? k : -1;
        }
        for (int k = 0; k < dsb; k++)
        {
            if (facts[k] is Fulfilled { Kind: FulfilKind.Tlbi } f && Remembered(tlbis, (write, thread, f.Ts), () => TlbiThenAccess(write, thread, f.Ts)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Another thread's access whose walk came before <paramref name="thread"/>'s TLBI at <paramref name="t"/> is ordered after <paramref name="write"/>.</summary>
    private bool TlbiThenAccess(int write, int thread, int t)
    {
        if (TlbiMessage.Decode(x[t].Val) is not { Completed: true, Broadcast: true } tlbi)
        {
            return false;
        }
        for (int th = 0; th < runs.Length; th++)
        {
            if (th == thread)
            {
                continue;
            }
            foreach (var other in runs[th])
            {
                for (int a = 0; a < other.Count; a++)
                {
                    if (other[a] is TranslatedAccess access
                        && Levels(access).Any(l => l.Ts < LatestAtOrBelow(l.EntryLoc, tlbi.Pre) && Covers(tlbi, access, l))
                        && Before(write, th, other, a))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>
    /// The answer to <paramref name="key"/>, computed once. While it is computed it is false: a question that comes
    /// back to itself is a cycle of the approximation, which orders nothing (so it can only hide a diagnosis).
    /// </summary>
    private static bool Remembered<TKey>(Dictionary<TKey, bool> answers, TKey key, Func<bool> compute)
        where TKey : notnull
    {
        if (answers.TryGetValue(key, out bool known))
        {
            return known;
        }
        answers[key] = false;
        bool answer = compute();
        answers[key] = answer;
        return answer;
    }

    private static IEnumerable<WalkRead> Levels(TranslatedAccess a)
    {
        for (var l = a.Levels; l is not null; l = l.Outer)
        {
            yield return l;
        }
    }

    /// <summary>The TLBI invalidates what the walk level read (as the MMU's TLBI rule decides it).</summary>
    private bool Covers(TlbiMessage tlbi, TranslatedAccess a, WalkRead level)
    {
        int page = x.Program.Vmsa!.Variables.ToList().IndexOf(a.Variable);
        bool global = a.Vmid > 0 || !level.Leaf || !Pte.Decode(x.ValueAt(level.EntryLoc, level.Ts)).Ng;
        return tlbi.Covers(page, level.Leaf, a.Vmid, a.Asid, global);
    }

    private int LatestAtOrBelow(int loc, int bound)
    {
        for (int ts = Math.Min(bound, x.Messages.Count); ts > 0; ts--)
        {
            if (x[ts].Loc == loc)
            {
                return ts;
            }
        }
        return 0;
    }
}
