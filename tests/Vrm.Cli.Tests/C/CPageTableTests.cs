using System.Text.Json;
using Vrm.Cli.Frontend;
using Vrm.Programs;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Page tables in C (vrm.h's <c>vrm_page</c>, <c>vrm_pte_of</c>, <c>vrm_pa_of</c>, <c>vrm_tlbi_page</c>): the layout the
/// LLVM lowering gives them, translation and faults under SC, on the Arm model and on Promising-Arm (map, unmap,
/// remap with and without break-before-make), and the errors for misuse. The examples/c/pt-*.c programs are checked by
/// <see cref="CheckGoldenTests"/>.
/// </summary>
public sealed class CPageTableTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-pt-");

    public void Dispose() => dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string TwoThreads = """
        int main(void)
        {
            pthread_t a, b;
            pthread_create(&a, 0, t1, 0);
            pthread_create(&b, 0, t2, 0);
            pthread_join(a, 0);
            pthread_join(b, 0);
            return 0;
        }

        """;

    /// <summary>T1 writes <c>ENTRY</c> into x's entry with the maintenance <c>MAINTAIN</c>, then raises the flag (release); T2 sees the flag (acquire), synchronises its context and reads x.</summary>
    private const string Remap = """
        #include <pthread.h>
        #include <stdatomic.h>
        #include "vrm.h"
        int x vrm_page = 1;
        int y vrm_page = 2;
        atomic_int flag;
        void *t1(void *arg)
        {
            (void)arg;
            BREAK
            *vrm_pte_of(&x) = vrm_pte_make(vrm_pa_of(&y), VRM_PTE_DEFAULT);
            vrm_dsb();
            MAINTAIN
            atomic_store_explicit(&flag, 1, memory_order_release);
            return 0;
        }
        void *t2(void *arg)
        {
            (void)arg;
            while (!atomic_load_explicit(&flag, memory_order_acquire)) {
            }
            vrm_isb();
            vrm_assert(vrm_read_once(x) == 2);
            return 0;
        }

        """ + TwoThreads;

    private const string Break = "*vrm_pte_of(&x) = 0; vrm_dsb(); vrm_tlbi_page(&x); vrm_dsb();";

    private string RemapWith(string name, string breakFirst, string maintain) =>
        Write(name, Remap.Replace("BREAK", breakFirst, StringComparison.Ordinal).Replace("MAINTAIN", maintain, StringComparison.Ordinal));

    [Fact]
    public void PagesAreVirtualWithAnEntryAndOtherGlobalsArePhysical()
    {
        var path = Write("layout.c", """
            #include "vrm.h"
            int x vrm_page = 7;
            struct pair { int a; long b; } s vrm_page;
            int flag = 3;
            vrm_thread void t0(void)
            {
                vrm_write_once(flag, 4);
            }

            """);
        var p = CFrontend.Load(path, []).Program;
        var vmsa = Assert.IsType<VmsaInfo>(p.Vmsa);
        Assert.Equal(["s", "x"], vmsa.Variables.Select(v => v.Name).Order(StringComparer.Ordinal));
        foreach (var v in vmsa.Variables)
        {
            long offset = v.VirtualAddress - Program.AddressBase;
            Assert.True(offset >= 0 && v.VirtualAddress < Program.PhysicalBase && offset % Program.AddressStride == 0, $"{v}");
            Assert.Equal(Program.PhysicalBase + offset, v.PhysicalAddress);
            Assert.Equal(Program.PageTableBase + (offset / 4096 * 8), v.PteAddress);
            Assert.Equal(v.PhysicalAddress, p.AddressOf(v.DataLoc));
            Assert.Equal($"PTE({v.Name})", p.Locations[v.PteLoc]);
            Assert.Equal(v.PteAddress, p.AddressOf(v.PteLoc));
            Assert.Equal(Pte.Encode(PteFields.Default(v.PhysicalAddress)), p.InitMemory[v.PteLoc]);
        }
        var x = vmsa.Variables.Single(v => v.Name == "x");
        Assert.Equal(7, p.InitMemory[x.DataLoc]);
        int b = p.Locations.ToList().IndexOf("s.1");
        Assert.Equal(vmsa.Variables.Single(v => v.Name == "s").PhysicalAddress + 8, p.AddressOf(b));
        // Every other variable is physical memory, above the pages, so code reaches it untranslated.
        int flag = p.Locations.ToList().IndexOf("flag");
        Assert.True(p.AddressOf(flag) >= Program.PhysicalBase + (2 * Program.AddressStride), $"flag at {p.AddressOf(flag):x}");
        Assert.Equal(3, p.InitMemory[flag]);
    }

    [Fact]
    public void ProgramsWithoutPagesAreNotTranslated()
    {
        var path = Write("plain.c", """
            #include "vrm.h"
            int x;
            vrm_thread void t0(void)
            {
                vrm_write_once(x, 1);
                vrm_tlbi_vmalle1is();
            }

            """);
        var p = CFrontend.Load(path, []).Program;
        Assert.Null(p.Vmsa);
        Assert.DoesNotContain(p.Threads[0].Code, i => i.Op == Opcode.Tlbi);
    }

    /// <summary>The header's bit macros and vrm_pte_make give the entries vrm's own layout starts with, and vrm_pa_of keeps the offset in the page.</summary>
    [Fact]
    public void HeaderEntriesMatchTheInitialOnes()
    {
        var path = Write("bits.c", """
            #include "vrm.h"
            int x vrm_page;
            struct { int a, b; } s vrm_page;
            vrm_thread void t0(void)
            {
                vrm_assert(*vrm_pte_of(&x) == vrm_pte_make(vrm_pa_of(&x), VRM_PTE_DEFAULT));
                vrm_assert(*vrm_pte_of(&s.b) == vrm_pte_make(vrm_pa_of(&s), VRM_PTE_VALID | VRM_PTE_AF | VRM_PTE_EL0));
                vrm_assert(vrm_pa_of(&s.b) == vrm_pa_of(&s) + 4);
                vrm_assert((vrm_pa_of(&x) & 0xfff) == 0 && vrm_pte_of(&x) != vrm_pte_of(&s));
            #ifdef WRONG
                vrm_assert(*vrm_pte_of(&x) & VRM_PTE_RDONLY);
            #endif
            }

            """);
        var ok = CheckRun.Run(path);
        Assert.True(ok.Code == 0 && ok.Verdict == "ok", ok.ToString());
        var wrong = CheckRun.Run(path, "--", "-DWRONG");
        Assert.True(wrong.Code == 2 && wrong.Verdict == "assertion fails", wrong.ToString());
    }

    /// <summary>SC: the unmap comes first in some interleaving, and the read faults; the walk races with no plain write, it is the MMU's read.</summary>
    [Fact]
    public void ScReportsTheFaultOfAReadOfAnUnmappedPage()
    {
        var r = CheckRun.Run(Repo.Examples("c", "pt-unmap-race.c"));
        Assert.True(r.Code == 2 && r.Verdict == "invalid access", r.ToString());
        Assert.Contains("pt-unmap-race.c:24: error: translation fault: read of x through PTE(x) = 0 (not valid)\n", r.Out, StringComparison.Ordinal);
        Assert.Contains("T1 unmapper    pt-unmap-race.c:14       write PTE(x) = 0", r.Out, StringComparison.Ordinal);
        // The schedule it prints reproduces the fault.
        var replay = CheckRun.Run(Repo.Examples("c", "pt-unmap-race.c"), "--replay", "0,0,0,0,0,1,0,0,2");
        Assert.True(replay.Code == 2 && replay.Verdict == "invalid access", replay.ToString());
    }

    /// <summary>
    /// DPOR treats a walk as a read of the entry: the reader's two walks and the remap give three traces (remap
    /// before, between, after them), and reversing walk and write finds the interleaving that breaks an assertion.
    /// </summary>
    [Fact]
    public void ScExploresEachOrderOfWalksAndEntryWrites()
    {
        var path = Write("walks.c", """
            #include "vrm.h"
            int x vrm_page = 1;
            int y vrm_page = 2;
            vrm_thread void t0(void)
            {
                *vrm_pte_of(&x) = vrm_pte_make(vrm_pa_of(&y), VRM_PTE_DEFAULT);
            }
            vrm_thread void t1(void)
            {
                int a = vrm_read_once(x);
                int b = vrm_read_once(x);
                vrm_assert(!(a == 2 && b == 1));
            #ifdef WRONG
                vrm_assert(!(a == 1 && b == 2));
            #endif
            }

            """);
        var ok = CheckRun.Run(path);
        Assert.True(ok.Code == 0 && ok.Verdict == "ok", ok.ToString());
        Assert.Contains("Executions: 3 complete, 0 blocked\n", ok.Out, StringComparison.Ordinal);
        var wrong = CheckRun.Run(path, "--", "-DWRONG");
        Assert.True(wrong.Code == 2 && wrong.Verdict == "assertion fails", wrong.ToString());
        Assert.Contains("Replay: vrm check " + path + " --replay 1,0,1\n", wrong.Out, StringComparison.Ordinal);
    }

    /// <summary>With the reader started first, its walk comes first on the first path; DPOR must reverse it with the unmap to find the fault.</summary>
    [Fact]
    public void ScFindsTheFaultWhenTheWalkComesFirst()
    {
        var source = File.ReadAllText(Repo.Examples("c", "pt-unmap-race.c"))
            .Replace("pthread_create(&u, 0, unmapper, 0);\n  pthread_create(&r, 0, reader, 0);", "pthread_create(&r, 0, reader, 0);\n  pthread_create(&u, 0, unmapper, 0);", StringComparison.Ordinal);
        Assert.Contains("pthread_create(&r, 0, reader, 0);\n  pthread_create(&u", source, StringComparison.Ordinal);
        var r = CheckRun.Run(Write("reversed.c", source));
        Assert.True(r.Code == 2 && r.Verdict == "invalid access", r.ToString());
        Assert.Contains("Executions before the violation: 1 complete, 0 blocked\n", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ArmReportsTheFaultWithThreadLineAndKind()
    {
        var r = CheckRun.Run(Repo.Examples("c", "pt-unmap-race.c"), "--model", "arm");
        Assert.True(r.Code == 2 && r.Verdict == "invalid access", r.ToString());
        Assert.Contains("""
            An invalid access in a final state:
              pt-unmap-race.c:24: T2 reader: translation fault: read of x: PTE(x) is not valid (the thread stops)
              final memory: x=1; PTE(x)=0

            """, r.Out, StringComparison.Ordinal);
    }

    /// <summary>A write after the page was made read-only (with the maintenance, seen through a release/acquire flag) is a permission fault in both models.</summary>
    [Theory]
    [InlineData("sc", "ro.c:17: error: permission fault: write to x through PTE(x) = (oa:PA(x), db:0) (read-only)")]
    [InlineData("arm", "ro.c:17: T2 t2: permission fault: write to x: PTE(x) is read-only (the thread stops)")]
    [InlineData("promising", "ro.c:17: T2 t2: permission fault: write to x: PTE(x) is read-only (the thread stops)")]
    public void WriteToAReadOnlyPageFaults(string model, string expected)
    {
        var path = Write("ro.c", """
            #include <pthread.h>
            #include <stdatomic.h>
            #include "vrm.h"
            int x vrm_page;
            atomic_int flag;
            void *t1(void *arg)
            {
                (void)arg;
                *vrm_pte_of(&x) = vrm_pte_make(vrm_pa_of(&x), VRM_PTE_DEFAULT | VRM_PTE_RDONLY);
                vrm_dsb(); vrm_tlbi_page(&x); vrm_dsb();
                atomic_store_explicit(&flag, 1, memory_order_release);
                return 0;
            }
            void *t2(void *arg)
            {
                (void)arg;
                if (atomic_load_explicit(&flag, memory_order_acquire)) { vrm_isb(); vrm_write_once(x, 1); }
                return 0;
            }

            """ + TwoThreads);
        var r = CheckRun.Run(path, "--model", model);
        Assert.True(r.Code == 2 && r.Verdict == "invalid access", r.ToString());
        Assert.Contains(expected + "\n", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sc", "af.c:10: error: access-flag fault: read of x through PTE(x) = (oa:PA(x), af:0) (access flag clear)")]
    [InlineData("arm", "af.c:10: T0 t0: access-flag fault: read of x: PTE(x) has its access flag clear (the thread stops)")]
    [InlineData("promising", "af.c:10: T0 t0: access-flag fault: read of x: PTE(x) has its access flag clear (the thread stops)")]
    public void ClearAccessFlagFaults(string model, string expected)
    {
        var path = Write("af.c", """
            #include "vrm.h"
            int x vrm_page = 5;
            vrm_thread void t0(void)
            {
                *vrm_pte_of(&x) &= ~VRM_PTE_AF;
                vrm_dsb();
                vrm_tlbi_page(&x);
                vrm_dsb();
                vrm_isb();
                vrm_assert(vrm_read_once(x) == 5);
            }

            """);
        var r = CheckRun.Run(path, "--model", model);
        Assert.True(r.Code == 2 && r.Verdict == "invalid access", r.ToString());
        Assert.Contains(expected + "\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// main's set-up before pthread_create is the initial memory of the threads: x remapped to y's page (an alias),
    /// y unmapped. Physical addresses (vrm_pa_of) are reached untranslated, whatever the entries say.
    /// </summary>
    [Theory]
    [InlineData("sc", "setup.c:14: error: translation fault: read of y through PTE(y) = 0 (not valid)")]
    [InlineData("arm", "setup.c:14: T1 t: translation fault: read of y: PTE(y) is not valid (the thread stops)")]
    [InlineData("promising", "setup.c:14: T1 t: translation fault: read of y: PTE(y) is not valid (the thread stops)")]
    public void MainMapsBeforeTheThreadsStart(string model, string expected)
    {
        var source = """
            #include <pthread.h>
            #include "vrm.h"
            int x vrm_page = 1;
            int y vrm_page = 2;
            int r;
            void *t(void *arg)
            {
                (void)arg;
                r = vrm_read_once(x);
                vrm_assert(*(int *)vrm_pa_of(&x) == 1);
                vrm_write_once(x, 4);
                vrm_assert(*(int *)vrm_pa_of(&y) == 4);
            #ifdef WRONG
                vrm_assert(vrm_read_once(y) == 4);
            #endif
                return 0;
            }
            int main(void)
            {
                y = 3;
                *vrm_pte_of(&x) = vrm_pte_make(vrm_pa_of(&y), VRM_PTE_DEFAULT);
                *vrm_pte_of(&y) = 0;
                pthread_t a;
                pthread_create(&a, 0, t, 0);
                pthread_join(a, 0);
                vrm_assert(r == 3);
                return 0;
            }

            """;
        var path = Write("setup.c", source);
        var ok = CheckRun.Run(path, "--model", model);
        Assert.True(ok.Code == 0 && ok.Verdict == "ok", ok.ToString());
        var r = CheckRun.Run(path, "--model", model, "--", "-DWRONG");
        Assert.True(r.Code == 2 && r.Verdict == "invalid access", r.ToString());
        Assert.Contains(expected + "\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>main after its joins reads through the entry the thread left invalid: a fault of main, reported as such.</summary>
    [Fact]
    public void ArmReportsAFaultOfMainAfterTheJoins()
    {
        var path = Write("after.c", """
            #include <pthread.h>
            #include "vrm.h"
            int x vrm_page = 1;
            void *t(void *arg)
            {
                (void)arg;
                *vrm_pte_of(&x) = 0;
                vrm_dsb(); vrm_tlbi_page(&x); vrm_dsb();
                return 0;
            }
            int main(void)
            {
                pthread_t a;
                pthread_create(&a, 0, t, 0);
                pthread_join(a, 0);
                vrm_assert(x == 1);
                return 0;
            }

            """);
        var r = CheckRun.Run(path, "--model", "arm");
        Assert.True(r.Code == 2 && r.Verdict == "invalid access", r.ToString());
        Assert.Contains("  main after joining: translation fault: read of x through PTE(x) = 0 (not valid)\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Remap x from its page to y's and publish: with break-before-make and a completed TLBI the reader sees the new
    /// page in every model. Without the TLBI, Arm lets the reader use the stale translation (x's old page, 1) and says
    /// why; SC has no TLB. A TLBI of another page, or one not completed by a DSB, does not help either.
    /// </summary>
    [Theory]
    [InlineData("bbm", Break, "", "ok", "ok")]
    [InlineData("bbm-vmall", "*vrm_pte_of(&x) = 0; vrm_dsb(); vrm_tlbi_vmalle1is(); vrm_dsb();", "", "ok", "ok")]
    [InlineData("notlbi", "", "", "ok", "assertion fails")]
    [InlineData("wrongpage", "", "vrm_tlbi_page(&y); vrm_dsb();", "ok", "assertion fails")]
    [InlineData("nodsb", "", "vrm_tlbi_page(&x);", "ok", "assertion fails")]
    [InlineData("nobbm", "", "vrm_tlbi_page(&x); vrm_dsb();", "ok", "ok")]
    public void RemapNeedsTheTlbMaintenanceOnArm(string name, string breakFirst, string maintain, string sc, string arm)
    {
        var path = RemapWith($"remap-{name}.c", breakFirst, maintain);
        var s = CheckRun.Run(path);
        Assert.True(s.Verdict == sc && s.Code == 0, s.ToString());
        var a = CheckRun.Run(path, "--model", "arm");
        Assert.True(a.Verdict == arm, a.ToString());
        if (arm != "ok")
        {
            Assert.Contains($"remap-{name}.c:23: T2 t2: assertion failed: vrm_read_once(x) == 2\n  final memory: x=1; y=2; PTE(x)=(oa:PA(y)); PTE(y)=(oa:PA(y)); flag=1\n", a.Out, StringComparison.Ordinal);
            Assert.Contains("Warning: T2 t2's 'load volatile' (line 23) translated x with the stale entry (oa:PA(x))", a.Out, StringComparison.Ordinal);
        }
        // Replacing a valid entry for another page without an invalid one in between is herd's break-before-make warning.
        Assert.Equal(breakFirst.Length == 0, a.Out.Contains("without break-before-make", StringComparison.Ordinal));
        // Promising-Arm with an MMU allows the same final states.
        var p = CheckRun.Run(path, "--model", "promising");
        Assert.True(p.Verdict == arm, p.ToString());
    }

    /// <summary>
    /// Promising-Arm warns as the Arm model does, word for word: a remap that overwrites the valid entry (herd's
    /// break-before-make warning) and, without the TLBI, the reader's stale translation; nothing with the whole
    /// sequence. Before Promising had the page-table checks it said nothing here.
    /// </summary>
    [Theory]
    [InlineData("nobbm", "", "vrm_tlbi_page(&x); vrm_dsb();", false)]
    [InlineData("notlbi", "", "", true)]
    [InlineData("bbm", Break, "", false)]
    public void PromisingWarnsAboutARemapAsArmDoes(string name, string breakFirst, string maintain, bool stale)
    {
        var path = RemapWith($"p-{name}.c", breakFirst, maintain);
        var a = CheckRun.Run(path, "--model", "arm");
        var p = CheckRun.Run(path, "--model", "promising");
        static string[] Warnings(string output) => [.. output.Split('\n').Where(l => l.StartsWith("Warning: ", StringComparison.Ordinal))];
        Assert.Equal(Warnings(a.Out), Warnings(p.Out));
        Assert.Equal(breakFirst.Length == 0, p.Out.Contains($"Warning: T1 t1's 'store' (line 11) writes (oa:PA(y)) to PTE(x), which held the valid entry (oa:PA(x)) for another page, without break-before-make", StringComparison.Ordinal));
        Assert.Equal(stale, p.Out.Contains("Warning: T2 t2's 'load volatile' (line 23) translated x with the stale entry (oa:PA(x)) although T1 t1's 'store' (line 11) wrote (oa:PA(y)) before it: T1 t1 has no TLBI of the page", StringComparison.Ordinal));
    }

    /// <summary>With break-before-make but without the reader's ISB, the acquire does not order the walk: Arm allows it to read the break's invalid entry.</summary>
    [Fact]
    public void ArmAllowsASpuriousFaultWithoutTheReadersIsb()
    {
        var path = Write("noisb.c", File.ReadAllText(RemapWith("tmp.c", Break, "")).Replace("vrm_isb();", "", StringComparison.Ordinal));
        var a = CheckRun.Run(path, "--model", "arm");
        Assert.True(a.Code == 2 && a.Verdict == "invalid access", a.ToString());
        Assert.Contains("noisb.c:23: T2 t2: translation fault: read of x: PTE(x) is not valid (the thread stops)", a.Out, StringComparison.Ordinal);
        Assert.Equal("ok", CheckRun.Run(path).Verdict);
    }

    [Fact]
    public void ArmJsonListsFaultsAndWarnings()
    {
        var r = CheckRun.Run(RemapWith("json.c", "", ""), "--model", "arm", "--json");
        Assert.Equal(2, r.Code);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("assertion fails", root.GetProperty("verdict").GetString());
        var state = root.GetProperty("failingStates")[0];
        Assert.Equal(0, state.GetProperty("faults").GetArrayLength());
        Assert.Contains("PTE(x)=(oa:PA(y))", state.GetProperty("memory").GetString(), StringComparison.Ordinal);
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("stale entry", StringComparison.Ordinal));

        var fault = CheckRun.Run(Repo.Examples("c", "pt-unmap-race.c"), "--model", "arm", "--json");
        using var faultDoc = JsonDocument.Parse(fault.Out);
        Assert.Equal("invalid access", faultDoc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("pt-unmap-race.c:24: T2 reader: translation fault: read of x: PTE(x) is not valid (the thread stops)",
            faultDoc.RootElement.GetProperty("failingStates")[0].GetProperty("faults")[0].GetString());
    }

    /// <summary>Every page-table program runs on Promising-Arm with an MMU too, with the Arm model's verdict and fault report.</summary>
    [Fact]
    public void PromisingReportsTheSameFault()
    {
        var a = CheckRun.Run(Repo.Examples("c", "pt-unmap-race.c"), "--model", "arm");
        var p = CheckRun.Run(Repo.Examples("c", "pt-unmap-race.c"), "--model", "promising");
        Assert.True(p.Code == 2 && p.Verdict == "invalid access", p.ToString());
        Assert.Equal(a.Out.Replace("model arm", "model promising", StringComparison.Ordinal), p.Out);
    }

    [Fact]
    public void ThreadsWithoutMainRunTranslated()
    {
        var path = Write("nomain.c", """
            #include "vrm.h"
            int x vrm_page = 1;
            vrm_thread void t0(void)
            {
                *vrm_pte_of(&x) = 0;
            }
            vrm_thread void t1(void)
            {
                (void)vrm_read_once(x);
            }

            """);
        Assert.Equal("invalid access", CheckRun.Run(path).Verdict);
        var a = CheckRun.Run(path, "--model", "arm");
        Assert.Contains("nomain.c:9: T1 t1: translation fault: read of x: PTE(x) is not valid (the thread stops)", a.Out, StringComparison.Ordinal);
    }

    /// <summary>Runs the check and returns stderr's first line, after asserting exit code 1 and an empty stdout.</summary>
    private static string InputError(params string[] args)
    {
        var r = CheckRun.Run(args);
        Assert.True(r.Code == 1 && r.Out.Length == 0, r.ToString());
        return r.Err.Split('\n')[0].TrimEnd('\r');
    }

    [Fact]
    public void PteOfAVariableThatIsNoPage()
    {
        var path = Write("nopage.c", "#include \"vrm.h\"\nint x vrm_page;\nint flag;\nvrm_thread void t0(void)\n{\n  *vrm_pte_of(&flag) = 0;\n}\n");
        Assert.Equal($"{path}(6,4): error: vrm_pte_of(&flag): 'flag' is not a vrm_page variable; declare it with vrm_page (such as int flag vrm_page;) to give it a page-table entry",
            InputError(path));
    }

    [Fact]
    public void PaOfWithoutAnyPage()
    {
        var path = Write("nopages.c", "#include \"vrm.h\"\nint flag;\nunsigned long pa;\nvrm_thread void t0(void)\n{\n  pa = vrm_pa_of(&flag);\n}\n");
        Assert.Equal($"{path}(6,8): error: vrm_pa_of(&flag): 'flag' is not a vrm_page variable; declare it with vrm_page (such as int flag vrm_page;) to give it a page-table entry",
            InputError(path));
    }

    [Fact]
    public void PteOfAnAddressComputedAtRunTime()
    {
        var path = Write("dynamic.c", """
            #include "vrm.h"
            int x vrm_page;
            int y vrm_page;
            int which;
            vrm_thread void t0(void)
            {
                int *p = vrm_read_once(which) ? &x : &y;
                *vrm_pte_of(p) = 0;
            }

            """);
        Assert.Equal($"{path}(8,6): error: vrm_pte_of needs the address of a vrm_page variable known at compile time, such as vrm_pte_of(&x); this one is computed at run time",
            InputError(path));
    }

    [Fact]
    public void PageLargerThanAPage()
    {
        var path = Write("big.c", "#include \"vrm.h\"\nint big[2000] vrm_page;\nvrm_thread void t0(void)\n{\n  big[3] = 1;\n}\n");
        Assert.Equal($"{path}: error: vrm_page variable 'big' has 8000 bytes, more than a page (4096): declare it as several vrm_page variables", InputError(path));
    }

    [Fact]
    public void UnknownTlbiOperation()
    {
        var path = Write("tlbi.c", "#include \"vrm.h\"\nint x vrm_page;\nvrm_thread void t0(void)\n{\n  x = 1;\n  __asm__ __volatile__(\"tlbi vmalle9is\" ::: \"memory\");\n}\n");
        Assert.Equal($"{path}(6,3): error: unknown TLBI operation 'vmalle9is' (such as vaae1is, vae1is, vale1is, vmalle1is)", InputError(path));
    }
}
