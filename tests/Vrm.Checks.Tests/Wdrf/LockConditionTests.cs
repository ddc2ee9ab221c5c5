using Vrm.Checks.Wdrf;
using Xunit;

namespace Vrm.Checks.Tests.Wdrf;

/// <summary>
/// DRF-Kernel and No-Barrier-Misuse on hand-written executions: lock 0x100 protects the page-ownership array
/// at 0x1000 (16 bytes); CPUs 0 and 1 are kernel CPUs.
/// </summary>
public sealed class LockConditionTests
{
    private const long Lock = 0x100, Owners = 0x1000;

    private static Protections Protect()
    {
        var p = new Protections();
        Assert.Null(p.Add(new Protection(Lock, Owners, 16, "s2page")));
        return p;
    }

    private static KernelEvent Hold(int cpu) => new(cpu, KernelEventKind.Hold, Lock, $"hold@{cpu}");

    private static KernelEvent Release(int cpu) => new(cpu, KernelEventKind.Release, Lock, $"release@{cpu}");

    private static KernelEvent Read(int cpu, long a, bool acquire = false) => new(cpu, KernelEventKind.Read, a, $"read@{cpu}", Acquire: acquire);

    private static KernelEvent Write(int cpu, long a, bool release = false) => new(cpu, KernelEventKind.Write, a, $"write@{cpu}", ReleaseOrder: release);

    private static KernelEvent Dsb(int cpu) => new(cpu, KernelEventKind.Barrier, 0, $"dsb@{cpu}", FullBarrier: true);

    /// <summary>SeKVM's ticket lock: take, barrier, critical section, barrier, release.</summary>
    private static List<KernelEvent> Section(int cpu) =>
        [Read(cpu, Lock), Hold(cpu), Dsb(cpu), Read(cpu, Owners), Write(cpu, Owners + 8), Dsb(cpu), Release(cpu), Write(cpu, Lock)];

    [Fact]
    public void LockedAndFencedSectionsHold()
    {
        var run = Section(0).Concat(Section(1)).ToList();
        Assert.Null(DrfKernel.Check(run, Protect()));
        Assert.Null(NoBarrierMisuse.Check(run, Protect()));
    }

    [Fact]
    public void AnUnlockedAccessBreaksDrfKernel()
    {
        var run = Section(0).Append(Write(1, Owners + 4)).ToList();
        var v = DrfKernel.Check(run, Protect());
        Assert.NotNull(v);
        Assert.Equal(8, v.Event);
        Assert.Contains("without holding lock 0x100", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoHoldersBreakDrfKernel()
    {
        var run = new List<KernelEvent> { Hold(0), Hold(1) };
        var v = DrfKernel.Check(run, Protect());
        Assert.Contains("while CPU 0 holds it", v!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnprotectedAndUserAccessesAreNotKernelDataRaces()
    {
        var run = new List<KernelEvent> { Write(0, 0x5000), Write(1, 0x5000), new(1, KernelEventKind.Read, Owners, "vm", User: true) };
        Assert.Null(DrfKernel.Check(run, Protect()));
    }

    [Fact]
    public void ReleasingALockNotHeldIsAnAnnotationError()
    {
        Assert.Throws<AnnotationException>(() => DrfKernel.Check([Release(0)], Protect()));
    }

    [Fact]
    public void OverlappingProtectionsOfTwoLocksAreRefused()
    {
        var p = Protect();
        Assert.Contains("overlaps 's2page'", p.Add(new Protection(0x200, Owners + 8, 16, "npt")), StringComparison.Ordinal);
        Assert.Null(p.Add(new Protection(Lock, Owners + 16, 8, "s2page-tail")));
    }

    [Fact]
    public void AMissingBarrierAfterTheHoldIsBarrierMisuse()
    {
        var run = new List<KernelEvent> { Read(0, Lock), Hold(0), Read(0, Owners), Dsb(0), Release(0), Write(0, Lock) };
        var v = NoBarrierMisuse.Check(run, Protect());
        Assert.Contains("after taking lock 0x100 at hold@0 with no barrier", v!.Message, StringComparison.Ordinal);
        Assert.Null(DrfKernel.Check(run, Protect()));
    }

    [Fact]
    public void AnAcquireWhenTakingTheLockIsTheBarrier()
    {
        var run = new List<KernelEvent> { Read(0, Lock, acquire: true), Hold(0), Read(0, Owners), Release(0), Write(0, Lock, release: true) };
        Assert.Null(NoBarrierMisuse.Check(run, Protect()));
    }

    [Fact]
    public void AMissingBarrierBeforeAPlainReleaseIsBarrierMisuse()
    {
        var run = new List<KernelEvent> { Read(0, Lock), Hold(0), Dsb(0), Write(0, Owners), Release(0), Write(0, Lock) };
        var v = NoBarrierMisuse.Check(run, Protect());
        Assert.Contains("releases lock 0x100 at write@0 with no barrier after its access", v!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReleaseStoreIsTheBarrierBeforeRelease()
    {
        var run = new List<KernelEvent> { Read(0, Lock), Hold(0), Dsb(0), Write(0, Owners), Release(0), Write(0, Lock, release: true) };
        Assert.Null(NoBarrierMisuse.Check(run, Protect()));
    }

    /// <summary>A ticket lock's second word: taken by reading it, given back by writing it, never at the lock's own address.</summary>
    private const long Now = Lock + 4;

    [Fact]
    public void AMissingBarrierBeforeTheReleaseOfATicketLockIsBarrierMisuse()
    {
        var run = new List<KernelEvent> { Read(0, Now), Hold(0), Dsb(0), Write(0, Owners), Release(0), Read(0, Now), Write(0, Now) };
        var v = NoBarrierMisuse.Check(run, Protect());
        Assert.Contains("releases lock 0x100 at write@0 with no barrier after its access", v!.Message, StringComparison.Ordinal);
        Assert.Equal(6, v.Event);
    }

    [Fact]
    public void TheReleasingWriteIsTheFirstWriteAfterTheReleaseWhateverItsAddress()
    {
        var fenced = new List<KernelEvent> { Read(0, Now), Hold(0), Dsb(0), Write(0, Owners), Dsb(0), Release(0), Write(0, Now) };
        Assert.Null(NoBarrierMisuse.Check(fenced, Protect()));
        var storeRelease = new List<KernelEvent> { Read(0, Now), Hold(0), Dsb(0), Write(0, Owners), Release(0), Write(0, Now, release: true) };
        Assert.Null(NoBarrierMisuse.Check(storeRelease, Protect()));
    }

    [Fact]
    public void TheAcquiringReadIsTheLastReadBeforeTheHold()
    {
        var acquire = new List<KernelEvent> { Read(0, Now, acquire: true), Hold(0), Read(0, Owners), Dsb(0), Release(0), Write(0, Now) };
        Assert.Null(NoBarrierMisuse.Check(acquire, Protect()));
        // An earlier acquire does not order what follows the plain read that took the lock.
        var earlier = new List<KernelEvent> { Read(0, 0x5000, acquire: true), Read(0, Now), Hold(0), Read(0, Owners), Dsb(0), Release(0), Write(0, Now) };
        Assert.Contains("with no barrier in between", NoBarrierMisuse.Check(earlier, Protect())!.Message, StringComparison.Ordinal);
    }

    /// <summary>The same lock with its size declared (VRM_PROTECTS records sizeof lock): 8 bytes, <c>next</c> and <c>now</c>.</summary>
    private static Protections ProtectSized(long owners = Owners, long size = 16)
    {
        var p = new Protections();
        Assert.Null(p.Add(new Protection(Lock, owners, size, "s2page", LockSize: 8)));
        return p;
    }

    [Fact]
    public void AnAcquireOfOtherMemoryDoesNotOrderTheSectionAfterTheLocksRead()
    {
        // A relaxed exchange takes the lock, then an acquire load of an unrelated flag: Promising-Arm lets the
        // section's read pass the exchange.
        var run = new List<KernelEvent> { Read(0, Lock), Read(0, 0x5000, acquire: true), Hold(0), Read(0, Owners), Dsb(0), Release(0), Write(0, Lock) };
        Assert.Contains("with no barrier in between", NoBarrierMisuse.Check(run, ProtectSized())!.Message, StringComparison.Ordinal);
        var lockAcquire = new List<KernelEvent> { Read(0, Now, acquire: true), Read(0, 0x5000), Hold(0), Read(0, Owners), Dsb(0), Release(0), Write(0, Now) };
        Assert.Null(NoBarrierMisuse.Check(lockAcquire, ProtectSized()));
    }

    [Fact]
    public void ABarrierBetweenTheAcquiringReadAndTheHoldSeparatesThem()
    {
        var run = new List<KernelEvent> { Read(0, Lock), Dsb(0), Hold(0), Read(0, Owners), Dsb(0), Release(0), Write(0, Lock) };
        Assert.Null(NoBarrierMisuse.Check(run, ProtectSized()));
        Assert.Null(NoBarrierMisuse.Check(run, Protect()));
        // A barrier before the acquiring read orders nothing after it.
        var before = new List<KernelEvent> { Dsb(0), Read(0, Lock), Hold(0), Read(0, Owners), Dsb(0), Release(0), Write(0, Lock) };
        Assert.NotNull(NoBarrierMisuse.Check(before, ProtectSized()));
    }

    [Fact]
    public void TheWordsOfALockInsideTheObjectItProtectsAreNotProtected()
    {
        // A VM record whose first field is its ticket lock, the whole record protected by that lock.
        var p = ProtectSized(owners: Lock, size: 32);
        var run = new List<KernelEvent> { Write(0, Lock), Read(0, Now), Hold(0), Dsb(0), Write(0, Lock + 16), Dsb(0), Release(0), Read(0, Now), Write(0, Now) };
        run.AddRange([Write(1, Lock), Read(1, Now), Hold(1), Dsb(1), Read(1, Lock + 16), Dsb(1), Release(1), Read(1, Now), Write(1, Now)]);
        Assert.Null(DrfKernel.Check(run, p));
        Assert.Null(NoBarrierMisuse.Check(run, p));
        Assert.Contains("without holding lock", DrfKernel.Check([Read(1, Lock + 16)], p)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReleasingWriteIsTheFirstWriteToTheLockAfterTheRelease()
    {
        // A statistics write between the release annotation and the release store is not the releasing write.
        var run = new List<KernelEvent> { Read(0, Now, acquire: true), Hold(0), Write(0, Owners), Release(0), Write(0, 0x5000), Write(0, Now, release: true) };
        Assert.Null(NoBarrierMisuse.Check(run, ProtectSized()));
        var plain = new List<KernelEvent> { Read(0, Now, acquire: true), Hold(0), Write(0, Owners), Release(0), Write(0, 0x5000, release: true), Write(0, Now) };
        Assert.Contains("releases lock 0x100", NoBarrierMisuse.Check(plain, ProtectSized())!.Message, StringComparison.Ordinal);
    }
}
