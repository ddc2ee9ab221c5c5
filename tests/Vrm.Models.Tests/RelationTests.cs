using Vrm.Models.Relations;
using Xunit;

namespace Vrm.Models.Tests;

/// <summary>
/// The relation algebra the Arm model is written in, against a plain set-of-pairs reference on random relations
/// of one word per row (the fast paths) and of several (more than 64 events), and its witnesses.
/// </summary>
public class RelationTests
{
    private static Relation Make(RelationArena a, params (int From, int To)[] pairs)
    {
        var r = a.Empty();
        foreach (var (from, to) in pairs)
        {
            r.Add(from, to);
        }
        return r;
    }

    private static HashSet<(int, int)> Set(Relation r) => [.. r.Pairs()];

    private static HashSet<(int, int)> Random(Random rng, int n, double density)
    {
        var s = new HashSet<(int, int)>();
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                if (rng.NextDouble() < density)
                {
                    s.Add((a, b));
                }
            }
        }
        return s;
    }

    private static HashSet<(int, int)> Compose(HashSet<(int, int)> a, HashSet<(int, int)> b)
    {
        var next = b.ToLookup(q => q.Item1, q => q.Item2);
        return [.. a.SelectMany(p => next[p.Item2].Select(to => (p.Item1, to)))];
    }

    /// <summary>Everything reachable in one or more steps, by a search from each event (the closure of a random
    /// relation is nearly complete, so squaring sets of pairs took minutes at 130 events).</summary>
    private static HashSet<(int, int)> Closure(HashSet<(int, int)> a)
    {
        var next = a.ToLookup(p => p.Item1, p => p.Item2);
        var c = new HashSet<(int, int)>();
        foreach (int from in a.Select(p => p.Item1).Distinct())
        {
            var seen = new HashSet<int>();
            var work = new Stack<int>(next[from]);
            while (work.TryPop(out int e))
            {
                if (seen.Add(e))
                {
                    c.Add((from, e));
                    foreach (int to in next[e])
                    {
                        work.Push(to);
                    }
                }
            }
        }
        return c;
    }

    [Theory]
    [InlineData(7, 1)]
    [InlineData(64, 2)]
    [InlineData(70, 3)]
    [InlineData(130, 4)]
    public void OperatorsMatchSetsOfPairs(int n, int seed)
    {
        var rng = new Random(seed);
        var arena = new RelationArena(n, capacity: 2);
        for (int round = 0; round < 20; round++)
        {
            double density = 3.0 / n;
            var (x, y) = (Random(rng, n, density), Random(rng, n, density));
            var (a, b) = (Make(arena, [.. x]), Make(arena, [.. y]));
            Assert.Equal([.. x.Union(y)], Set(a | b));
            Assert.Equal([.. x.Intersect(y)], Set(a & b));
            Assert.Equal([.. x.Except(y)], Set(a - b));
            Assert.Equal(Compose(x, y), Set(a.Seq(b)));
            Assert.Equal(Closure(x), Set(a.Plus()));
            Assert.Equal([.. x.Select(p => (p.Item2, p.Item1))], Set(a.Inverse()));
            var from = arena.Events(e => e % 3 == 0);
            var to = arena.Events(e => e % 2 == 1);
            Assert.Equal([.. x.Where(p => p.Item1 % 3 == 0 && p.Item2 % 2 == 1)], Set(a.Restrict(from, to)));
            Assert.Equal([.. x.Select(p => p.Item1).Distinct().Order()], a.Domain().ToList());
            Assert.Equal([.. x.Select(p => p.Item2).Distinct().Order()], a.Range().ToList());
            bool acyclic = !Closure(x).Any(p => p.Item1 == p.Item2);
            Assert.Equal(acyclic, a.IsAcyclic());
            Assert.Equal(acyclic, a.IsAcyclic(out var cycle));
            if (!acyclic)
            {
                Assert.NotEmpty(cycle);
                for (int i = 0; i < cycle.Length; i++)
                {
                    Assert.True(a.Has(cycle[i], cycle[(i + 1) % cycle.Length]), $"the cycle's edge {cycle[i]} -> {cycle[(i + 1) % cycle.Length]} is not in the relation");
                }
            }
        }
    }

    [Fact]
    public void IrreflexiveNamesTheLeastEventRelatedToItself()
    {
        var a = new RelationArena(5);
        Assert.True(Make(a, (0, 1), (1, 2)).IsIrreflexive(out int none));
        Assert.Equal(-1, none);
        Assert.False(Make(a, (0, 1), (3, 3), (4, 4)).IsIrreflexive(out int witness));
        Assert.Equal(3, witness);
    }

    [Fact]
    public void AcyclicFindsTheCycleOfAnMpShape()
    {
        // a -bob-> b -rfe-> c -bob-> d -fre-> a, with a tail e -> a that is on no cycle.
        var a = new RelationArena(5);
        var r = Make(a, (0, 1), (1, 2), (2, 3), (3, 0), (4, 0));
        Assert.False(r.IsAcyclic(out var cycle));
        Assert.Equal([0, 1, 2, 3], cycle.Order());
        Assert.True(Make(a, (4, 0), (0, 1), (1, 2)).IsAcyclic(out var none));
        Assert.Empty(none);
    }

    [Fact]
    public void SetsAndCrossAndIdentity()
    {
        var a = new RelationArena(70);
        var even = a.Events(e => e % 2 == 0);
        var small = a.Events(e => e < 10);
        Assert.Equal(35, even.Count);
        Assert.Equal([0, 2, 4, 6, 8], (even & small).ToList());
        Assert.Equal([1, 3, 5, 7, 9], (small - even).ToList());
        Assert.Equal(35, (~even).Count);
        Assert.Equal(40, (even | small).Count);
        Assert.Equal(5 * 35, a.Cross(small & ~even, even).Pairs().Count);
        Assert.Equal(70, a.Identity().Pairs().Count);
        Assert.False(a.Identity().IsIrreflexive(out _));
        Assert.True(a.NoEvents().IsEmpty);
        Assert.True(a.Empty().IsEmpty);
    }

    [Fact]
    public void ReleasingAMarkReusesTheSpaceAndKeepsWhatCameBefore()
    {
        var a = new RelationArena(8, capacity: 1);
        var kept = Make(a, (1, 2));
        int mark = a.Mark();
        for (int i = 0; i < 10; i++)
        {
            _ = kept | Make(a, (i % 8, 0));
        }
        a.Release(mark);
        Assert.Equal(mark, a.Mark());
        var fresh = a.Empty();
        Assert.True(fresh.IsEmpty);
        Assert.Equal([(1, 2)], kept.Pairs());
    }

    [Fact]
    public void RelationsOfDifferentArenasDoNotMix()
    {
        var r = new RelationArena(4).Empty();
        var s = new RelationArena(4).Empty();
        Assert.Throws<InvalidOperationException>(() => r | s);
        Assert.Throws<InvalidOperationException>(() => r.Seq(s));
    }

    [Fact]
    public void CopyIsIndependent()
    {
        var a = new RelationArena(4);
        var r = Make(a, (0, 1));
        var c = r.Copy();
        c.Add(2, 3);
        c.UnionWith(Make(a, (3, 0)));
        Assert.Equal([(0, 1)], r.Pairs());
        Assert.Equal([(0, 1), (2, 3), (3, 0)], c.Pairs());
    }
}
