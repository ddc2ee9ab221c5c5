using Vrm.Checks.Wdrf;
using Xunit;

namespace Vrm.Checks.Tests.Wdrf;

/// <summary>Write-Once-Kernel-Mapping on a four-level kernel table (root 0x1000 ... level 3 at 0x4000) with one page mapped.</summary>
public sealed class WriteOnceKernelMappingTests
{
    private static readonly TranslationRoot Kernel = new("kcore", 0x1000);

    private static Func<long, long> Tables()
    {
        var m = new Dictionary<long, long> { [0x1000] = 0x2003, [0x2000] = 0x3003, [0x3000] = 0x4003, [0x4000] = 0x10_0403 };
        return a => m.GetValueOrDefault(a);
    }

    [Fact]
    public void FillingEmptySlotsIsAllowed()
    {
        var writes = new[] { new PageTableWrite(0x4008, 0x20_0403, "remap slot 1"), new PageTableWrite(0x4010, 0x30_0403, "remap slot 2") };
        Assert.Empty(WriteOnceKernelMapping.Check(Tables(), writes, Kernel));
    }

    [Fact]
    public void OverwritingAMappingIsAViolation()
    {
        var writes = new[] { new PageTableWrite(0x4008, 0x20_0403, "fill"), new PageTableWrite(0x4008, 0x30_0403, "overwrite") };
        var c = Assert.Single(WriteOnceKernelMapping.Check(Tables(), writes, Kernel));
        Assert.Equal("overwrite", c.Write.Site);
        Assert.Equal(0x1000, c.VirtualAddress);
        Assert.Equal(0x20_0000, c.Before.OutputAddress);
    }

    [Fact]
    public void UnmappingIsAViolation()
    {
        var c = Assert.Single(WriteOnceKernelMapping.Check(Tables(), [new PageTableWrite(0x4000, 0, "unmap")], Kernel));
        Assert.False(c.After.Mapped);
    }

    [Fact]
    public void RemovingATableRemovesItsMappings()
    {
        var c = Assert.Single(WriteOnceKernelMapping.Check(Tables(), [new PageTableWrite(0x3000, 0, "drop level 3")], Kernel));
        Assert.Equal(0, c.VirtualAddress);
    }

    [Fact]
    public void RewritingTheSameValueChangesNothing()
    {
        Assert.Empty(WriteOnceKernelMapping.Check(Tables(), [new PageTableWrite(0x4000, 0x10_0403, "same")], Kernel));
    }
}
