namespace Vrm.Models.Promising;

/// <summary>
/// Promising-Arm with an MMU (VRM's extension, here matched to herd7's aarch64.cat with -variant vmsa): a
/// translation-table walk is a read of a page-table entry that does not take part in coherence (the TLB may
/// hold any entry it saw), ordered only by address dependencies and by context synchronisation (ISB), which
/// makes later walks see what DSBs, dependencies and earlier walks ordered before it. A TLBI is a message of
/// its own (see <see cref="TlbiMessage"/>); its DSB orders it before everything after but the walks.
/// </summary>
public sealed partial class Local
{
    /// <summary>Vtr: the lower bound of later walks, raised by ISB.</summary>
    public int Vtr { get; private set; }

    /// <summary>Vdsb: what DSBs so far order (DSB-ob), for the next ISB.</summary>
    public int Vdsb { get; private set; }

    /// <summary>Vwalk: the join of the walks of the accesses so far.</summary>
    public int Vwalk { get; private set; }

    /// <summary>Vtlbi: the join of this thread's TLBIs so far, which a full DSB completes.</summary>
    public int Vtlbi { get; private set; }

    /// <summary>The view a walk must respect: its address (strictly) and Vtr.</summary>
    public int WalkPre(View vloc) => Math.Max(vloc.S, Vtr);

    /// <summary>A walk read the entry at <paramref name="ts"/>: its view orders the access, later writes, and after a DSB/ISB later walks.</summary>
    public View Walk(int pre, int ts)
    {
        int post = Math.Max(pre, ts);
        Vwalk = Math.Max(Vwalk, post);
        return View.At(post);
    }

    /// <summary>Vhu: this thread's hardware updates of entries, which a full DSB orders.</summary>
    public int Vhu { get; private set; }

    /// <summary>A hardware update takes timestamp <paramref name="ts"/>, one of this thread's promises or a new message.</summary>
    public void FulfilUpdate(int ts)
    {
        Vhu = Math.Max(Vhu, ts);
        if (ts <= MaxMessages)
        {
            Promises &= ~(UInt128.One << (ts - 1));
        }
    }

    /// <summary>The view a TLBI is ordered after: DSB-ordered accesses, address and control dependencies.</summary>
    public int TlbiPre(View vaddr) => Math.Max(Math.Max(Vdsb, Vcap.P), vaddr.P);

    /// <summary>The TLBI takes timestamp <paramref name="ts"/>, one of this thread's promises or a new message.</summary>
    public void FulfilTlbi(int ts)
    {
        Vtlbi = Math.Max(Vtlbi, ts);
        if (ts <= MaxMessages)
        {
            Promises &= ~(UInt128.One << (ts - 1));
        }
    }

    /// <summary>
    /// dsb: a DMB, and what it orders is remembered for the next ISB (DSB-ob; [IFB]) — with FEAT_ETS2 it orders
    /// later walks at once; a full DSB also completes the TLBIs before it, which are then ordered before every
    /// later access.
    /// </summary>
    public void Dsb(Vrm.Programs.FenceKind kind, bool ets2 = false)
    {
        Dmb(kind);
        DsbSources(kind);
        if (ets2)
        {
            // FEAT_ETS2: what the DSB orders is ordered before later walks without an ISB.
            Vtr = Math.Max(Vtr, Vdsb);
        }
    }

    private void DsbSources(Vrm.Programs.FenceKind kind)
    {
        switch (kind)
        {
            case Vrm.Programs.FenceKind.DsbFull:
                Vdsb = Math.Max(Vdsb, Math.Max(Math.Max(Vro.P, Vwo.P), Math.Max(Math.Max(Vwalk, Vhu), Vtlbi)));
                // DSB-ob's sources are all memory events and TLBIs: hardware updates too (DMB's are explicit accesses only).
                Vrn = Vrn.Join(View.At(Math.Max(Vtlbi, Vhu)));
                Vwn = Vwn.Join(View.At(Math.Max(Vtlbi, Vhu)));
                break;
            case Vrm.Programs.FenceKind.DsbLd:
                Vdsb = Math.Max(Vdsb, VroRet.P);
                break;
            case Vrm.Programs.FenceKind.DsbSt:
                Vdsb = Math.Max(Vdsb, Vwo.P);
                break;
        }
    }

    /// <summary>isb for walks: later walks are ordered after dependencies, DSB-ordered events and earlier walks.</summary>
    public void IsbWalks() => Vtr = Math.Max(Vtr, Math.Max(Vcap.P, Math.Max(Vdsb, Vwalk)));

    /// <summary>The view a fault is ordered after (herd's bob and DSB-ob order faults like accesses).</summary>
    public int FaultPre(View vloc) => Math.Max(Math.Max(Vrn.S, Vwn.P), vloc.P);
}

/// <summary>
/// A TLBI as a message of Promising memory, at a location of its own (one past the program's): its
/// timestamp places it among the writes; its value packs the page it invalidates (the index of the variable
/// on it, or all), whether it is broadcast, whether a DSB completes it, whether it is last-level only, and
/// <see cref="Pre"/>, the view it is ordered after. A walk ordered after a completed TLBI must read an entry
/// at least as new as the newest one at or below Pre.
/// </summary>
public readonly record struct TlbiMessage(int Page, bool Broadcast, bool Completed, bool LastLevel, int Pre)
{
    /// <summary>The page of a TLBI of every page.</summary>
    public const int All = -1;

    /// <summary>The largest page a message can name (<see cref="Encode"/> keeps Page + 2 in 21 bits).</summary>
    public const int MaxPage = 0x1F_FFFD;

    /// <summary>Its operation's target, which decides the stage it invalidates (<see cref="Vrm.Programs.TlbiOp.CoversStage"/>).</summary>
    public Vrm.Programs.TlbiTarget Target { get; init; }

    /// <summary>The VMID in its CPU's VTTBR_EL2 when it ran.</summary>
    public int Vmid { get; init; }

    /// <summary>The ASID its register named (by-VA and by-ASID forms).</summary>
    public int Asid { get; init; }

    public long Encode() =>
        ((long)Pre << 43) | ((long)(Page + 2) << 22) | ((long)(Asid & 0xFF) << 14) | ((long)(Vmid & 0xFF) << 6) | ((long)Target << 3)
        | (LastLevel ? 4L : 0) | (Broadcast ? 2L : 0) | (Completed ? 1L : 0);

    public static TlbiMessage Decode(long v) =>
        new((int)((v >> 22) & 0x1FFFFF) - 2, (v & 2) != 0, (v & 1) != 0, (v & 4) != 0, (int)(v >> 43))
        {
            Target = (Vrm.Programs.TlbiTarget)((v >> 3) & 7),
            Vmid = (int)((v >> 6) & 0xFF),
            Asid = (int)((v >> 14) & 0xFF),
        };

    /// <summary>
    /// It invalidates a walk of page <paramref name="page"/> (tagged <paramref name="walkVmid"/>, 0 for stage 1,
    /// and <paramref name="walkAsid"/> unless the entry is <paramref name="global"/>) reading a
    /// <paramref name="leaf"/> (last-level) entry or a table entry.
    /// </summary>
    public bool Covers(int page, bool leaf, int walkVmid, int walkAsid, bool global) =>
        Vrm.Programs.TlbiOp.CoversStage(Target, Vmid, walkVmid) && Vrm.Programs.TlbiOp.CoversAsid(Target, Asid, walkAsid, global)
        && (Page == All || Page == page) && (leaf || !LastLevel);
}
