using Vrm.Checks.Wdrf;
using Vrm.Models.Mmu;
using Xunit;

namespace Vrm.Checks.Tests.Wdrf;

/// <summary>
/// Transactional-Page-Table on hand-built four-level tables: root (level 0) at 0x1000, level 1 at 0x2000,
/// level 2 at 0x3000, level 3 at 0x4000, mapping the pages at 0 and 0x1000 of the address space.
/// </summary>
public sealed class TransactionalPageTableTests
{
    private const long L0 = 0x1000, L1 = 0x2000, L2 = 0x3000, L3 = 0x4000, Spare = 0x5000;
    private const long PageAttrs = 0x403; // page, valid, AF
    private static readonly TranslationRoot[] Roots = [new("kernel", L0)];

    private static Dictionary<long, long> Tables()
    {
        return new Dictionary<long, long>
        {
            [L0] = L1 | 3,
            [L1] = L2 | 3,
            [L2] = L3 | 3,
            [L3] = 0x10_0000 | PageAttrs,
            [L3 + 8] = 0x20_0000 | PageAttrs,
        };
    }

    private static Func<long, long> Reader(Dictionary<long, long> m) => a => m.GetValueOrDefault(a);

    private static PageTableWrite W(long address, long value, string site) => new(address, value, site);

    [Fact]
    public void WalkFollowsTheTablesTheCodeBuilt()
    {
        var t = TableWalk.Walk(Reader(Tables()), L0, 0x1234);
        Assert.True(t.Mapped);
        Assert.Equal(0x20_0234, t.OutputAddress);
        Assert.False(TableWalk.Walk(Reader(Tables()), L0, 0x2000).Mapped);
    }

    [Fact]
    public void OneRemapIsTransactional()
    {
        var writes = new[] { W(L3, 0x30_0000 | PageAttrs, "remap") };
        Assert.Empty(TransactionalPageTable.Discipline(Reader(Tables()), writes, Roots));
        Assert.Empty(TransactionalPageTable.MixedWalks(Reader(Tables()), writes, Roots));
    }

    [Fact]
    public void TwoChangesOfValidEntriesBreakTheDiscipline()
    {
        var writes = new[] { W(L3, 0, "unmap a"), W(L3 + 8, 0x30_0000 | PageAttrs, "remap b") };
        var problems = TransactionalPageTable.Discipline(Reader(Tables()), writes, Roots);
        var p = Assert.Single(problems);
        Assert.Equal("remap b", p.Write.Site);
        Assert.Contains("second change of a valid translation", p.Message, StringComparison.Ordinal);
        // Each address still sees its old or its new entry: the discipline is stricter than the semantics.
        Assert.Empty(TransactionalPageTable.MixedWalks(Reader(Tables()), writes, Roots));
    }

    [Fact]
    public void FillingEmptyEntriesIsNoChange()
    {
        var writes = new[] { W(L3 + 16, 0x40_0000 | PageAttrs, "map c"), W(L3 + 24, 0x50_0000 | PageAttrs, "map d") };
        Assert.Empty(TransactionalPageTable.Discipline(Reader(Tables()), writes, Roots));
        Assert.Empty(TransactionalPageTable.MixedWalks(Reader(Tables()), writes, Roots));
    }

    [Fact]
    public void ATableOverAStaleTableMixesTranslations()
    {
        // Move the level-2 entry to a new level-3 table while also rewriting the old one: a walk may take the
        // old table pointer with the rewritten entry, a translation that is neither before nor after.
        var memory = Tables();
        memory[Spare] = 0x60_0000 | PageAttrs;
        var writes = new[] { W(L3, 0x70_0000 | PageAttrs, "rewrite old table"), W(L2, Spare | 3, "switch table") };
        var mixed = TransactionalPageTable.MixedWalks(Reader(memory), writes, Roots);
        var m = Assert.Single(mixed);
        Assert.Equal(0, m.VirtualAddress);
        Assert.Equal(0x70_0000, m.Mixed.OutputAddress);
        Assert.Equal(0x10_0000, m.Before.OutputAddress);
        Assert.Equal(0x60_0000, m.After.OutputAddress);
        Assert.Equal("rewrite old table", Assert.Single(m.Seen).Site);
    }

    [Fact]
    public void ANewTableMustBeZeroed()
    {
        // Installing a table that already maps something, then changing that mapping: a walk may see the
        // table with its stale entry.
        var memory = Tables();
        memory[L2 + 8] = 0; // the 2 MiB region at 0x200000 is unmapped
        memory[Spare] = 0x80_0000 | PageAttrs;
        var writes = new[] { W(L2 + 8, Spare | 3, "install table"), W(Spare, 0x90_0000 | PageAttrs, "map in new table") };
        var problems = TransactionalPageTable.Discipline(Reader(memory), writes, Roots);
        Assert.Contains(problems, p => p.Message.Contains("must be zeroed", StringComparison.Ordinal));
        var m = Assert.Single(TransactionalPageTable.MixedWalks(Reader(memory), writes, Roots));
        Assert.Equal(0x20_0000, m.VirtualAddress);
        Assert.Equal(0x80_0000, m.Mixed.OutputAddress);
        Assert.False(m.Before.Mapped);
    }

    [Fact]
    public void ATableIsInstalledOnlyInAnEmptyEntry()
    {
        var memory = Tables();
        var writes = new[] { W(L2, Spare | 3, "replace table") };
        var p = Assert.Single(TransactionalPageTable.Discipline(Reader(memory), writes, Roots));
        Assert.Contains("only be installed in an empty entry", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WritesOutsideTheRootsTablesAreNotPageTableWrites()
    {
        var writes = new[] { W(0x9000, 7, "data"), W(0x9008, 8, "data") };
        Assert.Empty(TransactionalPageTable.Discipline(Reader(Tables()), writes, Roots));
        Assert.Empty(TransactionalPageTable.MixedWalks(Reader(Tables()), writes, Roots));
    }

    [Fact]
    public void BlockDescriptorsTranslateTheirWholeRange()
    {
        var memory = Tables();
        memory[L2 + 16] = 0x4000_0000 | 0x401; // a 2 MiB block at VA 0x400000
        var t = TableWalk.Walk(Reader(memory), L0, 0x40_1234);
        Assert.Equal(0x4000_1234, t.OutputAddress);
        Assert.Equal(2, t.Level);
    }
}

/// <summary>The TLB side of Transactional-Page-Table: a changed translation is invalidated, broadcast, and the TLBI completed by a DSB, before the release.</summary>
public sealed class SectionInvalidationTests
{
    private static readonly TranslationRoot Vm = new("VM 1", 0x3000, StartLevel: 2, Stage2: true, Vmid: 1);

    private static Func<long, long> Tables()
    {
        var m = new Dictionary<long, long> { [0x3000] = 0x4003, [0x4000] = 0x10_0403, [0x4008] = 0x20_0403 };
        return a => m.GetValueOrDefault(a);
    }

    private static SectionEvent Unmap() => new(Write: new PageTableWrite(0x4008, 0, "unmap gfn 1"));

    private static SectionEvent Tlbi(long? page, bool stage2 = true, int? vmid = 1, bool broadcast = true) =>
        new(Tlbi: new Invalidation(page, Stage1: !stage2, Stage2: stage2, vmid, broadcast, "tlbi"));

    private static readonly SectionEvent Dsb = new(Dsb: true);

    [Fact]
    public void UnmapWithTlbiAndDsbIsComplete() =>
        Assert.Empty(TransactionalPageTable.MissingInvalidations(Tables(), [Unmap(), Dsb, Tlbi(1), Dsb], [Vm]));

    [Fact]
    public void UnmapWithoutTlbiLeavesAStaleTranslation()
    {
        var m = Assert.Single(TransactionalPageTable.MissingInvalidations(Tables(), [Unmap(), Dsb], [Vm]));
        Assert.Equal(0x1000, m.VirtualAddress);
    }

    [Fact]
    public void TheTlbiMustBeCompletedByADsb() =>
        Assert.Single(TransactionalPageTable.MissingInvalidations(Tables(), [Unmap(), Tlbi(1)], [Vm]));

    [Theory]
    [InlineData(0L, true, 1, true)]    // another page
    [InlineData(1L, false, 1, true)]   // a stage-1 TLBI for a stage-2 entry
    [InlineData(1L, true, 2, true)]    // another VMID
    [InlineData(1L, true, 1, false)]   // not broadcast: other CPUs keep the entry
    public void TheTlbiMustCoverTheEntry(long page, bool stage2, int vmid, bool broadcast) =>
        Assert.Single(TransactionalPageTable.MissingInvalidations(Tables(), [Unmap(), Dsb, Tlbi(page, stage2, vmid, broadcast), Dsb], [Vm]));

    [Fact]
    public void AnInvalidationOfEverythingCoversIt() =>
        Assert.Empty(TransactionalPageTable.MissingInvalidations(Tables(), [Unmap(), Dsb, Tlbi(null, vmid: null), Dsb], [Vm]));

    [Fact]
    public void MappingAnEmptyEntryNeedsNoInvalidation() =>
        Assert.Empty(TransactionalPageTable.MissingInvalidations(Tables(), [new SectionEvent(Write: new PageTableWrite(0x4010, 0x30_0403, "map"))], [Vm]));

    private static SectionEvent LastLevelTlbi(long page) => new(Tlbi: new Invalidation(page, Stage1: false, Stage2: true, 1, true, "tlbi ipas2le1is", LastLevel: true));

    [Fact]
    public void ALastLevelTlbiInvalidatesAChangedLeaf() =>
        Assert.Empty(TransactionalPageTable.MissingInvalidations(Tables(), [Unmap(), Dsb, LastLevelTlbi(1), Dsb], [Vm]));

    [Fact]
    public void ALastLevelTlbiLeavesTheCachedTableEntryOfAnUnlinkedTable()
    {
        var unlink = new SectionEvent(Write: new PageTableWrite(0x3000, 0, "unlink the level-3 table"));
        var stale = TransactionalPageTable.MissingInvalidations(Tables(), [unlink, Dsb, LastLevelTlbi(0), LastLevelTlbi(1), Dsb], [Vm]);
        Assert.Equal([0L, 0x1000L], stale.Select(m => m.VirtualAddress).Order());
        Assert.Empty(TransactionalPageTable.MissingInvalidations(Tables(), [unlink, Dsb, Tlbi(0), Tlbi(1), Dsb], [Vm]));
    }

    [Fact]
    public void ATlbiOfAnyPageOfABlockInvalidatesTheBlock()
    {
        // VM 1's 2 MiB block at IPA 0x200000 (level-2 entry 1) is unmapped; a TLBI by IPA removes every entry that
        // translates that IPA, so one naming the block's fourth page covers it, and one past its end does not.
        var m = new Dictionary<long, long> { [0x3008] = 0x4000_0000 | 0x401 };
        Func<long, long> tables = a => m.GetValueOrDefault(a);
        var unmap = new SectionEvent(Write: new PageTableWrite(0x3008, 0, "unmap the block"));
        Assert.Empty(TransactionalPageTable.MissingInvalidations(tables, [unmap, Dsb, Tlbi(0x203), Dsb], [Vm]));
        Assert.Single(TransactionalPageTable.MissingInvalidations(tables, [unmap, Dsb, Tlbi(0x400), Dsb], [Vm]));
    }

    [Fact]
    public void TheTlbiMustBeOrderedAfterTheWriteByADsb()
    {
        // Without it the TLBI may take effect before a walk can see the write, and that walk caches the old entry
        // again (examples/wdrf shows it on Promising-Arm: the VM's store lands on the page KCore reused).
        var m = Assert.Single(TransactionalPageTable.MissingInvalidations(Tables(), [Unmap(), Tlbi(1), Dsb], [Vm]));
        Assert.True(m.Unordered);
        Assert.Empty(TransactionalPageTable.MissingInvalidations(Tables(), [Unmap(), new SectionEvent(StoreDsb: true), Tlbi(1), Dsb], [Vm]));
        // A DSB ST orders the write but does not complete the TLBI.
        Assert.False(Assert.Single(TransactionalPageTable.MissingInvalidations(Tables(), [Unmap(), Dsb, Tlbi(1), new SectionEvent(StoreDsb: true)], [Vm])).Unordered);
    }
}
