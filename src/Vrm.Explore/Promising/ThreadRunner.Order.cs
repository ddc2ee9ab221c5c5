using Vrm.Models.Promising;

namespace Vrm.Explore.Promising;

/// <summary>
/// Which timestamp pairs a run compares (see <see cref="OrderPairs"/>), so that the search can tell which
/// adjacent messages a thread cannot order. Page-table programs compare more (TLBI bounds, walks): there
/// nothing is recorded and the search prunes no order.
/// </summary>
internal sealed partial class ThreadRunner
{
    private readonly OrderPairs compared = new();
    private readonly bool recordOrder = !PromiseFirstSearch.Walks(program);

    /// <summary>A message's timestamp <paramref name="m"/> was compared with a view <paramref name="v"/>.</summary>
    private void Compared(int m, int v)
    {
        // Messages this run appended are above every other: no reordering of the memory moves them.
        if (recordOrder && m <= baseCount && v <= baseCount)
        {
            compared.Add(m, v);
        }
    }

    /// <summary>
    /// A read of <paramref name="loc"/> with pre-view <paramref name="v"/> may read the newest message of the
    /// location at or below v, and the newer ones. Were that message above v, an older one could be read too;
    /// were a newer one below v, fewer could (a run that can do less adds nothing the twin lacks).
    /// <paramref name="latest"/> is that message when the caller has it (-1: look it up).
    /// </summary>
    private void ComparedBelow(int loc, int v, int latest)
    {
        if (recordOrder && v > 0 && v <= baseCount && mem[v].Loc != loc)
        {
            Compared(latest >= 0 ? latest : mem.LatestAtOrBelow(loc, v), v);
        }
    }

    /// <summary>
    /// The run's pairs in the timestamps of its projection (the messages to the locations it accessed, which
    /// is all the run cache keeps of a memory), so that a cached run can name them in another memory.
    /// </summary>
    private void ProjectCompared()
    {
        if (!recordOrder)
        {
            return;
        }
        Span<int> projected = stackalloc int[baseCount + 1];
        int k = 0;
        for (int ts = 1; ts <= baseCount; ts++)
        {
            projected[ts] = (result.Accessed & ThreadRunResult.Bit(mem[ts].Loc)) != 0 ? ++k : 0;
        }
        result.Compared = compared.Packed(projected, out bool unnamed);
        result.ComparedUnknown = unnamed;
    }
}
