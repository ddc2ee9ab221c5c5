using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Noninterference and refinement under <c>vrm check --model promising</c> on small programs written here, one
/// clause each: what the examples (examples/security, examples/refinement) do not pin on their own.
/// </summary>
public sealed class RelaxedObservedCheckTests : IDisposable
{
    private readonly ScratchPrograms scratch = new();

    public void Dispose() => scratch.Dispose();

    private CheckRun.Result Promising(string body, params string[] extra) => CheckRun.Run([scratch.TwoThreads(body), "--model", "promising", .. extra]);

    [Theory]
    [InlineData("sc")]
    [InlineData("promising")]
    public void SpecificationsStartFromWhatMainSetUp(string model)
    {
        var path = scratch.Write("boot.c", """
            #include <pthread.h>
            #include "vrm.h"
            static long x, spec_x;
            static long get(void) { return x; }
            static long spec_get(void) { return spec_x; }
            VRM_SPEC(get, spec_get);
            static void *t(void *a) { get(); return a; }
            int main(void) { x = 5; spec_x = 5; pthread_t a; pthread_create(&a, 0, t, 0); pthread_join(a, 0); return 0; }
            """);
        var r = CheckRun.Run(path, "--model", model);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void AnInvariantOnARelaxedModelIsNamedAsNotChecked()
    {
        // Only final states are explored there: an invariant broken on the way must not pass as "ok" in silence.
        var path = scratch.Write("inv.c", """
            #include <pthread.h>
            #include "vrm.h"
            static long x;
            static int small(void) { return x < 2; }
            VRM_INVARIANT(small);
            static void *t(void *a) { x = 5; x = 0; return a; }
            int main(void) { pthread_t a; pthread_create(&a, 0, t, 0); pthread_join(a, 0); return 0; }
            """);
        var r = CheckRun.Run(path, "--model", "promising");
        Assert.Contains("VRM_INVARIANT is not checked on promising", r.ToString());
        Assert.True(r.Code == 4 && r.Verdict == "incomplete: invariant", r.ToString());
    }

    [Fact]
    public void AnAbstractionRelationWithArgumentsIsAnInputError()
    {
        var path = scratch.Write("rel.c", """
            #include "vrm.h"
            static long n, spec_n;
            static void inc(void) { n++; }
            static void spec_inc(void) { spec_n++; }
            VRM_SPEC(inc, spec_inc);
            static int related(int k) { return n == spec_n + k; }
            VRM_ABSTRACTION(related);
            int main(void) { inc(); return 0; }
            """);
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 1 && r.Err.Contains("VRM_ABSTRACTION(related): the relation takes no arguments", StringComparison.Ordinal), r.ToString());
    }

    [Fact]
    public void AnOperationCalledInALoopIsRefusedOnRelaxedModels()
    {
        var r = Promising("""
            static atomic_long n;
            static long inc(void) { return atomic_fetch_add(&n, 1); }
            static long spec_n;
            static long spec_inc(void) { return spec_n++; }
            VRM_SPEC(inc, spec_inc);
            static void *t1(void *a) { for (int i = 0; i < 2; i++) inc(); return a; }
            static void *t2(void *a) { inc(); return a; }
            """);
        Assert.True(r.Code == 1 && r.Err.Contains("inc is called in a loop", StringComparison.Ordinal), r.ToString());
    }

    [Fact]
    public void ASecretReadThroughARegisterTheHostKeepsLeaks()
    {
        // The host never stores what it reads: its load's value is its observation.
        var r = Promising("""
            static long vm_page = 42;
            VRM_SECRET(1, vm_page);
            static void *t1(void *a) { return a; }
            static void *t2(void *a) { long v = *(volatile long *)&vm_page; (void)v; return a; }
            VRM_PRINCIPAL(t2, 0);
            """);
        Assert.True(r.Code == 2 && r.Verdict == "confidentiality violation", r.ToString());
        Assert.Contains("principal 0 can end with the value T2 loads at p.c:", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKernelsOwnLoadsOnAPrincipalsBehalfAreNotItsObservations()
    {
        var r = Promising("""
            static long vm_page = 42;
            static long answer;
            VRM_SECRET(1, vm_page);
            VRM_OBSERVABLE(0, answer);
            static void *t1(void *a) { return a; }
            static void *t2(void *a)
            {
              vrm_kernel_enter();
              long v = *(volatile long *)&vm_page;
              answer = v != v;
              vrm_kernel_exit();
              return a;
            }
            VRM_PRINCIPAL(t2, 0);
            """);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        Assert.Contains("Noninterference: holds", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIncompleteRelaxedRunDecidesNothing()
    {
        var r = Promising("""
            static long vm_page = 42;
            static long copy;
            VRM_SECRET(1, vm_page);
            VRM_OBSERVABLE(0, copy);
            static void *t1(void *a) { return a; }
            static void *t2(void *a) { copy = vm_page; return a; }
            VRM_PRINCIPAL(t2, 0);
            """, "--max-executions", "1");
        Assert.True(r.Code == 4 && r.Verdict.StartsWith("incomplete", StringComparison.Ordinal), r.ToString());
    }
}
