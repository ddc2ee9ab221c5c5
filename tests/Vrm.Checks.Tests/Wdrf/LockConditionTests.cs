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

    /// <summary>
    /// A ticket lock { next, now } is taken by spinning on now and released by bumping now, at lock+4: the
    /// releasing write is the CPU's first write after the release annotation wherever it lands, and the
    /// acquiring read its last read before the hold.
    /// </summary>
    [Fact]
    public void TheLockWordNeedNotBeAtTheLocksAddress()
    {
        const long now = Lock + 4;
        var unfenced = new List<KernelEvent> { Read(0, now), Hold(0), Dsb(0), Write(0, Owners), Release(0), Read(0, now), Write(0, now) };
        var v = NoBarrierMisuse.Check(unfenced, Protect());
        Assert.Contains("releases lock 0x100 at write@0 with no barrier after its access", v!.Message, StringComparison.Ordinal);
        var fenced = new List<KernelEvent> { Read(0, now), Hold(0), Dsb(0), Write(0, Owners), Dsb(0), Release(0), Read(0, now), Write(0, now) };
        Assert.Null(NoBarrierMisuse.Check(fenced, Protect()));
        var acquired = new List<KernelEvent> { Read(0, now, acquire: true), Hold(0), Read(0, Owners), Release(0), Write(0, now, release: true) };
        Assert.Null(NoBarrierMisuse.Check(acquired, Protect()));
    }
}
