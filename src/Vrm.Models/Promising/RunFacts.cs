using System.Runtime.CompilerServices;
using Vrm.Programs;

namespace Vrm.Models.Promising;

/// <summary>What made a message: an explicit write, a hardware update of an entry, or a TLBI.</summary>
public enum FulfilKind { Explicit, Update, Tlbi }

/// <summary>
/// Something a thread's run did that page-table checks judge, recorded in program order on the run's path.
/// Instructions compare by reference: one instruction is one place in the code, whatever its text.
/// </summary>
public abstract record RunFact;

/// <summary>
/// The run fulfilled the message at <paramref name="Ts"/> by <paramref name="Instr"/>; <paramref name="Pre"/> is the view
/// the message is ordered after (a write's pre-view, a TLBI's <see cref="TlbiMessage.Pre"/>), and
/// <paramref name="Observed"/> the messages of other threads the run had read before it (bit ts - 1).
/// </summary>
public sealed record Fulfilled(int Ts, Instr Instr, int Pre, FulfilKind Kind, UInt128 Observed) : RunFact
{
    public bool Equals(Fulfilled? o) => o is not null && Ts == o.Ts && ReferenceEquals(Instr, o.Instr) && Pre == o.Pre && Kind == o.Kind && Observed == o.Observed;

    public override int GetHashCode() => HashCode.Combine(Ts, RuntimeHelpers.GetHashCode(Instr), Pre, Kind, Observed);
}

/// <summary>
/// The run read the message at <paramref name="Ts"/> (0: the initial value) of <paramref name="Loc"/> by
/// <paramref name="Instr"/>, ordered after <paramref name="Pre"/> and after <paramref name="Observed"/> (as in
/// <see cref="Fulfilled"/>): a write of another thread coherence-after that message is ordered after the read (fre).
/// </summary>
public sealed record Read(int Ts, int Loc, Instr Instr, int Pre, UInt128 Observed) : RunFact
{
    public bool Equals(Read? o) => o is not null && Ts == o.Ts && Loc == o.Loc && ReferenceEquals(Instr, o.Instr) && Pre == o.Pre && Observed == o.Observed;

    public override int GetHashCode() => HashCode.Combine(Ts, Loc, RuntimeHelpers.GetHashCode(Instr), Pre, Observed);
}

/// <summary>
/// A full DSB: the TLBIs fulfilled before it are ordered before what follows it (herd's DSB-ob), so a walk
/// the TLBI came after is ordered before those events too (TLBI-ob).
/// </summary>
public sealed record FullDsb(Instr Instr) : RunFact
{
    public bool Equals(FullDsb? o) => o is not null && ReferenceEquals(Instr, o.Instr);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(Instr);
}

/// <summary>One level of a walk: the entry it read, at which timestamp, and whether it is the last level.</summary>
public sealed record WalkRead(int EntryLoc, int Ts, bool Leaf, WalkRead? Outer);

/// <summary>
/// An access (or the fault that replaced it) that <paramref name="Instr"/> made after walking the tables of
/// <paramref name="Variable"/> (tagged with <paramref name="Vmid"/>, 0 for stage 1, and <paramref name="Asid"/>):
/// <paramref name="Levels"/> is the walk, last level first; <paramref name="View"/> the view the access is
/// ordered after; <paramref name="Observed"/> the messages of other threads the run had read before it (bit ts - 1).
/// </summary>
public sealed record TranslatedAccess(Instr Instr, VmsaVariable Variable, int Vmid, int Asid, WalkRead Levels, int View, UInt128 Observed) : RunFact
{
    public bool Equals(TranslatedAccess? o) =>
        o is not null && ReferenceEquals(Instr, o.Instr) && ReferenceEquals(Variable, o.Variable) && Vmid == o.Vmid && Asid == o.Asid
        && Levels == o.Levels && View == o.View && Observed == o.Observed;

    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Instr), Vmid, Asid, Levels, View, Observed);
}

/// <summary>
/// The facts of one path of a run, newest first, as a persistent list that paths forked from one state share.
/// Equal paths compare equal (the runs of a thread keep each distinct one once); the hash is kept, not recomputed.
/// </summary>
public sealed record RunFacts(RunFact Fact, RunFacts? Before)
{
    private readonly int hash = HashCode.Combine(Fact, Before?.hash ?? 0);

    public bool Equals(RunFacts? o)
    {
        for (var (a, b) = (this, o); ; (a, b) = (a.Before, b.Before))
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }
            if (a is null || b is null || a.hash != b.hash || !a.Fact.Equals(b.Fact))
            {
                return false;
            }
        }
    }

    public override int GetHashCode() => hash;

    /// <summary>Computed once: checks ask for it for every pairing of runs.</summary>
    private IReadOnlyList<RunFact>? ordered;

    /// <summary>The facts in program order.</summary>
    public IReadOnlyList<RunFact> InOrder() => ordered ??= Order();

    private List<RunFact> Order()
    {
        var list = new List<RunFact>();
        for (var f = this; f is not null; f = f.Before)
        {
            list.Add(f.Fact);
        }
        list.Reverse();
        return list;
    }
}

/// <summary>
/// A Promising memory with the runs each thread finishes at it (fulfilling its promises and making no new
/// write): every choice of one run per thread is an execution, so a check that finds something in one run
/// may combine it with any run of the other threads.
/// </summary>
public sealed class PromisingRuns(Program program, Msg[] messages, IReadOnlyList<IReadOnlyCollection<RunFacts>> threads)
{
    public Program Program { get; } = program;

    /// <summary>The messages, in timestamp order (timestamp ts is index ts - 1).</summary>
    public IReadOnlyList<Msg> Messages { get; } = messages;

    /// <summary>
    /// Per thread of the program, the facts of each distinct path of its finishing runs. Messages of a higher
    /// thread are spurious access-flag updates, which no instruction makes.
    /// </summary>
    public IReadOnlyList<IReadOnlyCollection<RunFacts>> Threads { get; } = threads;

    /// <summary>The location of TLBI messages: one past the program's.</summary>
    public int TlbiLoc => Program.Locations.Count;

    public Msg this[int ts] => Messages[ts - 1];

    public long ValueAt(int loc, int ts) => ts == 0 ? Program.InitMemory[loc] : Messages[ts - 1].Val;
}

/// <summary>
/// A check of Promising runs (Vrm.Checks' page-table diagnostics on Promising): it flags, at each memory whose
/// threads all finish, what the user should hear about although those executions are allowed.
/// </summary>
public interface IPromisingRunsCheck
{
    IEnumerable<Diagnosis> OnRuns(PromisingRuns runs);
}
