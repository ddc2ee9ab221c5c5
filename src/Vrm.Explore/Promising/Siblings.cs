using Vrm.Models.Promising;

namespace Vrm.Explore.Promising;

/// <summary>
/// The subtrees of the first messages, which the workers share. Pruning the children of first message j
/// needs, for each earlier sibling i, the pairs compared in the subtree of i followed by j; subtree i
/// publishes them as soon as that child is done, and subtree j waits for them. Subtrees start in order, so
/// what j waits for is running or done, and the memories explored are those of the search on one worker.
/// </summary>
internal sealed class Siblings
{
    private Msg[] first = [];

    /// <summary>[i, j]: the pairs of the subtree of first message i followed by first message j (null: none explored).</summary>
    private TaskCompletionSource<OrderPairs?>[,] twins = new TaskCompletionSource<OrderPairs?>[0, 0];

    public void Start(Msg[] messages)
    {
        first = messages;
        twins = new TaskCompletionSource<OrderPairs?>[first.Length, first.Length];
        for (int i = 0; i < first.Length; i++)
        {
            for (int j = 0; j < first.Length; j++)
            {
                twins[i, j] = new TaskCompletionSource<OrderPairs?>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Subtree <paramref name="i"/> explored (or skipped: null) its child <paramref name="m"/>.</summary>
    public void Publish(int i, Msg m, OrderPairs? pairs)
    {
        int j = Array.IndexOf(first, m);
        if (j > i)
        {
            OrderPairs? copy = null;
            if (pairs is not null)
            {
                // The subtree gives its pairs back to its pool: the sibling gets a copy of its own.
                copy = new OrderPairs();
                copy.UnionWith(pairs);
            }
            twins[i, j].TrySetResult(copy);
        }
    }

    /// <summary>Subtree <paramref name="i"/> is done: siblings waiting for a child it did not explore go on.</summary>
    public void Finish(int i)
    {
        for (int j = 0; j < first.Length; j++)
        {
            twins[i, j].TrySetResult(null);
        }
    }

    /// <summary>
    /// The earlier first messages not to promise right after first message <paramref name="j"/>: their subtree
    /// went on with j and never compared the two (timestamps 1 and 2).
    /// </summary>
    public List<PromiseFirstSearch.Sleeper>? Sleepers(int j, Budget budget)
    {
        List<PromiseFirstSearch.Sleeper>? sleep = null;
        for (int i = 0; i < j; i++)
        {
            if (first[i].Loc == first[j].Loc)
            {
                continue;
            }
            var task = twins[i, j].Task;
            while (!task.Wait(TimeSpan.FromMilliseconds(100)))
            {
                budget.Check();
            }
            if (PromiseFirstSearch.Sleeper.For(first[i], first[j], task.Result, 0) is { } z)
            {
                (sleep ??= []).Add(z);
            }
        }
        return sleep;
    }
}
