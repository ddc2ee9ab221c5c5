using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Linearizability under SC (vrm check), one clause per test on programs written here: a history no order
/// explains, real-time order kept, several linearization points, an abstraction relation, an untrusted caller's
/// bad argument; malformed specifications are input errors.
/// </summary>
public sealed class RefinementClauseTests : IDisposable
{
    private readonly ScratchPrograms scratch = new();

    public void Dispose() => scratch.Dispose();

    private CheckRun.Result Check(string body) => CheckRun.Run(scratch.TwoThreads(body, name: "r.c"));

    private static void Verdict(CheckRun.Result r, string verdict, string? message = null) => ScratchPrograms.Verdict(r, verdict, message);

    /// <summary>A counter whose increment reads and writes in two atomic steps: both can return 0.</summary>
    private const string SplitCounter = """
        static atomic_long n;
        static long inc(void) { long v = atomic_load(&n); atomic_store(&n, v + 1); return v; }
        static long spec_n;
        static long spec_inc(void) { return spec_n++; }
        VRM_SPEC(inc, spec_inc);
        """;

    [Fact]
    public void AHistoryNoOrderExplainsIsNotLinearizable() => Verdict(Check(SplitCounter + """
        static void *t1(void *a) { inc(); return a; }
        static void *t2(void *a) { inc(); return a; }
        """), "not linearizable", "no order of the specifications that respects real time gives these results: T1 inc() = 0");

    [Fact]
    public void AnAtomicCounterIsLinearizable() => Verdict(Check("""
        static atomic_long n;
        static long inc(void) { return atomic_fetch_add(&n, 1); }
        static long spec_n;
        static long spec_inc(void) { return spec_n++; }
        VRM_SPEC(inc, spec_inc);
        static void *t1(void *a) { inc(); inc(); return a; }
        static void *t2(void *a) { inc(); return a; }
        """), "ok", "Refinement: every complete execution is linearizable");

    /// <summary>
    /// A register whose write is published late: a read that begins after the write returned can still see the
    /// old value. Some order explains the results (the read first), but not one that keeps real time.
    /// </summary>
    [Fact]
    public void RealTimeOrderIsKept() => Verdict(Check("""
        static atomic_long cell, staged;
        static atomic_long written;
        static void put(long v) { atomic_store(&staged, v); atomic_store(&written, 1); }
        static long get(void) { return atomic_load(&written) ? atomic_load(&cell) : 0; }
        static long spec_cell;
        static void spec_put(long v) { spec_cell = v; }
        static long spec_get(void) { return spec_cell; }
        VRM_SPEC(put, spec_put);
        VRM_SPEC(get, spec_get);
        static void *t1(void *a) { put(5); atomic_store(&cell, atomic_load(&staged)); return a; }
        static void *t2(void *a) { while (!atomic_load(&written)) ; get(); return a; }
        """), "not linearizable", "T2 get() = 0");

    [Fact]
    public void AnOperationWithTwoLinearizationPointsIsTwoSpecifiedSteps() => Verdict(Check("""
        static pthread_mutex_t m;
        static long slots, count;
        static long check(long want) { pthread_mutex_lock(&m); long ok = slots >= want; pthread_mutex_unlock(&m); return ok; }
        static long update(long want) { pthread_mutex_lock(&m); slots -= want; long c = ++count; pthread_mutex_unlock(&m); return c; }
        static void take(long want) { if (check(want)) update(want); }
        static long spec_slots, spec_count;
        static long spec_check(long want) { return spec_slots >= want; }
        static long spec_update(long want) { spec_slots -= want; return ++spec_count; }
        VRM_SPEC(check, spec_check);
        VRM_SPEC(update, spec_update);
        static void *t1(void *a) { take(0); return a; }
        static void *t2(void *a) { take(0); return a; }
        """), "ok", "Refinement: every complete execution is linearizable");

    [Fact]
    public void AnAbstractionRelationSeesAnEffectResultsHide() => Verdict(Check("""
        static pthread_mutex_t m;
        static long n;
        static void add(long k) { pthread_mutex_lock(&m); n += 2 * k; pthread_mutex_unlock(&m); }
        static long spec_n;
        static void spec_add(long k) { spec_n += k; }
        VRM_SPEC(add, spec_add);
        static int related(void) { return n == spec_n; }
        VRM_ABSTRACTION(related);
        static void *t1(void *a) { add(1); return a; }
        static void *t2(void *a) { add(2); return a; }
        """), "not linearizable", "ends in an abstract state related does not relate to the implementation's final state");

    [Fact]
    public void AnUntrustedCallersBadArgumentMustGetTheSpecifiedError() => Verdict(Check("""
        static long table[2];
        static long set(long i, long v) { if (i < 0) return -1; if (i >= 2) return 0; table[i] = v; return 0; }
        static long spec_table[2];
        static long spec_set(long i, long v) { if (i < 0 || i >= 2) return -1; spec_table[i] = v; return 0; }
        VRM_SPEC(set, spec_set);
        static void *t1(void *a) { set(vrm_nondet_range(-1, 2), 7); return a; }
        static void *t2(void *a) { return a; }
        """), "not linearizable", "T1 set(2, 7) = 0");

    [Theory]
    [InlineData("static long spec_inc(void);", "the specification has no body")]
    [InlineData("static long spec_inc(long a, long b, long c) { return a + b + c; }", "a specification takes at most two arguments")]
    [InlineData("static void *nothing(void *a) { return a; }\nstatic long spec_inc(void) { pthread_t t; pthread_create(&t, 0, nothing, 0); return 0; }", "starts or joins threads")]
    public void MalformedSpecificationsAreInputErrors(string spec, string message)
    {
        ScratchPrograms.InputError(Check($$"""
            static atomic_long n;
            static long inc(void) { return atomic_fetch_add(&n, 1); }
            {{spec}}
            VRM_SPEC(inc, spec_inc);
            static void *t1(void *a) { inc(); return a; }
            static void *t2(void *a) { return a; }
            """), message);
    }
}
