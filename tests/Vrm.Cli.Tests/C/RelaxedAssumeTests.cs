using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// vrm_assume under the relaxed models: a failed assumption stops its thread there, as under SC, so what failed
/// before it (in that thread or another) still fails, and what the thread would have done after it reaches no one.
/// Before, the thread ran on with a register cleared and every final state with it was dropped: an assertion that
/// fails only when another thread's assumption fails passed as ok, and a write after a failed assumption made a
/// false deadlock.
/// </summary>
public sealed class RelaxedAssumeTests : IDisposable
{
    private readonly ScratchPrograms scratch = new();

    public void Dispose() => scratch.Dispose();

    [Theory]
    [InlineData("sc")]
    [InlineData("promising")]
    [InlineData("arm")]
    public void AnAssertionThatFailsBeforeAnotherThreadsFailedAssumptionFails(string model)
    {
        // t2 fails only when it reads x == 1, and then nobody writes y, so t1's assumption fails too; but t2's
        // assertion fails before t1 reaches it (SC: t1 writes x and reads y == 0, t2 reads x == 1 and fails).
        var path = scratch.TwoThreads("""
            #include <assert.h>
            atomic_int x, y;
            void *t1(void *a) { atomic_store(&x, 1); int r = atomic_load(&y); vrm_assume(r == 1); return 0; }
            void *t2(void *a) { int s = atomic_load(&x); if (s == 0) atomic_store(&y, 1); assert(s == 0); return 0; }
            """);
        ScratchPrograms.Verdict(CheckRun.Run(path, "--model", model), "assertion fails", "assertion failed: s == 0");
    }

    [Theory]
    [InlineData("sc")]
    [InlineData("promising")]
    [InlineData("arm")]
    public void AThreadStopsAtItsFailedAssumption(string model)
    {
        // t1 passes its assumption only when it reads x == 1; then (acquire loads: no load buffering) t2 read w == 0
        // and sets y. A t1 that read 0 and ran on to its spin on y was a false deadlock.
        var path = scratch.TwoThreads("""
            atomic_int x, y, w;
            void *t1(void *a) { int r = atomic_load(&x); atomic_store(&w, 1); vrm_assume(r == 1); while (atomic_load(&y) == 0) ; return 0; }
            void *t2(void *a) { int s = atomic_load(&w); atomic_store(&x, 1); if (s == 0) atomic_store(&y, 1); return 0; }
            """);
        ScratchPrograms.Verdict(CheckRun.Run(path, "--model", model), "ok");
    }

    [Theory]
    [InlineData("promising")]
    [InlineData("arm")]
    public void AWaitBehindAThreadStoppedByItsAssumptionIsNoDeadlock(string model)
    {
        // When t1 reads x == 0 its assumption stops it before it sets the flag, and t2 spins for ever: SC discards
        // that execution. The relaxed models' end with a waiting thread keeps no registers, so it cannot tell: incomplete.
        var path = scratch.Write("halted.c", """
            #include <pthread.h>
            #include <stdatomic.h>
            #include "vrm.h"
            atomic_int x, flag;
            void *t1(void *a) { int r = atomic_load(&x); vrm_assume(r == 1); atomic_store(&flag, 1); return 0; }
            void *t2(void *a) { while (atomic_load(&flag) == 0) ; return 0; }
            void *t3(void *a) { atomic_store(&x, 1); return 0; }
            int main(void)
            {
              pthread_t a, b, c;
              pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0); pthread_create(&c, 0, t3, 0);
              pthread_join(a, 0); pthread_join(b, 0); pthread_join(c, 0);
              return 0;
            }
            """);
        var r = CheckRun.Run(path, "--model", model);
        Assert.True(r.Code == 4 && r.Verdict == "incomplete", r.ToString());
        Assert.Contains("failed vrm_assume", r.Out, StringComparison.Ordinal);
        Assert.True(CheckRun.Run(path).Verdict == "ok");
    }
}
