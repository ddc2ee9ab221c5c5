using Vrm.Models.Promising;
using Vrm.Programs;
using Xunit;

namespace Vrm.Models.Tests;

/// <summary>The transition rules of Promising-Arm one by one, on hand-built memories.</summary>
public class PromisingRuleTests
{
    private const int X = 0, Y = 1;

    /// <summary>x: [1]=1 by thread 1, [2]=2 by thread 1; y: [3]=5 by thread 0.</summary>
    private static PromiseMemory Memory()
    {
        var mem = new PromiseMemory([0, 0], 4);
        mem.Append(new Msg(X, 1, 1));
        mem.Append(new Msg(X, 2, 1));
        mem.Append(new Msg(Y, 5, 0));
        return mem;
    }

    [Fact]
    public void AReadMayReadTheLatestMessageAtItsViewOrAnyNewerOne()
    {
        var local = new Local(2, 0);
        var cands = new List<int>();
        local.ReadCandidates(Memory(), X, View.At(1), cands);
        Assert.Equal([1, 2], cands);
        local.ReadCandidates(Memory(), X, View.Bot, cands);
        Assert.Equal([0, 1, 2], cands);
    }

    [Fact]
    public void ReadingRaisesCohSoLaterReadsCannotGoBack()
    {
        var local = new Local(2, 0);
        var post = local.Read(X, 2, ReadOrder.Plain, ex: false, noRet: false, View.Bot, local.ReadPre(ReadOrder.Plain, View.Bot));
        Assert.Equal(View.At(2), post);
        var cands = new List<int>();
        local.ReadCandidates(Memory(), X, View.Bot, cands);
        Assert.Equal([2], cands);
        Assert.Equal(View.Bot, local.Vrn);
    }

    [Fact]
    public void AnAcquireReadOrdersLaterReadsAndWrites()
    {
        var local = new Local(2, 0);
        local.Read(Y, 3, ReadOrder.Acquire, ex: false, noRet: false, View.Bot, View.Bot);
        Assert.Equal(View.At(3), local.Vrn);
        Assert.Equal(View.At(3), local.Vwn);
    }

    [Fact]
    public void AWriteMustBeAboveCohAndItsPreView()
    {
        var mem = Memory();
        var local = new Local(2, 0b100);
        Assert.True(local.Writable(mem, 0, Y, 3, View.At(2), ex: false));
        Assert.False(local.Writable(mem, 0, Y, 3, View.At(3), ex: false));
        local.Read(Y, 3, ReadOrder.Plain, ex: false, noRet: false, View.Bot, View.Bot);
        Assert.False(local.Writable(mem, 0, Y, 3, View.Bot, ex: false));
    }

    [Fact]
    public void FulfilRecordsTheWriteAndDropsThePromise()
    {
        var local = new Local(2, 0b100);
        local.Fulfil(Y, 3, WriteOrder.Release, ex: false, View.At(1), View.At(2));
        Assert.Equal(0UL, local.Promises);
        Assert.Equal(3, local.Coh[Y]);
        Assert.Equal(View.At(3), local.Vwo);
        Assert.Equal(View.At(3), local.Vrel);
        Assert.Equal(new FwdItem(3, View.At(2), false, View.At(2)), local.FwdBank[Y]);
    }

    [Fact]
    public void AStoreExclusiveNeedsTheSameLocationAndNoOtherThreadsWriteInBetween()
    {
        var mem = Memory();
        var local = new Local(2, 0);
        local.Read(X, 1, ReadOrder.Plain, ex: true, noRet: false, View.Bot, View.Bot);
        // Thread 1 wrote x at 2, after the load-exclusive read 1: thread 0 cannot write x at 3 or later.
        Assert.False(local.Writable(mem, 0, X, 3, View.Bot, ex: true));
        Assert.False(local.Writable(mem, 0, Y, 3, View.Bot, ex: true));
        // Thread 1 itself may: the message in between is its own.
        Assert.True(local.Writable(mem, 1, X, 3, View.Bot, ex: true));
    }

    [Fact]
    public void DmbLdLeavesNoRetReadsOut()
    {
        var local = new Local(2, 0);
        local.Read(Y, 3, ReadOrder.Plain, ex: false, noRet: true, View.Bot, View.Bot);
        local.Dmb(FenceKind.DmbLd);
        Assert.Equal(View.Bot, local.Vrn);
        local.Dmb(FenceKind.DmbFull);
        Assert.Equal(View.At(3), local.Vrn);
    }

    [Fact]
    public void IsbOrdersReadsAfterPickDependencies()
    {
        var local = new Local(2, 0);
        local.Control(new View(1, 3));
        local.Isb();
        Assert.Equal(View.At(3), local.Vrn);
    }

    [Fact]
    public void APrivateWriteTakesTheLowestPlaceAboveItsPreView()
    {
        var local = new Local(2, 0);
        local.PrivateWrite(X, WriteOrder.Plain, ex: false, View.Bot, View.At(2), View.At(2));
        Assert.Equal(2, local.Coh[X]);
        Assert.Equal(View.At(2), local.Vwo);
        Assert.Equal(0UL, local.Promises);
    }
}
