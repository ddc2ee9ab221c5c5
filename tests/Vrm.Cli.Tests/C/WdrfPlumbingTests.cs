using Vrm.Cli.Frontend;
using Vrm.Programs;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// What feeds the wDRF conditions, one clause at a time, on small C programs: the annotations as the lowering
/// reads them (input errors), user/VM accesses through C-built tables, when main needs a lock, the release of a
/// multi-word lock, critical sections and their TLBIs, and the race check's share. Each pair of programs differs
/// in the one thing the clause is about, so that a weakened check fails one of them.
/// </summary>
public sealed class WdrfPlumbingTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-wdrf-");

    public void Dispose() => dir.Delete(recursive: true);

    private string Write(string text, string name = "k.c")
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, "#include <pthread.h>\n#include <stdatomic.h>\n#include \"vrm.h\"\n" + text);
        return path;
    }

    private CheckRun.Result Wdrf(string text) => CheckRun.RunCommand("wdrf", Write(text));

    /// <summary>The status word of one condition's line.</summary>
    private static string Status(CheckRun.Result r, string condition)
    {
        var line = r.Out.Split('\n').FirstOrDefault(l => l.StartsWith(condition + " ", StringComparison.Ordinal));
        Assert.True(line is not null, r.ToString());
        return line[condition.Length..].TrimStart().Split("  ")[0];
    }

    private static void Holds(CheckRun.Result r) => Assert.True(r.Code == 0 && r.Verdict.StartsWith("wDRF holds", StringComparison.Ordinal), r.ToString());

    private static void Violates(CheckRun.Result r, string condition, string message)
    {
        Assert.True(r.Code == 2 && r.Verdict == $"wDRF violated: {condition}", r.ToString());
        Assert.Contains(message, r.Out, StringComparison.Ordinal);
    }

    private static string InputError(CheckRun.Result r)
    {
        Assert.True(r.Code == 1 && r.Out.Length == 0, r.ToString());
        return r.Err;
    }

    private const string Main1 = """
        int main(void)
        {
          pthread_t t;
          pthread_create(&t, 0, cpu, 0);
          pthread_join(t, 0);
          return 0;
        }
        """;

    // ---- Annotations the lowering and the runner refuse ----

    [Fact]
    public void ReleasingALockNotHeldIsAnInputError()
    {
        var r = Wdrf("static int lk;\nstatic long owner;\nVRM_PROTECTS(lk, owner);\nstatic void *cpu(void *a) { vrm_release(&lk); lk = 0; return 0; }\n" + Main1);
        // At the annotation, as every input error is placed: file(line,col): error: message.
        Assert.Matches(@"k\.c\(7,\d+\): error: CPU 1 releases lock lk, which it does not hold", InputError(r));
    }

    [Fact]
    public void ReleasingALockHeldIsNoError()
    {
        Holds(Wdrf("static int lk;\nstatic long owner;\nVRM_PROTECTS(lk, owner);\nstatic void *cpu(void *a) { vrm_hold(&lk); vrm_dsb(); owner = 1; vrm_dsb(); vrm_release(&lk); lk = 0; return 0; }\n" + Main1));
    }

    [Fact]
    public void SecurityAndRefinementAnnotationsAreNoLockEvents()
    {
        // Kernel entry and exit, observations and operation calls used to be read as releases of "lock 0".
        Holds(Wdrf("""
            static pthread_mutex_t m;
            static long x;
            VRM_PROTECTS(m, x);
            static long inc(void) { pthread_mutex_lock(&m); long v = x++; vrm_observe(v); pthread_mutex_unlock(&m); return v; }
            static long spec_x;
            static long spec_inc(void) { return spec_x++; }
            VRM_SPEC(inc, spec_inc);
            static void *cpu(void *a) { vrm_kernel_enter(); inc(); vrm_kernel_exit(); return a; }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, cpu, 0);
              pthread_create(&b, 0, cpu, 0);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """));
    }

    [Fact]
    public void ObjectsOfTwoLocksOverlappingAreAnInputError()
    {
        var r = Wdrf("static int a, b;\nstatic long owner[4];\nVRM_PROTECTS(a, owner);\nVRM_PROTECTS_RANGE(b, &owner[2], 16);\nstatic void *cpu(void *x) { return 0; }\n" + Main1);
        Assert.Contains("overlaps 'owner', which another lock (a) protects", InputError(r), StringComparison.Ordinal);
    }

    [Fact]
    public void OneLockMayProtectOverlappingRanges()
    {
        Holds(Wdrf("static int a;\nstatic long owner[4];\nVRM_PROTECTS(a, owner);\nVRM_PROTECTS_RANGE(a, &owner[2], 16);\nstatic void *cpu(void *x) { return 0; }\n" + Main1));
    }

    private const string Tables = """
        static vrm_desc_t l1[512] __attribute__((aligned(4096)));
        static vrm_desc_t l2[512] __attribute__((aligned(4096)));
        static vrm_desc_t l3[512] __attribute__((aligned(4096)));
        static unsigned long page[2][512] __attribute__((aligned(4096)));

        """;

    [Fact]
    public void AUserAccessThroughATableNoRootNamesIsAnInputError()
    {
        var r = Wdrf(Tables + "static vrm_user void *cpu(void *a) { return (void *)vrm_user_load(l1, 0); }\n" + Main1);
        Assert.Contains("vrm_user_load: the first argument is no translation root: declare its table with VRM_ROOT", InputError(r), StringComparison.Ordinal);
    }

    [Fact]
    public void AUserAccessThroughARootComputedAtRunTimeIsUnsupported()
    {
        var r = Wdrf(Tables + "VRM_ROOT(l1, 1, VRM_ROOT_VM, 1);\nVRM_ROOT(l2, 2, VRM_ROOT_VM, 2);\n"
            + "static vrm_user void *cpu(void *a) { vrm_desc_t *root = a ? l1 : l2; vrm_user_store(root, 0, 1); return 0; }\n" + Main1);
        Assert.Contains("this one is computed at run time", InputError(r), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("static vrm_desc_t t[512];\nVRM_ROOT(&t[8], 1, VRM_ROOT_VM, 1);", "VRM_ROOT(&t[8]): the table is not 4096-byte aligned")]
    [InlineData("static vrm_desc_t t[512] __attribute__((aligned(4096)));\nVRM_ROOT(t, 4, VRM_ROOT_VM, 1);", "VRM_ROOT(t): start level 4 is not 0 to 3")]
    [InlineData("static vrm_desc_t t[512] __attribute__((aligned(4096)));\nVRM_ROOT(t, 1, 3, 1);", "VRM_ROOT(t): kind 3 is not VRM_ROOT_KERNEL, VRM_ROOT_USER or VRM_ROOT_VM")]
    [InlineData("static vrm_desc_t t[512] __attribute__((aligned(4096)));\nVRM_ROOT(t, 1, VRM_ROOT_VM, 1);\nVRM_ROOT(t, 1, VRM_ROOT_VM, 2);", "this table is declared as a root twice")]
    [InlineData("static vrm_desc_t t[512] __attribute__((aligned(4096))), u[512] __attribute__((aligned(4096)));\nVRM_ROOT(t, 1, VRM_ROOT_KERNEL, 0);\nVRM_ROOT(u, 1, VRM_ROOT_KERNEL, 0);", "the kernel has one own table")]
    public void ABadRootDeclarationIsAnInputError(string declarations, string message)
    {
        Assert.Contains(message, InputError(Wdrf(declarations + "\nstatic void *cpu(void *x) { return 0; }\n" + Main1)), StringComparison.Ordinal);
    }

    /// <summary>T1 holds the mutex while T2 tries it: a failed trylock takes nothing, and must not count as a hold.</summary>
    [Fact]
    public void OnlyASuccessfulTrylockHolds()
    {
        var r = Wdrf("""
            static pthread_mutex_t m;
            static atomic_int held, done;
            static long owner;
            VRM_PROTECTS(m, owner);
            static void *t1(void *x)
            {
              pthread_mutex_lock(&m);
              owner = 1;
              atomic_store(&held, 1);
              while (!atomic_load(&done))
                ;
              pthread_mutex_unlock(&m);
              return 0;
            }
            static void *t2(void *x)
            {
              while (!atomic_load(&held))
                ;
              if (pthread_mutex_trylock(&m) == 0) {
                owner = 2;
                pthread_mutex_unlock(&m);
              }
              atomic_store(&done, 1);
              return 0;
            }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, t1, 0);
              pthread_create(&b, 0, t2, 0);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """);
        Holds(r);
    }

    // ---- User/VM accesses walk the tables as they are ----

    /// <summary>A VM over l1 (walks from level 1): gfn 0 maps page[0]; gfn 1's entry names page[1] with ENTRY1's flags.</summary>
    private static string UserAccesses(string entry1) => Tables + $$"""
        VRM_ROOT(l1, 1, VRM_ROOT_VM, 1);
        static vrm_user void *cpu(void *a)
        {
          vrm_user_store(l1, 0x1000, 7);
          vrm_assert(vrm_user_load(l1, 0x1000) == 0);
          vrm_user_store(l1, 0x40000000, 5); /* level 1 entry 1 is empty: a fault at level 1 */
          vrm_user_store(l1, 0x0, 9);
          vrm_assert(vrm_user_load(l1, 0x0) == 9);
          return 0;
        }
        int main(void)
        {
          l1[0] = VRM_DESC_TABLE(l2);
          l2[0] = VRM_DESC_TABLE(l3);
          l3[0] = VRM_DESC_PAGE(page[0], VRM_PTE_AF);
          l3[1] = {{entry1}};
          pthread_t t;
          pthread_create(&t, 0, cpu, 0);
          pthread_join(t, 0);
          vrm_assert(page[1][0] == 0);
          vrm_assert(page[0][0] == 9);
          return 0;
        }
        """;

    [Fact]
    public void AUserAccessThatFaultsDoesNotHappen()
    {
        // The entry names page[1] but is not valid (bit 0 clear): the store does not reach it and the load gives 0.
        var ok = CheckRun.Run(Write(UserAccesses("((vrm_desc_t)(unsigned long)page[1] & VRM_PTE_ADDR_MASK) | 2UL | VRM_PTE_AF")));
        Assert.True(ok.Code == 0 && ok.Verdict == "ok", ok.ToString());
        // The same entry valid: the store lands, and the assertions say so.
        var mapped = CheckRun.Run(Write(UserAccesses("VRM_DESC_PAGE(page[1], VRM_PTE_AF)"), "mapped.c"));
        Assert.True(mapped.Code == 2 && mapped.Verdict == "assertion fails", mapped.ToString());
    }

    /// <summary>A VM that stores to gfn 1, whose entry (ENTRY1) names kernel-private memory.</summary>
    private static string PrivateBehind(string entry1) => Tables + $$"""
        static unsigned long kcore_data[512] __attribute__((aligned(4096)));
        VRM_ROOT(l1, 1, VRM_ROOT_VM, 1);
        VRM_KERNEL_PRIVATE(kcore_data);
        static vrm_user void *cpu(void *a) { vrm_user_store(l1, 0x1000, VRM_ORACLE_VALUE); return 0; }
        int main(void)
        {
          l1[0] = VRM_DESC_TABLE(l2);
          l2[0] = VRM_DESC_TABLE(l3);
          l3[1] = {{entry1}};
          pthread_t t;
          pthread_create(&t, 0, cpu, 0);
          pthread_join(t, 0);
          return 0;
        }
        """;

    [Fact]
    public void OnlyAValidEntryToPrivateMemoryBreaksIsolation()
    {
        Holds(Wdrf(PrivateBehind("((vrm_desc_t)(unsigned long)kcore_data & VRM_PTE_ADDR_MASK) | 2UL | VRM_PTE_AF")));
        Violates(Wdrf(PrivateBehind("VRM_DESC_PAGE(kcore_data, VRM_PTE_AF)")), "Weak-Memory-Isolation", "l1's table maps 0x1000");
    }

    [Fact]
    public void APlainAccessOfUserCodeReachesMemoryDirectly()
    {
        // A vrm_user thread's C code touching a global (not through its translation) is an access like any other
        // user access; its own locals are not.
        const string program = """
            static vrm_desc_t l1[512] __attribute__((aligned(4096)));
            static unsigned long kcore_data[512] __attribute__((aligned(4096)));
            static unsigned long vm_note;
            VRM_ROOT(l1, 1, VRM_ROOT_VM, 1);
            VRM_KERNEL_PRIVATE(kcore_data);
            static vrm_user void *cpu(void *a) { long local = vrm_user_load(l1, 0); TARGET = VRM_ORACLE_VALUE + local; return 0; }

            """;
        Violates(Wdrf(program.Replace("TARGET", "kcore_data[1]", StringComparison.Ordinal) + Main1), "Weak-Memory-Isolation", "reaches 0x");
        Holds(Wdrf(program.Replace("TARGET", "vm_note", StringComparison.Ordinal) + Main1));
    }

    [Fact]
    public void TablesTheInitialisersBuildAreCheckedBeforeAnyWrite()
    {
        // No step of the execution writes anything: the mapping of kcore_data is there from the start.
        var r = Wdrf("""
            static unsigned long kcore_data[512] __attribute__((aligned(4096)));
            static vrm_desc_t l3[512] __attribute__((aligned(4096))) = { 0, (vrm_desc_t)(unsigned long)kcore_data + 0x403 };
            static vrm_desc_t l2[512] __attribute__((aligned(4096))) = { (vrm_desc_t)(unsigned long)l3 + 3 };
            static vrm_desc_t l1[512] __attribute__((aligned(4096))) = { (vrm_desc_t)(unsigned long)l2 + 3 };
            VRM_ROOT(l1, 1, VRM_ROOT_VM, 1);
            VRM_KERNEL_PRIVATE(kcore_data);
            static vrm_user void *cpu(void *a) { (void)vrm_user_load(l1, 0x2000); return 0; }

            """ + Main1);
        Violates(r, "Weak-Memory-Isolation", "l1's table maps 0x1000 to 0x");
        Assert.Contains("in kernel-private 'kcore_data' in the initial memory", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInitialiserMayTakeTheAddressOfALaterGlobal()
    {
        // clang emits p before b: b is only emitted once p's initialiser names it.
        var r = CheckRun.Run(Write("static int b = 5;\nstatic int *p = &b;\nint main(void) { vrm_assert(*p == 5); return 0; }\n"));
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
    }

    /// <summary>
    /// A VM loads IPA 0x200000 while a CPU swaps the level-3 table behind it (FIRST, then SECOND): old table to page[0]
    /// (0), new table to page[1] (42). The two orders differ only in a level-2 entry the walk reads on its way, not in
    /// the location it loads, so the search must take the walk's whole path as what it reads.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TheSearchOrdersAWalkWithWritesToEveryEntryOnItsPath(int vmFirst)
    {
        string program = Tables + $$"""
            static vrm_desc_t t1[512] __attribute__((aligned(4096)));
            static vrm_desc_t t2[512] __attribute__((aligned(4096)));
            VRM_ROOT(l1, 1, VRM_ROOT_VM, 1);
            static vrm_user void *vm(void *a) { vrm_assert(vrm_user_load(l1, 0x200000) != 42); return 0; }
            static void *cpu(void *a) { l2[1] = VRM_DESC_TABLE(t2); return 0; }
            int main(void)
            {
              page[1][0] = 42;
              l1[0] = VRM_DESC_TABLE(l2);
              l2[1] = VRM_DESC_TABLE(t1);
              t1[0] = VRM_DESC_PAGE(page[0], VRM_PTE_AF);
              t2[0] = VRM_DESC_PAGE(page[1], VRM_PTE_AF);
              pthread_t x, y;
              pthread_create(&x, 0, {{(vmFirst == 1 ? "vm" : "cpu")}}, 0);
              pthread_create(&y, 0, {{(vmFirst == 1 ? "cpu" : "vm")}}, 0);
              pthread_join(x, 0);
              pthread_join(y, 0);
              return 0;
            }
            """;
        var r = CheckRun.Run(Write(program));
        Assert.True(r.Code == 2 && r.Verdict == "assertion fails", r.ToString());
        // With the new table never linked the load can only read 0: the failure above is the swap's.
        var control = CheckRun.Run(Write(program.Replace("l2[1] = VRM_DESC_TABLE(t2);", "t2[1] = 0;", StringComparison.Ordinal), "control.c"));
        Assert.True(control.Code == 0 && control.Verdict == "ok", control.ToString());
    }

    // ---- When main needs a lock ----

    /// <summary>main writes owner[0] at BEFORE (boot), DURING (T1 runs) or AFTER (T1 joined); T1 writes owner[1] under the lock.</summary>
    private static string MainAccess(string before, string during, string after) => $$"""
        static pthread_mutex_t m;
        static long owner[2];
        VRM_PROTECTS(m, owner);
        static void *cpu(void *a) { pthread_mutex_lock(&m); owner[1] = 2; pthread_mutex_unlock(&m); return 0; }
        int main(void)
        {
          {{before}}
          pthread_t t;
          pthread_create(&t, 0, cpu, 0);
          {{during}}
          pthread_join(t, 0);
          {{after}}
          return 0;
        }
        """;

    [Fact]
    public void MainAloneBeforeAnyCpuStartsOrAfterAllAreJoinedNeedsNoLock()
    {
        Holds(Wdrf(MainAccess("owner[0] = 1;", "", "owner[0] = owner[1];")));
    }

    [Fact]
    public void MainWhileACpuRunsNeedsTheLock()
    {
        Violates(Wdrf(MainAccess("", "owner[0] = 1;", "")), "DRF-Kernel", "CPU 0 writes owner[0] at k.c:");
        Holds(Wdrf(MainAccess("", "pthread_mutex_lock(&m); owner[0] = 1; pthread_mutex_unlock(&m);", "")));
    }

    // ---- Locks of several words, and the race check's share ----

    /// <summary>SeKVM's ticket lock (two words: the releasing write is to `now`, not to the lock's address) with barriers ACQ and REL.</summary>
    private static string TicketLock(string acq, string rel) => $$"""
        struct ticket_lock { _Atomic unsigned next, now; };
        static struct ticket_lock lk;
        static unsigned long count;
        VRM_PROTECTS(lk, count);
        static void *cpu(void *a)
        {
          unsigned me = atomic_fetch_add_explicit(&lk.next, 1, memory_order_relaxed);
          while (atomic_load_explicit(&lk.now, {{(acq == "acquire" ? "memory_order_acquire" : "memory_order_relaxed")}}) != me)
            ;
          vrm_hold(&lk);
          {{(acq == "dsb" ? "vrm_dsb();" : "")}}
          count = count + 1;
          {{(rel == "dsb" ? "vrm_dsb();" : "")}}
          vrm_release(&lk);
          atomic_store_explicit(&lk.now, me + 1, {{(rel == "release" ? "memory_order_release" : "memory_order_relaxed")}});
          return 0;
        }
        int main(void)
        {
          pthread_t a, b;
          pthread_create(&a, 0, cpu, 0);
          pthread_create(&b, 0, cpu, 0);
          pthread_join(a, 0);
          pthread_join(b, 0);
          return 0;
        }
        """;

    [Theory]
    [InlineData("dsb", "dsb")]
    [InlineData("acquire", "release")]
    [InlineData("acquire", "dsb")]
    public void ATicketLockWithItsBarriersHolds(string acq, string rel) => Holds(Wdrf(TicketLock(acq, rel)));

    [Fact]
    public void AConfirmationOutOfStepsSaysSoAndLeavesTheVerdictToTheConditions()
    {
        var path = Write(TicketLock("dsb", "dsb"));
        var full = CheckRun.RunCommand("wdrf", path);
        Holds(full);
        Assert.Contains("Promising-Arm: every Promising-Arm final state is an SC final state", full.Out, StringComparison.Ordinal);
        var cut = CheckRun.RunCommand("wdrf", path, "--confirm-steps", "1");
        Holds(cut);
        Assert.Contains("Promising-Arm: incomplete (more than 1 thread steps): confirms nothing", cut.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "dsb", "after taking lock lk at k.c:")]
    [InlineData("dsb", "", "releases lock lk at k.c:")]
    public void ATicketLockMissingABarrierIsBarrierMisuseNotADataRace(string acq, string rel, string message)
    {
        var r = Wdrf(TicketLock(acq, rel));
        Violates(r, "No-Barrier-Misuse", message);
        Assert.Equal("holds", Status(r, "DRF-Kernel"));
        Assert.DoesNotContain("data race on", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ARaceOnUnprotectedDataIsStillDrfKernelAndLeavesTheRestUndecided()
    {
        var r = Wdrf("""
            static pthread_mutex_t m;
            static long owner, stats;
            VRM_PROTECTS(m, owner);
            static void *cpu(void *a) { pthread_mutex_lock(&m); owner = 1; pthread_mutex_unlock(&m); stats = stats + 1; return 0; }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, cpu, 0);
              pthread_create(&b, 0, cpu, 0);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """);
        Violates(r, "DRF-Kernel", "data race on stats");
        // The search stopped at the race: the program takes locks, so No-Barrier-Misuse is undecided, not inapplicable.
        Assert.Equal("undecided", Status(r, "No-Barrier-Misuse"));
    }

    [Fact]
    public void NoBarrierMisuseIsInapplicableOnlyWithoutLocksInTheCode()
    {
        var r = Wdrf("static long x;\nstatic void *cpu(void *a) { x = 1; return 0; }\n" + Main1);
        Assert.Equal("not applicable", Status(r, "No-Barrier-Misuse"));
    }

    // ---- Page-table writes: their lock, their critical section, their TLBI ----

    /// <summary>VM 1's table with gfn 0 mapped; KCORE runs on a kernel CPU while the VM loads gfn 0.</summary>
    private static string Unmap(string kcore, string protect = "VRM_PROTECTS(a, l1);\nVRM_PROTECTS(a, l2);\nVRM_PROTECTS(a, l3);\n") => Tables + $$"""
        static pthread_mutex_t a, b;
        VRM_ROOT(l1, 1, VRM_ROOT_VM, 1);
        {{protect}}
        static unsigned long spare[512] __attribute__((aligned(4096)));
        static vrm_user void *vm(void *x) { (void)vrm_user_load(l1, 0x0); return 0; }
        static void *cpu(void *x) { {{kcore}} return 0; }
        int main(void)
        {
          l1[0] = VRM_DESC_TABLE(l2);
          l2[0] = VRM_DESC_TABLE(l3);
          l3[0] = VRM_DESC_PAGE(page[0], VRM_PTE_AF);
          pthread_t k, v;
          pthread_create(&v, 0, vm, 0);
          pthread_create(&k, 0, cpu, 0);
          pthread_join(k, 0);
          pthread_join(v, 0);
          return 0;
        }
        """;

    [Fact]
    public void ATlbiOfATableProgramIsKeptForTheChecks()
    {
        var withRoot = CFrontend.Load(Write(Unmap("vrm_tlbi_ipa(0);")), []).Program;
        Assert.Contains(withRoot.Threads.SelectMany(t => t.Code), i => i.Op == Opcode.Tlbi && i.Tlbi.Target == TlbiTarget.Ipa);
        // No roots and no vrm_page: nothing is translated, and the TLBI is no instruction at all.
        var without = CFrontend.Load(Write("int main(void) { vrm_tlbi_ipa(0); return 0; }\n", "plain.c"), []).Program;
        Assert.DoesNotContain(without.Threads.SelectMany(t => t.Code), i => i.Op == Opcode.Tlbi);
    }

    [Fact]
    public void AnUnmapNeedsATlbiCompletedByADsbBeforeTheRelease()
    {
        Holds(Wdrf(Unmap("pthread_mutex_lock(&a); l3[0] = 0; vrm_dsb(); vrm_tlbi_ipa(0); vrm_dsb(); pthread_mutex_unlock(&a);")));
        const string missing = "no broadcast TLBI of it completed by a DSB follows before the lock is released";
        Violates(Wdrf(Unmap("pthread_mutex_lock(&a); l3[0] = 0; vrm_dsb(); vrm_tlbi_ipa(0); pthread_mutex_unlock(&a);")), "Transactional-Page-Table", missing);
        Violates(Wdrf(Unmap("pthread_mutex_lock(&a); l3[0] = 0; vrm_dsb(); pthread_mutex_unlock(&a); vrm_tlbi_ipa(0); vrm_dsb();")), "Transactional-Page-Table", missing);
        // The write must be ordered before the TLBI by a DSB (a DSB ST is enough), or a walk after the TLBI may cache the old entry.
        Violates(Wdrf(Unmap("pthread_mutex_lock(&a); l3[0] = 0; vrm_tlbi_ipa(0); vrm_dsb(); pthread_mutex_unlock(&a);")), "Transactional-Page-Table", "no DSB orders it before the TLBI");
        Holds(Wdrf(Unmap("pthread_mutex_lock(&a); l3[0] = 0; __asm__ __volatile__(\"dsb ishst\" ::: \"memory\"); vrm_tlbi_ipa(0); vrm_dsb(); pthread_mutex_unlock(&a);")));
        // A TLBI of another page, or of stage 1 only, is no TLBI of this translation.
        Violates(Wdrf(Unmap("pthread_mutex_lock(&a); l3[0] = 0; vrm_dsb(); vrm_tlbi_ipa(0x1000); vrm_dsb(); pthread_mutex_unlock(&a);")), "Transactional-Page-Table", missing);
        Violates(Wdrf(Unmap("pthread_mutex_lock(&a); l3[0] = 0; vrm_dsb(); vrm_tlbi_vmalle1is(); vrm_dsb(); pthread_mutex_unlock(&a);")), "Transactional-Page-Table", missing);
    }

    [Fact]
    public void UnlinkingATableNeedsATlbiOfEveryLevel()
    {
        // l2[0] names the level-3 table: clearing it removes gfn 0, and a walk may have cached l2[0] itself.
        const string missing = "no broadcast TLBI of it completed by a DSB follows before the lock is released";
        Violates(Wdrf(Unmap("pthread_mutex_lock(&a); l2[0] = 0; vrm_dsb(); __asm__ __volatile__(\"tlbi ipas2le1is, %0\" ::\"r\"(0UL) : \"memory\"); vrm_dsb(); pthread_mutex_unlock(&a);")),
            "Transactional-Page-Table", missing);
        Holds(Wdrf(Unmap("pthread_mutex_lock(&a); l2[0] = 0; vrm_dsb(); vrm_tlbi_ipa(0); vrm_dsb(); pthread_mutex_unlock(&a);")));
        // A leaf needs only its last level.
        Holds(Wdrf(Unmap("pthread_mutex_lock(&a); l3[0] = 0; vrm_dsb(); __asm__ __volatile__(\"tlbi ipas2le1is, %0\" ::\"r\"(0UL) : \"memory\"); vrm_dsb(); pthread_mutex_unlock(&a);")));
    }

    [Fact]
    public void ACriticalSectionEndsWithTheOutermostRelease()
    {
        // Nested locks: the inner release does not end the section, so the TLBI after it still counts.
        Holds(Wdrf(Unmap("pthread_mutex_lock(&a); pthread_mutex_lock(&b); l3[0] = 0; vrm_dsb(); pthread_mutex_unlock(&b); vrm_tlbi_ipa(0); vrm_dsb(); pthread_mutex_unlock(&a);")));
    }

    [Fact]
    public void PageTablesAreWrittenHoldingALockDeclaredOrNot()
    {
        const string unmap = "l3[0] = 0; vrm_dsb(); vrm_tlbi_ipa(0); vrm_dsb();";
        Violates(Wdrf(Unmap(unmap, protect: "")), "DRF-Kernel", "CPU 2 writes l3[0] at k.c:");
        Violates(Wdrf(Unmap(unmap)), "DRF-Kernel", "without holding lock a");
        Holds(Wdrf(Unmap("pthread_mutex_lock(&a); " + unmap + " pthread_mutex_unlock(&a);", protect: "")));
        // Memory no root reaches is no page table: a page being prepared needs no lock.
        Holds(Wdrf(Unmap("spare[0] = VRM_DESC_PAGE(page[1], VRM_PTE_AF);", protect: "")));
    }

    [Fact]
    public void AKernelMappingChangedInItsAttributesAloneSaysWhichAttributes()
    {
        // The report used to say "from page[0][0] to page[0][0]".
        var r = Wdrf(Tables + """
            static pthread_mutex_t m;
            VRM_ROOT(l1, 1, VRM_ROOT_KERNEL, 0);
            VRM_PROTECTS(m, l3);
            static void *cpu(void *a)
            {
              pthread_mutex_lock(&m);
              l3[0] = VRM_DESC_PAGE(page[0], VRM_PTE_AF | VRM_PTE_RDONLY);
              vrm_dsb();
              vrm_tlbi_page((void *)0);
              vrm_dsb();
              pthread_mutex_unlock(&m);
              return a;
            }
            int main(void)
            {
              l1[0] = VRM_DESC_TABLE(l2);
              l2[0] = VRM_DESC_TABLE(l3);
              l3[0] = VRM_DESC_PAGE(page[0], VRM_PTE_AF);
              pthread_t t;
              pthread_create(&t, 0, cpu, 0);
              pthread_join(t, 0);
              return 0;
            }
            """);
        Violates(r, "Write-Once-Kernel-Mapping", "from page[0][0] (attributes 0x403) to page[0][0] (attributes 0x483)");
    }
}
