using Vrm.Checks.Wdrf;
using Vrm.Cli.Frontend;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Promising-Arm's walks of the tables C code builds (<c>VRM_ROOT</c>, <c>vrm_user_load/vrm_user_store</c>): a
/// kernel CPU unmaps a VM page and then reuses it while the VM reads through the table. Under SC the VM reads the
/// old value or faults (a load of 0); on Arm a walk may use a stale cached entry and read the reused page, unless
/// a TLBI covering the walk, completed by a DSB, comes before the reuse. Each pair differs in the maintenance
/// alone, so a walk that ignored TLBIs, or never read a stale entry, fails one side.
/// </summary>
public sealed class PromisingUserWalkTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-pmmu-");

    public void Dispose() => dir.Delete(recursive: true);

    /// <summary>
    /// VM 1's 3-level stage-2 table maps gfn 0 to <c>page</c> (holding 1); the VM loads gfn 0 and asserts it never
    /// sees 2; the CPU runs <paramref name="unmap"/> (which clears an entry and maintains the TLB), then writes 2.
    /// </summary>
    private string VmUnmap(string unmap, string name = "vm.c") => Write(name, $$"""
        static vrm_desc_t l1[512] __attribute__((aligned(4096)));
        static vrm_desc_t l2[512] __attribute__((aligned(4096)));
        static vrm_desc_t l3[512] __attribute__((aligned(4096)));
        static unsigned long page[512] __attribute__((aligned(4096)));
        VRM_ROOT(l1, 1, VRM_ROOT_VM, 1);
        static vrm_user void *vm(void *x) { long r = vrm_user_load(l1, 0x0); vrm_assert(r != 2); return 0; }
        static void *cpu(void *x) { {{unmap}} page[0] = 2; return 0; }
        int main(void)
        {
          l1[0] = VRM_DESC_TABLE(l2);
          l2[0] = VRM_DESC_TABLE(l3);
          l3[0] = VRM_DESC_PAGE(page, VRM_PTE_AF);
          page[0] = 1;
          pthread_t k, v;
          pthread_create(&v, 0, vm, 0);
          pthread_create(&k, 0, cpu, 0);
          pthread_join(k, 0);
          pthread_join(v, 0);
          return 0;
        }
        """);

    /// <summary>
    /// The VM sees the CPU's flag (gfn 1) that the CPU raised after <paramref name="unmap"/> cleared gfn 0's
    /// entry, synchronises its context (ISB after a control dependency), and loads gfn 0: under SC it can only
    /// fault (a load of 0); on Arm its walk reads the entry from memory unless the TLB still holds the old one.
    /// </summary>
    private string VmSeesUnmap(string unmap, string entry = "VRM_DESC_PAGE(page[0], VRM_PTE_AF)", string expect = "!= 1") => Write("seen.c", $$"""
        static vrm_desc_t l1[512] __attribute__((aligned(4096)));
        static vrm_desc_t l2[512] __attribute__((aligned(4096)));
        static vrm_desc_t l3[512] __attribute__((aligned(4096)));
        static unsigned long page[2][512] __attribute__((aligned(4096)));
        VRM_ROOT(l1, 1, VRM_ROOT_VM, 1);
        static vrm_user void *vm(void *x)
        {
          if (vrm_user_load(l1, 0x1000) == 1) {
            vrm_isb();
            vrm_assert(vrm_user_load(l1, 0x0) {{expect}});
          }
          return 0;
        }
        static void *cpu(void *x) { {{unmap}} page[1][0] = 1; return 0; }
        int main(void)
        {
          l1[0] = VRM_DESC_TABLE(l2);
          l2[0] = VRM_DESC_TABLE(l3);
          l3[0] = {{entry}};
          l3[1] = VRM_DESC_PAGE(page[1], VRM_PTE_AF);
          page[0][0] = 1;
          pthread_t k, v;
          pthread_create(&v, 0, vm, 0);
          pthread_create(&k, 0, cpu, 0);
          pthread_join(k, 0);
          pthread_join(v, 0);
          return 0;
        }
        """);

    /// <summary>The same with a user process's 4-level stage-1 table (ASID 1) at VA 0x2000, and stage-1 maintenance.</summary>
    private string UserUnmap(string unmap) => Write("user.c", $$"""
        static vrm_desc_t t0[512] __attribute__((aligned(4096)));
        static vrm_desc_t t1[512] __attribute__((aligned(4096)));
        static vrm_desc_t t2[512] __attribute__((aligned(4096)));
        static vrm_desc_t t3[512] __attribute__((aligned(4096)));
        static unsigned long page[512] __attribute__((aligned(4096)));
        VRM_ROOT(t0, 0, VRM_ROOT_USER, 1);
        static vrm_user void *proc(void *x) { long r = vrm_user_load(t0, 0x2000); vrm_assert(r != 2); return 0; }
        static void *cpu(void *x) { {{unmap}} page[0] = 2; return 0; }
        int main(void)
        {
          t0[0] = VRM_DESC_TABLE(t1);
          t1[0] = VRM_DESC_TABLE(t2);
          t2[0] = VRM_DESC_TABLE(t3);
          t3[2] = VRM_DESC_PAGE(page, VRM_PTE_AF | VRM_PTE_EL0);
          page[0] = 1;
          pthread_t k, v;
          pthread_create(&v, 0, proc, 0);
          pthread_create(&k, 0, cpu, 0);
          pthread_join(k, 0);
          pthread_join(v, 0);
          return 0;
        }
        """);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, "#include <pthread.h>\n#include \"vrm.h\"\n" + text);
        return path;
    }

    /// <summary>The final states of the program's threads on SC (by DPOR) and on Promising-Arm, both complete.</summary>
    private static (HashSet<FinalState> Sc, HashSet<FinalState> Arm) States(string path)
    {
        var st = StaticThreads.From(CFrontend.Load(path, []).Program);
        var arm = MemoryModels.Get("promising").Run(st.Program, new ExploreOptions(), CancellationToken.None);
        var sc = SourceDpor.Explore(st.Program, new DporOptions(), new Budget(CancellationToken.None, null, null)).Outcomes!;
        Assert.True(arm.Completion == Completion.Complete && !arm.Cut && sc.Completion == Completion.Complete && !sc.Cut, path);
        return (sc.States.ToHashSet(), arm.States.ToHashSet());
    }

    private const string Clear = "l3[0] = 0; vrm_dsb();";

    [Fact]
    public void WithoutATlbiTheVmReadsTheReusedPageThroughAStaleEntry()
    {
        var (sc, arm) = States(VmUnmap(Clear));
        Assert.Contains(arm, s => !sc.Contains(s));
        var c = ArmConfirmation.Run(CFrontend.Load(VmUnmap(Clear, "again.c"), []).Program, new ExploreOptions(), CancellationToken.None);
        // The VM's own assertion is what differs: listed apart, since user code's reads are outside VRM's theorem.
        Assert.True(c.Ran && c.Complete && c.UserOnly.Count > 0, c.Note);
        Assert.Contains("fails an assertion", c.UserOnly[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ACompletedTlbiOfTheIpaLeavesPromisingWithSCsFinalStates()
    {
        var (sc, arm) = States(VmUnmap(Clear + " vrm_tlbi_ipa(0x0); vrm_dsb();"));
        Assert.Equal(sc, arm);
    }

    [Fact]
    public void ATlbEntryOutlivesAnUnmapTheVmHasSeenUnlessATlbiRemovesIt()
    {
        // Ordered after the cleared entry, the walk reads memory's invalid entry or a cached older one: only the TLB explains a read of 1.
        var (sc, arm) = States(VmSeesUnmap(Clear));
        Assert.Contains(arm, s => !sc.Contains(s));
        (sc, arm) = States(VmSeesUnmap(Clear + " vrm_tlbi_ipa(0x0); vrm_dsb();"));
        Assert.Equal(sc, arm);
    }

    [Fact]
    public void AnInvalidEntryIsNeverCachedSoANewMappingNeedsNoTlbi()
    {
        // gfn 0 starts unmapped; the CPU maps it before the flag: a walk ordered after the flag reads the new entry, never faults.
        var (sc, arm) = States(VmSeesUnmap("l3[0] = VRM_DESC_PAGE(page[0], VRM_PTE_AF); vrm_dsb();", entry: "0", expect: "== 1"));
        Assert.Equal(sc, arm);
    }

    [Theory]
    [InlineData(" vrm_tlbi_ipa(0x0);")] // not completed: the reuse may overtake it
    [InlineData(" vrm_tlbi_ipa(0x1000); vrm_dsb();")] // another page
    [InlineData(" vrm_tlbi_page((void *)0x0); vrm_dsb();")] // stage 1 only: the VM's walk is stage 2
    [InlineData(" vrm_tlbi_vmalle1is(); vrm_dsb();")] // stage 1 only
    public void ATlbiThatDoesNotCoverTheWalkLeavesTheStaleRead(string tlbi)
    {
        var (sc, arm) = States(VmUnmap(Clear + tlbi));
        Assert.Contains(arm, s => !sc.Contains(s));
    }

    [Fact]
    public void UnlinkingATableNeedsMoreThanALastLevelTlbi()
    {
        // l2[0] names the level-3 table: a walk may hold l2[0] itself, which a last-level TLBI leaves.
        const string unlink = "l2[0] = 0; vrm_dsb();";
        var (sc, arm) = States(VmUnmap(unlink + " __asm__ __volatile__(\"tlbi ipas2le1is, %0\" ::\"r\"(0UL) : \"memory\"); vrm_dsb();"));
        Assert.Contains(arm, s => !sc.Contains(s));
        (sc, arm) = States(VmUnmap(unlink + " vrm_tlbi_ipa(0x0); vrm_dsb();"));
        Assert.Equal(sc, arm);
    }

    [Fact]
    public void AUserProcessNeedsAStageOneTlbiOfItsPage()
    {
        const string clear = "t3[2] = 0; vrm_dsb();";
        var (sc, arm) = States(UserUnmap(clear));
        Assert.Contains(arm, s => !sc.Contains(s));
        (sc, arm) = States(UserUnmap(clear + " vrm_tlbi_page((void *)0x2000); vrm_dsb();"));
        Assert.Equal(sc, arm);
        // A stage-2 TLBI does not reach a stage-1 walk.
        (sc, arm) = States(UserUnmap(clear + " vrm_tlbi_ipa(0x2000); vrm_dsb();"));
        Assert.Contains(arm, s => !sc.Contains(s));
    }

    /// <summary>Promising-Arm allows every SC execution: on each program, every SC final state is a Promising one.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("l3[0] = 0; vrm_dsb();")]
    [InlineData("l3[0] = 0; vrm_dsb(); vrm_tlbi_ipa(0x0); vrm_dsb();")]
    [InlineData("l3[1] = VRM_DESC_PAGE(page, VRM_PTE_AF); vrm_dsb();")] // a new mapping of another gfn
    [InlineData("l3[0] = VRM_DESC_PAGE(page, 0); vrm_dsb(); vrm_tlbi_ipa(0x0); vrm_dsb();")] // a change the VM may see or not
    [InlineData("l2[0] = 0; vrm_dsb(); vrm_tlbi_ipa(0x0); vrm_dsb(); l2[0] = VRM_DESC_TABLE(l3);")] // unlinked and linked back
    public void EverySCFinalStateIsAPromisingFinalState(string unmap)
    {
        var (sc, arm) = States(VmUnmap(unmap));
        Assert.Subset(arm, sc);
    }

    [Fact]
    public void ATlbiOfAPageNoMessageCanNameIsRefused()
    {
        var st = StaticThreads.From(CFrontend.Load(VmUnmap(Clear + " vrm_tlbi_ipa(0x400000000UL); vrm_dsb();"), []).Program);
        var e = Assert.Throws<Syntax.DiagnosticException>(() => MemoryModels.Get("promising").Run(st.Program, new ExploreOptions(), CancellationToken.None));
        Assert.Contains("names page 0x400000; --model promising models TLBIs of pages up to 0x1ffffd", e.Diagnostic.Message, StringComparison.Ordinal);
        // The wDRF confirmation says so and runs nothing.
        var c = ArmConfirmation.Run(CFrontend.Load(VmUnmap(Clear + " vrm_tlbi_ipa(0x400000000UL); vrm_dsb();", "big.c"), []).Program, new ExploreOptions(), CancellationToken.None);
        Assert.False(c.Ran);
        Assert.StartsWith("Promising cannot run this program: unsupported: '", c.Note, StringComparison.Ordinal);
        Assert.Contains("names page 0x400000", c.Note, StringComparison.Ordinal);
    }
}
