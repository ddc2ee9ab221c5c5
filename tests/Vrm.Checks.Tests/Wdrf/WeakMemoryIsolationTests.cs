using Vrm.Checks.Wdrf;
using Xunit;

namespace Vrm.Checks.Tests.Wdrf;

/// <summary>Weak-Memory-Isolation: a VM's two-level stage-2 table (start level 2, root 0x3000, level 3 at 0x4000) and KCore's pages at 0x80_0000.</summary>
public sealed class WeakMemoryIsolationTests
{
    private static readonly TranslationRoot Vm = new("VM 1 (VTTBR)", 0x3000, StartLevel: 2);
    private static readonly PrivateRange[] Kcore = [new(0x80_0000, 0x10000, "kcore")];

    private static Func<long, long> Tables(long leaf)
    {
        var m = new Dictionary<long, long> { [0x3000] = 0x4003, [0x4000] = 0x10_0403, [0x4008] = leaf };
        return a => m.GetValueOrDefault(a);
    }

    [Fact]
    public void VmPagesOutsideTheKernelAreIsolated() =>
        Assert.Null(WeakMemoryIsolation.CheckTables(Tables(0x20_0403), [Vm], Kcore));

    [Fact]
    public void AVmMappingOfAKernelPageIsABreach()
    {
        var b = WeakMemoryIsolation.CheckTables(Tables(0x80_4403), [Vm], Kcore);
        Assert.NotNull(b);
        Assert.Equal(0x1000, b.VirtualAddress);
        Assert.Contains("kernel-private 'kcore'", b.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABlockThatCoversAKernelPageIsABreach()
    {
        var m = new Dictionary<long, long> { [0x3000] = 0x4003, [0x3008] = 0x60_0401 }; // 2 MiB block 0x600000..0x800000
        Assert.Null(WeakMemoryIsolation.CheckTables(a => m.GetValueOrDefault(a), [Vm], Kcore));
        m[0x3010] = 0x80_0401;
        Assert.NotNull(WeakMemoryIsolation.CheckTables(a => m.GetValueOrDefault(a), [Vm], Kcore));
    }

    [Fact]
    public void AUserAccessIntoKernelMemoryIsABreach()
    {
        Assert.NotNull(WeakMemoryIsolation.CheckAccess(0x1000, 0x80_0010, 8, Kcore));
        Assert.Null(WeakMemoryIsolation.CheckAccess(0x1000, 0x7F_FFF0, 8, Kcore));
    }
}
