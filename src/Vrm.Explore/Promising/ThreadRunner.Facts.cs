using Vrm.Models.Promising;
using Vrm.Programs;

namespace Vrm.Explore.Promising;

/// <summary>
/// What a run records for the page-table checks (<see cref="ExploreOptions.PromisingChecks"/>), on the path's
/// own persistent list so that forks share it: the messages it fulfils with the views they are ordered after,
/// the walk of each access with the view the access is ordered after, and the other threads' messages it read.
/// Recording changes no choice the run makes: the search explores the same memories and paths with it or without.
/// </summary>
internal sealed partial class ThreadRunner
{
    /// <summary>The path fulfilled the message at <paramref name="ts"/>.</summary>
    private void Fulfilled(PromisingThreadState s, int ts, Instr ins, int pre, FulfilKind kind)
    {
        if (recordFacts)
        {
            s.Facts = new RunFacts(new Models.Promising.Fulfilled(ts, ins, pre, kind, s.Observed), s.Facts);
        }
    }

    /// <summary>
    /// The path's <paramref name="ins"/> read the message at <paramref name="ts"/> of <paramref name="loc"/>, ordered
    /// after <paramref name="pre"/>; called before <see cref="Observe"/>, as the read is not ordered after itself.
    /// </summary>
    private void ReadFact(PromisingThreadState s, Instr ins, int loc, int ts, int pre)
    {
        if (recordFacts)
        {
            s.Facts = new RunFacts(new Read(ts, loc, ins, pre, s.Observed), s.Facts);
        }
    }

    /// <summary>The path passed a full DSB, which orders its TLBIs before what follows.</summary>
    private void DsbFact(PromisingThreadState s, Instr ins)
    {
        if (recordFacts)
        {
            s.Facts = new RunFacts(new FullDsb(ins), s.Facts);
        }
    }

    /// <summary>The path read the message at <paramref name="ts"/> (not its own: reading those orders nothing across threads).</summary>
    private void Observe(PromisingThreadState s, int ts)
    {
        if (recordFacts && ts > 0 && ts <= MaxMessages && mem[ts].Tid != tid)
        {
            s.Observed |= UInt128.One << (ts - 1);
        }
    }

    /// <summary>
    /// A level of a walk read the entry at <paramref name="entryLoc"/> at <paramref name="ts"/>. What a walk reads is
    /// ordered before what is ordered after the walk (herd's rf into a walk is in ob), so it is observed too.
    /// </summary>
    private void WalkedLevel(PromisingThreadState s, Instr ins, VmsaVariable variable, int vmid, int entryLoc, int ts, bool leaf)
    {
        if (recordFacts)
        {
            Observe(s, ts);
            var levels = new WalkRead(entryLoc, ts, leaf, s.Walked?.Levels);
            s.Walked = new TranslatedAccess(ins, variable, vmid, vmid > 0 ? 0 : s.Asid, levels, 0, UInt128.Zero);
        }
    }

    /// <summary>The access (or fault) the walk under way led to is ordered after <paramref name="view"/>.</summary>
    private void Accessed(PromisingThreadState s, int view)
    {
        if (s.Walked is { } walked)
        {
            s.Facts = new RunFacts(walked with { View = view, Observed = s.Observed }, s.Facts);
            s.Walked = null;
        }
    }
}
