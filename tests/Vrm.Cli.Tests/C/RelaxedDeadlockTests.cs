using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Deadlocks and stuck await loops under the relaxed models: an execution in which a thread spins for ever has no
/// final state, so a model that only collects final states drops it and calls the program ok. Each program here
/// has such an execution (or, for the last ones, none), and every model must say so.
/// </summary>
public sealed class RelaxedDeadlockTests : IDisposable
{
    private readonly ScratchPrograms scratch = new();

    public void Dispose() => scratch.Dispose();

    private const string Head = """
        #include <pthread.h>
        #include <stdatomic.h>
        #include <assert.h>

        """;

    private const string Main = """

        int main(void) { pthread_t u, v; pthread_create(&u, 0, t1, 0); pthread_create(&v, 0, t2, 0); pthread_join(u, 0); pthread_join(v, 0); return 0; }
        """;

    private CheckRun.Result Run(string name, string threads, string model) =>
        CheckRun.Run(scratch.Write(name, Head + threads + Main), "--model", model);

    [Theory]
    [InlineData("sc")]
    [InlineData("promising")]
    [InlineData("arm")]
    public void AWaitOnlyOneOutcomeOfARaceCanEndIsADeadlock(string model)
    {
        // One execution finishes (t1 reads ready == 1), the other spins on go for ever.
        var r = Run("cond.c", """
            static atomic_int ready, go;
            static void *t1(void *p) { if (atomic_load(&ready) == 0) { while (!atomic_load(&go)) ; } return p; }
            static void *t2(void *p) { atomic_store(&ready, 1); return p; }
            """, model);
        Assert.True(r.Code == 2 && r.Verdict == "deadlock", r.ToString());
        Assert.Contains("cannot finish", r.Out);
    }

    [Theory]
    [InlineData("promising")]
    [InlineData("arm")]
    public void AWaitNoExecutionEndsIsADeadlockNotAnEmptyOk(string model)
    {
        // No final state at all: before, "Final states: 0" came with "ok".
        var r = Run("never.c", """
            static atomic_int f;
            static void *t1(void *p) { while (!atomic_load(&f)) ; return p; }
            static void *t2(void *p) { return p; }
            """, model);
        Assert.True(r.Code == 2 && r.Verdict == "deadlock", r.ToString());
    }

    [Theory]
    [InlineData("pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;", "pthread_mutex_lock", "pthread_mutex_unlock")]
    [InlineData("atomic_int a, b;", "xlock", "xunlock")]
    public void LocksTakenInOppositeOrdersDeadlockOnPromising(string locks, string take, string give)
    {
        // The exchange loop writes 1 over 1 on each try: those writes change nothing, so it still spins for ever.
        var r = Run("abba.c", $$"""
            static {{locks}}
            static void xlock(atomic_int *l) { while (atomic_exchange(l, 1)) ; }
            static void xunlock(atomic_int *l) { atomic_store(l, 0); }
            static int x;
            static void *t1(void *p) { {{take}}(&a); {{take}}(&b); x++; {{give}}(&b); {{give}}(&a); return p; }
            static void *t2(void *p) { {{take}}(&b); {{take}}(&a); x++; {{give}}(&a); {{give}}(&b); return p; }
            """, "promising");
        Assert.True(r.Code == 2 && r.Verdict == "deadlock", r.ToString());
        Assert.Contains("and so do 1 more threads", r.Out);
    }

    [Theory]
    [InlineData("promising")]
    [InlineData("arm")]
    public void AWaitThatAnOldValueKeepsGoingIsNoDeadlock(string model)
    {
        // t2 reads the flag before t1's write reaches it, spins, and must see it later: no deadlock.
        var r = Run("mp.c", """
            static atomic_int f; static int d;
            static void *t1(void *p) { d = 5; atomic_store_explicit(&f, 1, memory_order_release); return p; }
            static void *t2(void *p) { while (!atomic_load_explicit(&f, memory_order_acquire)) ; assert(d == 5); return p; }
            """, model);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
    }

    [Theory]
    [InlineData("promising")]
    [InlineData("arm")]
    public void ASpinlockBothThreadsFreeIsNoDeadlock(string model)
    {
        var r = Run("lock.c", """
            static atomic_int l; static int x;
            static void lock(void) { while (atomic_exchange_explicit(&l, 1, memory_order_acquire)) ; }
            static void unlock(void) { atomic_store_explicit(&l, 0, memory_order_release); }
            static void *t1(void *p) { lock(); x++; unlock(); return p; }
            static void *t2(void *p) { lock(); x++; unlock(); return p; }
            """, model);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void TheJsonReportNamesTheDeadlock()
    {
        var path = scratch.Write("json.c", Head + """
            static atomic_int f;
            static void *t1(void *p) { while (!atomic_load(&f)) ; return p; }
            static void *t2(void *p) { return p; }
            """ + Main);
        var r = CheckRun.Run(path, "--model", "promising", "--json");
        Assert.Equal(2, r.Code);
        Assert.Contains("\"verdict\":\"deadlock\"", r.Out.Replace(" ", ""));
        Assert.Contains("\"deadlock\":{", r.Out.Replace(" ", ""));
    }

    [Theory]
    [InlineData("promising")]
    [InlineData("arm")]
    public void AThreadMainNeverJoinsSpinningForEverIsNoDeadlock(string model)
    {
        // main joins only t2 and returns, which ends the program (SC: ok). The relaxed models called t1's spin a
        // deadlock; its end keeps no registers to judge the other threads' assertions, so it is incomplete.
        var path = scratch.Write("unjoined.c", Head + """
            static atomic_int f;
            static void *t1(void *p) { while (!atomic_load(&f)) ; return p; }
            static void *t2(void *p) { return p; }
            int main(void) { pthread_t u, v; pthread_create(&u, 0, t1, 0); pthread_create(&v, 0, t2, 0); pthread_join(v, 0); return 0; }
            """);
        Assert.True(CheckRun.Run(path).Verdict == "ok");
        var r = CheckRun.Run(path, "--model", model);
        Assert.True(r.Code == 4 && r.Verdict == "incomplete", r.ToString());
        Assert.Contains("main returns without joining it", r.Out, StringComparison.Ordinal);
    }
}
