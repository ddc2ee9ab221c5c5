namespace Vrm.Models.Promising;

/// <summary>
/// A view: a timestamp below which later events of the thread must not look. vrm keeps two of them side by
/// side: <see cref="S"/> follows herd's strict dependencies (addr, data, ctrl) and <see cref="P"/> also its
/// "pick" dependencies (CSEL and CAS intra-instruction control), which order later writes but not reads.
/// Reads are checked against S, writes against P; P is never below S.
/// </summary>
public readonly record struct View(int S, int P)
{
    public static readonly View Bot = new(0, 0);

    public static View At(int ts) => new(ts, ts);

    public View Join(View o) => new(Math.Max(S, o.S), Math.Max(P, o.P));

    /// <summary>This view with its pick part raised to at least <paramref name="pick"/>.</summary>
    public View WithPick(View pick) => new(S, Math.Max(P, pick.P));

    public override string ToString() => S == P ? S.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{S}/{P}";
}

/// <summary>
/// FwdBank entry of a location: the thread's last write to it, for forwarding to its later reads. For the write
/// of an exclusive pair or atomic (<see cref="Ex"/>), an acquire read that forwards from it gets
/// <see cref="AcquireView"/>, which adds the view of the pair's read: herd's current aob orders
/// <c>rmw; lmrs; [A|Q]</c> from the read, where the Coq model (after the 2019 Arm model) orders it after the write.
/// </summary>
public readonly record struct FwdItem(int Ts, View View, bool Ex, View AcquireView);

/// <summary>ExBank: the last load-exclusive, which a store-exclusive pairs with.</summary>
public readonly record struct ExBank(int Loc, int Ts, View View);

/// <summary>Read orderings: plain (LDR), acquirePC (LDAPR), acquire (LDAR).</summary>
public enum ReadOrder { Plain, AcquirePC, Acquire }

/// <summary>Write orderings: plain (STR) or release (STLR).</summary>
public enum WriteOrder { Plain, Release }
