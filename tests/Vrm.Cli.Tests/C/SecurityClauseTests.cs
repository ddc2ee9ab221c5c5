using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Noninterference under SC (vrm check), one clause per test on programs written here: a secret that reaches an
/// observer through memory, through a register, through a branch; an integrity break; a channel declared by not
/// declaring it secret; kernel code's loads are not its caller's observations; bad declarations are input errors.
/// </summary>
public sealed class SecurityClauseTests : IDisposable
{
    private readonly ScratchPrograms scratch = new();

    public void Dispose() => scratch.Dispose();

    private CheckRun.Result Check(string body) => CheckRun.Run(scratch.TwoThreads(body, "kernel", "host", "s.c"));

    private static void Verdict(CheckRun.Result r, string verdict, string? message = null) => ScratchPrograms.Verdict(r, verdict, message);

    [Fact]
    public void ASecretCopiedToMemoryTheHostReadsLeaks() => Verdict(Check("""
        static long vm_page = 42;
        static _Atomic long mailbox;
        VRM_SECRET(1, vm_page);
        static void *kernel(void *a) { mailbox = vm_page; return a; }
        static void *host(void *a) { vrm_observe(mailbox); return a; }
        VRM_PRINCIPAL(host, 0);
        """), "confidentiality violation", "principal 1's secret reaches principal 0");

    [Fact]
    public void ASecretHandedOverInARegisterLeaks() => Verdict(Check("""
        static long vm_reg = 7;
        VRM_SECRET(1, vm_reg);
        static long hvc_get(void) { vrm_kernel_enter(); long v = vm_reg; vrm_kernel_exit(); return v; }
        static void *kernel(void *a) { return a; }
        static void *host(void *a) { vrm_observe(hvc_get()); return a; }
        VRM_PRINCIPAL(host, 0);
        """), "confidentiality violation", "the value T2 gets at s.c:");

    [Fact]
    public void ABranchOnASecretIsAnImplicitFlow() => Verdict(Check("""
        static long vm_page = 42;
        static _Atomic long flag;
        VRM_SECRET(1, vm_page);
        static void *kernel(void *a) { if (vm_page > 0) flag = 1; return a; }
        static void *host(void *a) { vrm_observe(flag); return a; }
        VRM_PRINCIPAL(host, 0);
        """), "implicit flow violation");

    [Fact]
    public void AHostWriteIntoAVmSecretBreaksIntegrity() => Verdict(Check("""
        static long vm_page;
        VRM_SECRET(1, vm_page);
        static void *kernel(void *a) { return a; }
        static void *host(void *a) { vm_page = vrm_input(); return a; }
        VRM_PRINCIPAL(host, 0);
        """), "integrity violation", "principal 1's secret vm_page ends");

    [Theory]
    [InlineData("", "integrity violation")]
    [InlineData("vrm_principal_ends(1);", "ok")]
    public void AHostThatChoosesToTearAVmDownChangesItsPagesOnlyOnceTheKernelEndedIt(string ends, string verdict) => Verdict(Check($$"""
        static long vm_page = 42;
        static _Atomic long off;
        VRM_SECRET(1, vm_page);
        static void hvc_teardown(void) { vrm_kernel_enter(); off = 1; {{ends}} vm_page = 0; vrm_kernel_exit(); }
        static void *kernel(void *a) { return a; }
        static void *host(void *a) { if (vrm_nondet_range(0, 1)) hvc_teardown(); return a; }
        VRM_PRINCIPAL(host, 0);
        """), verdict);

    [Fact]
    public void MemorySharedOnPurposeIsNoLeak() => Verdict(Check("""
        static long vm_page = 42;
        static _Atomic long shared = 5;
        VRM_SECRET(1, vm_page);
        static void *kernel(void *a) { shared = shared + 1; return a; }
        static void *host(void *a) { vrm_observe(shared); return a; }
        VRM_PRINCIPAL(host, 0);
        """), "ok", "Noninterference: confidentiality and integrity hold");

    [Fact]
    public void TheKernelsLoadsOnACallersBehalfAreNotItsObservations() => Verdict(Check("""
        static long vm_page = 42;
        VRM_SECRET(1, vm_page);
        static long hvc_is_big(void) { vrm_kernel_enter(); long v = vm_page; vrm_kernel_exit(); return v > 1000000; }
        static void *kernel(void *a) { return a; }
        static void *host(void *a) { vrm_kernel_enter(); long v = vm_page; vrm_kernel_exit(); (void)v; return a; }
        VRM_PRINCIPAL(host, 0);
        """), "ok");

    [Theory]
    [InlineData("VRM_PRINCIPAL(host, -1);", "principal -1 is negative")]
    [InlineData("VRM_PRINCIPAL(host, 0); VRM_PRINCIPAL(host, 1);", "host already runs for principal 0")]
    [InlineData("VRM_SECRET(1, page); VRM_SECRET(2, page);", "(a secret has one owner)")]
    [InlineData("VRM_SECRET(-2, page);", "principal -2 is negative")]
    public void BadDeclarationsAreInputErrors(string declarations, string message)
    {
        ScratchPrograms.InputError(Check($"static long page;\nstatic void *kernel(void *a) {{ return a; }}\nstatic void *host(void *a) {{ return a; }}\n{declarations}\n"), message);
    }
}
