using Vrm.Explore.Stepping;
using Vrm.Explore.Traces;
using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore.Promising;

/// <summary>What one thread can do, running alone against a memory (promise-first: the others are already promised).</summary>
internal sealed class ThreadRunResult
{
    /// <summary>Some run fulfils every promise of the thread (certification, new writes allowed).</summary>
    public bool Certified { get; set; }

    /// <summary>Writes some run makes that are not yet promised: what the thread may promise next.</summary>
    public IReadOnlyList<(int Loc, long Val)> NewWrites => newWrites;

    /// <summary>
    /// A list searched on insertion: a run has a few distinct new writes but meets them on very many paths,
    /// and a hash set's growth was a tenth of the kernel queues' time.
    /// </summary>
    private readonly List<(int Loc, long Val)> newWrites = [];

    public void AddNewWrite(int loc, long val)
    {
        foreach (var w in newWrites)
        {
            if (w.Loc == loc && w.Val == val)
            {
                return;
            }
        }
        newWrites.Add((loc, val));
    }

    /// <summary>Final registers of the runs that fulfil every promise and make no new write.</summary>
    public HashSet<RegisterFile> Finals { get; } = [];

    /// <summary>
    /// Some run fulfils every promise, makes no new write but of the newest value and stops in an await loop whose last iteration read the
    /// newest message of everything it read: against this memory it spins forever (the await loop's instruction).
    /// </summary>
    public Instr? Blocked { get; set; }

    /// <summary>
    /// The facts of those runs' paths, for the page-table checks (when they run). They name timestamps of the
    /// memory the run was made against, so they may be read only with that memory: a run cache, which hands a
    /// run to memories that agree only on what it accessed, must not keep them (none runs with walks).
    /// </summary>
    public HashSet<RunFacts> Facts { get; } = [];

    public bool Cut { get; set; }

    /// <summary>The locations the runs accessed (see <see cref="Bit"/>): the run depends on no other messages.</summary>
    public ulong Accessed { get; set; }

    /// <summary>
    /// The timestamp pairs the runs compared (<see cref="OrderPairs"/>), numbered within the messages to the
    /// accessed locations, each packed as lo * 256 + hi.
    /// </summary>
    public ushort[] Compared { get; set; } = [];

    /// <summary>The runs compared a timestamp outside the accessed locations: assume they compared every pair.</summary>
    public bool ComparedUnknown { get; set; }

    /// <summary>A location's bit in <see cref="Accessed"/>: its own below 63; bit 63 stands for every location from 63 on.</summary>
    public static ulong Bit(int loc) => 1UL << Math.Min(loc, 63);
}

/// <summary>A thread's final registers, compared by value.</summary>
internal sealed class RegisterFile(long[] values) : IEquatable<RegisterFile>
{
    public long[] Values { get; } = values;

    public bool Equals(RegisterFile? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);

    public override bool Equals(object? obj) => Equals(obj as RegisterFile);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var v in Values)
        {
            h.Add(v);
        }
        return h.ToHashCode();
    }
}

/// <summary>The state of one thread on one path: registers with their views, the Promising local state, the pc.</summary>
internal sealed class PromisingThreadState : ThreadControl, IRegisters<View>
{

    public long[] Val = [];

    /// <summary>Values of the locations only this thread accesses (no messages hold them).</summary>
    public long[] Private = [];
    public View[] V = [];
    public required Local L;
    public int NewWrites;

    /// <summary>The size of the last load-exclusive: a store-exclusive of another size fails.</summary>
    public int ExSize;

    /// <summary>Page-table programs: the location the current access translated to (-1: not yet), and the walk's view.</summary>
    public int Translated = -1;
    public View WalkView;

    /// <summary>
    /// The access (or fault) after the walk comes before this TLBI timestamp: its view is below it, and it
    /// reads and writes only messages below it (herd's TLBI-ob orders an access whose walk the TLBI would
    /// have invalidated before what the TLBI's DSB orders).
    /// </summary>
    public int AccessBound = int.MaxValue;

    /// <summary>TLBIs this path claimed a later full DSB completes (their messages say so), and whether one claimed none does.</summary>
    public int MustDsb;
    public bool NoDsb;

    /// <summary>The strongest walk view of earlier accesses per page offset (herd's TLBI-ob via same-low-order-bits).</summary>
    public (long Offset, int Pre)[] Horizon = [];

    /// <summary>
    /// A read since the last back jump read a message older than its location's newest; <see cref="IterationReadOld"/>
    /// is its value at the last back jump. A loop cut after an iteration that read only newest messages would read the
    /// same forever (coherence keeps it at them): it blocks; after one that read an older message it might still leave.
    /// </summary>
    public bool ReadOld;
    public bool IterationReadOld;

    /// <summary>
    /// A new message (one not promised) of this path changed its location's newest value. A path whose new messages
    /// all repeat the newest value (an exchange loop writing 1 over 1) is still a run against the memory for a thread
    /// that spins forever: appended after every other message, they change nothing any other run reads.
    /// </summary>
    public bool LoudWrite;

    /// <summary>
    /// Page-table programs with checks (<see cref="ExploreOptions.PromisingChecks"/>): this path's facts, the
    /// walk under way (its view and observations not yet filled in), and the messages of other threads the
    /// path read (bit ts - 1).
    /// </summary>
    public RunFacts? Facts;
    public TranslatedAccess? Walked;
    public UInt128 Observed;

    public PromisingThreadState Clone()
    {
        var c = new PromisingThreadState
        {
            Val = (long[])Val.Clone(),
            Private = (long[])Private.Clone(),
            V = (View[])V.Clone(),
            L = L.Clone(),
            LoopCount = (int[])LoopCount.Clone(),
            Faults = [.. Faults],
        };
        c.AssignScalars(this);
        return c;
    }

    /// <summary>Becomes a copy of <paramref name="o"/> (a state of the same thread) without allocating.</summary>
    public void CopyFrom(PromisingThreadState o)
    {
        Array.Copy(o.Val, Val, Val.Length);
        Array.Copy(o.Private, Private, Private.Length);
        Array.Copy(o.V, V, V.Length);
        Array.Copy(o.LoopCount, LoopCount, LoopCount.Length);
        L.CopyFrom(o.L);
        Faults.Clear();
        Faults.AddRange(o.Faults);
        AssignScalars(o);
    }

    private void AssignScalars(PromisingThreadState o)
    {
        CopyControl(o);
        NewWrites = o.NewWrites;
        ExSize = o.ExSize;
        Translated = o.Translated;
        WalkView = o.WalkView;
        AccessBound = o.AccessBound;
        MustDsb = o.MustDsb;
        NoDsb = o.NoDsb;
        Horizon = o.Horizon;
        ReadOld = o.ReadOld;
        LoudWrite = o.LoudWrite;
        IterationReadOld = o.IterationReadOld;
        Facts = o.Facts;
        Walked = o.Walked;
        Observed = o.Observed;
    }

    public long Get(int reg) => reg is Reg.Zero or Reg.None ? 0 : Val[reg];

    public View ViewOf(int reg) => reg is Reg.Zero or Reg.None ? View.Bot : V[reg];

    public View Dep(int reg) => ViewOf(reg);

    public View Join(View a, View b) => a.Join(b);

    /// <summary>The flags reach CSEL's result only through its intra-instruction control: a pick dependency.</summary>
    public View Pick(View source, View flags) => source.WithPick(flags);

    public void Control(View dep) => L.Control(dep);

    public void Set(int reg, long value, View view, bool wide)
    {
        if (reg is Reg.Zero or Reg.None)
        {
            return;
        }
        Val[reg] = wide ? value : (long)(uint)value;
        V[reg] = view;
    }
}
