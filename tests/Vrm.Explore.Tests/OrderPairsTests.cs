using Vrm.Explore.Promising;
using Xunit;

namespace Vrm.Explore.Tests;

/// <summary>The set of compared timestamp pairs the pruning works with.</summary>
public class OrderPairsTests
{
    [Fact]
    public void PairsAreUnordered()
    {
        var p = new OrderPairs();
        p.Add(5, 2);
        Assert.True(p.Contains(2, 5));
        Assert.True(p.Contains(5, 2));
        Assert.False(p.Contains(2, 3));
    }

    [Fact]
    public void TheInitialValueAndEqualTimestampsAreNoPair()
    {
        var p = new OrderPairs();
        p.Add(0, 3);
        p.Add(4, 4);
        Assert.Equal([], p.Packed([0, 1, 2, 3, 4], out bool unnamed));
        Assert.False(unnamed);
    }

    [Fact]
    public void SwappedUnionExchangesTheTwoTimestamps()
    {
        // The twin memory M·d·c has d at 3 and c at 4; the pruned M·c·d has them the other way round.
        var twin = new OrderPairs();
        twin.Add(2, 4);
        twin.Add(3, 5);
        twin.Add(1, 2);
        var pruned = new OrderPairs();
        pruned.UnionSwapped(twin, 3);
        Assert.True(pruned.Contains(2, 3));
        Assert.True(pruned.Contains(4, 5));
        Assert.True(pruned.Contains(1, 2));
        Assert.False(pruned.Contains(2, 4));
        Assert.False(pruned.Contains(3, 5));
    }

    [Fact]
    public void PackingRenamesAndFlagsUnnamedTimestamps()
    {
        var p = new OrderPairs();
        p.Add(2, 6);
        // Timestamps 2 and 6 are the 1st and 3rd messages of the projection; 4 is not in it.
        Assert.Equal([(1 << 8) | 3], p.Packed([0, 0, 1, 0, 0, 2, 3], out bool unnamed).Select(x => (int)x));
        Assert.False(unnamed);
        p.Add(4, 6);
        p.Packed([0, 0, 1, 0, 0, 2, 3], out unnamed);
        Assert.True(unnamed);
    }

    [Fact]
    public void AllContainsEveryPairUntilCleared()
    {
        var p = new OrderPairs { All = true };
        Assert.True(p.Contains(7, 8));
        var q = new OrderPairs();
        q.UnionWith(p);
        Assert.True(q.Contains(1, 2));
        q.Clear();
        Assert.False(q.Contains(1, 2));
    }
}
