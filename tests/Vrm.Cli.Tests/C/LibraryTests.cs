using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// The C library plain concurrency tests use, each once an input error or wrong: barriers, exit and pthread_exit,
/// calls through function pointers, nondeterministic values from a declared range, and mutex misuse.
/// </summary>
public sealed class LibraryTests : CProgramTests
{
    /// <summary>Two threads each write their slot, meet at a barrier of COUNT threads, and read the other's slot.</summary>
    private const string Barrier = """
        #include <pthread.h>
        #include <assert.h>
        #ifndef COUNT
        #define COUNT 2
        #endif
        pthread_barrier_t barrier;
        int slot[2];
        _Atomic int serial;
        static void *worker(void *arg)
        {
          long i = (long)arg;
          slot[i] = 1;
        #ifndef NO_WAIT
          if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
            serial++;
        #endif
        #ifndef NO_WAIT
          assert(slot[1 - i] == 1);
        #else
          (void)slot[1 - i];
        #endif
          return 0;
        }
        int main(void)
        {
          pthread_t a, b;
          pthread_barrier_init(&barrier, 0, COUNT);
          pthread_create(&a, 0, worker, (void *)0);
          pthread_create(&b, 0, worker, (void *)1);
          pthread_join(a, 0);
          pthread_join(b, 0);
        #ifndef NO_WAIT
          assert(serial == 1);
        #endif
          pthread_barrier_destroy(&barrier);
          return 0;
        }
        """;

    [Fact]
    public void ABarrierMakesEveryThreadWaitForTheOthers()
    {
        // No race either: the barrier orders each write before the other thread's read.
        var r = Check(Barrier);
        Assert.True(r.Verdict == "ok" && r.Code == 0, r.ToString());
    }

    [Fact]
    public void WithoutTheBarrierTheReadsRace()
    {
        var r = Check(Barrier, "--", "-DNO_WAIT");
        Assert.Equal("data race", r.Verdict);
    }

    [Fact]
    public void ABarrierThatCanNeverFillIsADeadlock()
    {
        var r = Check(Barrier, "--", "-DCOUNT=3");
        Assert.Equal("deadlock", r.Verdict);
        Assert.Contains("cannot finish: its await loop reads only final values", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ABarrierOfOneLetsEachThreadThroughAlone()
    {
        var r = Check(Barrier, "--", "-DCOUNT=1");
        Assert.Equal("assertion fails", r.Verdict);
    }

    [Fact]
    public void ABarrierIsReusedPhaseAfterPhase()
    {
        // Three threads through a barrier of three, twice: the second phase sees every write of the first.
        var r = Check("""
            #include <pthread.h>
            #include <assert.h>
            pthread_barrier_t barrier;
            int round1[3], round2[3];
            static void *worker(void *arg)
            {
              long i = (long)arg;
              round1[i] = 1;
              pthread_barrier_wait(&barrier);
              round2[i] = round1[0] + round1[1] + round1[2];
              pthread_barrier_wait(&barrier);
              assert(round2[(i + 1) % 3] == 3);
              return 0;
            }
            int main(void)
            {
              pthread_t t[3];
              pthread_barrier_init(&barrier, 0, 3);
              for (long i = 0; i < 3; i++)
                pthread_create(&t[i], 0, worker, (void *)i);
              for (int i = 0; i < 3; i++)
                pthread_join(t[i], 0);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void ABarrierRunsOnPromising()
    {
        var r = Check(Barrier, "--model", "promising");
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void ABarrierOfCountZeroIsMisuse()
    {
        var r = Check(Barrier, "--", "-DCOUNT=0");
        Assert.Equal("library misuse", r.Verdict);
        Assert.Contains("p.c:27: error: pthread_barrier_init with a count of 0", r.Out, StringComparison.Ordinal);
    }

    /// <summary>A thread that would fail an assertion, or spin forever, unless exit ends the program first.</summary>
    private const string Exit = """
        #include <pthread.h>
        #include <stdlib.h>
        #include <assert.h>
        _Atomic int go;
        static void *worker(void *arg)
        {
          (void)arg;
        #ifdef SPIN
          while (go == 0) {
          }
        #endif
          assert(0);
          return 0;
        }
        int main(void)
        {
          pthread_t t;
          pthread_create(&t, 0, worker, 0);
          exit(0);
        }
        """;

    [Fact]
    public void ExitEndsTheProgramButTheThreadMayRunFirst()
    {
        var r = Check(Exit);
        Assert.Equal("assertion fails", r.Verdict);
        Assert.Contains("p.c:12: error: assertion failed: 0", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitEndsAThreadThatWouldSpinForever()
    {
        // Without exit the worker could never finish (a deadlock); exit ends both executions: before the worker
        // reads the flag, and after.
        var r = Check(Exit, "--", "-DSPIN");
        Assert.True(r.Verdict == "ok" && r.Out.Contains("Executions: 2 complete, 0 blocked", StringComparison.Ordinal), r.ToString());
    }

    [Fact]
    public void ExitIsShownInTheTrace()
    {
        var r = Check("""
            #include <stdlib.h>
            #include <assert.h>
            int x;
            int main(void)
            {
              x = 1;
              if (x)
                exit(3);
              assert(0);
            }
            """);
        Assert.Equal("ok", r.Verdict);
        var json = Check("#include <stdlib.h>\n#include <assert.h>\nint x;\nint main(void)\n{\n  x = 1;\n  assert(x == 0);\n  exit(1);\n}\n");
        Assert.Equal("assertion fails", json.Verdict);
    }

    [Fact]
    public void PthreadExitEndsTheCallingThreadLikeAReturn()
    {
        var r = Check("""
            #include <pthread.h>
            #include <assert.h>
            int x;
            static void leave(void) { x = 1; pthread_exit(0); }
            static void *worker(void *arg) { (void)arg; leave(); x = 2; return 0; }
            int main(void)
            {
              pthread_t t;
              pthread_create(&t, 0, worker, 0);
              pthread_join(t, 0);
              assert(x == 1);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void CallsThroughFunctionPointersRunTheFunctionThePointerHolds()
    {
        var r = Check("""
            #include <pthread.h>
            #include <assert.h>
            struct ops { void (*apply)(int *, int); int (*read)(int *); };
            static void set(int *p, int v) { *p = v; }
            static void add(int *p, int v) { *p += v; }
            static int get(int *p) { return *p; }
            static const struct ops table[2] = { { set, get }, { add, get } };
            int value;
            static void *worker(void *arg)
            {
              const struct ops *o = &table[(long)arg];
              o->apply(&value, 3);
              return (void *)(long)o->read(&value);
            }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, worker, (void *)0);
              pthread_join(a, 0);
              pthread_create(&b, 0, worker, (void *)1);
              pthread_join(b, 0);
              int (*twice)(int *) = get;
              assert(value == 6 && twice(&value) == 6);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void ThreadsStartedThroughFunctionPointersRunTheirFunction()
    {
        var r = Check("""
            #include <pthread.h>
            #include <assert.h>
            int a, b;
            static void *set_a(void *arg) { (void)arg; a = 1; return 0; }
            static void *set_b(void *arg) { (void)arg; b = 1; return 0; }
            static void *(*const starts[2])(void *) = { set_a, set_b };
            int main(void)
            {
              pthread_t t[2];
              for (int i = 0; i < 2; i++)
                pthread_create(&t[i], 0, starts[i], 0);
              for (int i = 0; i < 2; i++)
                pthread_join(t[i], 0);
              assert(a == 1 && b == 1);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void ARaceInsideAFunctionCalledThroughAPointerIsFound()
    {
        var r = Check("""
            #include <pthread.h>
            int value;
            static void bump(void) { value++; }
            static void (*volatile hook)(void) = bump;
            static void *worker(void *arg) { (void)arg; hook(); return 0; }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, worker, 0);
              pthread_create(&b, 0, worker, 0);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """);
        Assert.Equal("data race", r.Verdict);
        Assert.Contains("p.c:3: error: data race on value", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ANullFunctionPointerIsAnInvalidAccess()
    {
        var r = Check("""
            static int one(void) { return 1; }
            int (*volatile fp)(void) = one;
            int main(void)
            {
              fp = 0;
              return fp();
            }
            """);
        Assert.Equal("invalid access", r.Verdict);
        Assert.Contains("p.c:6: error: call through a function pointer that holds no function of this file", r.Out, StringComparison.Ordinal);
    }

    /// <summary>A thread writes a nondeterministic value that main reads after starting it.</summary>
    private const string Nondet = """
        #include <pthread.h>
        #include <assert.h>
        #include "vrm.h"
        _Atomic long x;
        static void *worker(void *arg)
        {
          (void)arg;
          x = RANGE;
          return 0;
        }
        int main(void)
        {
          pthread_t t;
          pthread_create(&t, 0, worker, 0);
          long seen = x;
          pthread_join(t, 0);
          assert(seen != 2);
          return 0;
        }
        """;

    [Fact]
    public void NondetValuesAreExploredEachOnce()
    {
        // Three values, and main reads before or after the write: six executions, none repeated.
        var r = Check(Nondet, "--", "-DRANGE=vrm_nondet_range(-1,1)");
        Assert.True(r.Verdict == "ok" && r.Out.Contains("Executions: 6 complete, 0 blocked", StringComparison.Ordinal), r.ToString());
    }

    [Fact]
    public void VerifierNondetIsZeroOrOne()
    {
        var r = Check(Nondet, "--", "-DRANGE=__VERIFIER_nondet_int()");
        Assert.True(r.Verdict == "ok" && r.Out.Contains("Executions: 4 complete", StringComparison.Ordinal), r.ToString());
    }

    [Fact]
    public void AValueFromTheRangeThatFailsIsFoundAndReplayed()
    {
        var r = Check(Nondet, "--", "-DRANGE=vrm_nondet_range(0,3)");
        Assert.Equal("assertion fails", r.Verdict);
        Assert.Contains("choose 2", r.Out, StringComparison.Ordinal);
        string replay = r.Out.Split('\n').First(l => l.StartsWith("Replay:", StringComparison.Ordinal)).Split("--replay ")[1].Trim();
        Assert.Contains("=2", replay, StringComparison.Ordinal);
        var again = Check(Nondet, "--replay", replay, "--", "-DRANGE=vrm_nondet_range(0,3)");
        Assert.Equal("assertion fails", again.Verdict);
    }

    [Fact]
    public void AnEmptyRangeDiscardsTheExecutionAndAHugeOneIsRefused()
    {
        var empty = Check("#include \"vrm.h\"\n#include <assert.h>\nint main(void)\n{\n  long v = vrm_nondet_range(3, 2);\n  assert(0);\n  return (int)v;\n}\n");
        Assert.True(empty.Verdict == "incomplete: no execution finishes" && empty.Out.Contains("0 complete, 1 blocked", StringComparison.Ordinal), empty.ToString());
        var huge = Check("#include \"vrm.h\"\nint main(void)\n{\n  return (int)vrm_nondet_range(0, 5000);\n}\n");
        Assert.Equal(1, huge.Code);
        Assert.Contains("p.c(4,15): error: vrm_nondet_range offers 5001 values: vrm explores each one, and takes at most 4096", huge.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void RelaxedModelsRefuseNondetValues()
    {
        var r = Check("""
            #include <pthread.h>
            #include "vrm.h"
            long x;
            static void *worker(void *arg) { (void)arg; x = vrm_nondet_range(0, 3); return 0; }
            int main(void)
            {
              pthread_t t;
              pthread_create(&t, 0, worker, 0);
              pthread_join(t, 0);
              return 0;
            }
            """, "--model", "arm");
        Assert.Equal(1, r.Code);
        Assert.Contains("p.c(4,49): error: vrm_nondet_range: --model arm does not explore nondeterministic values; use --model promising or sc", r.Err, StringComparison.Ordinal);
    }

    /// <summary>Promising branches over a nondeterministic value as SC does: every value is a final state.</summary>
    [Fact]
    public void PromisingExploresEveryNondeterministicValue()
    {
        var r = Check("""
            #include <pthread.h>
            #include "vrm.h"
            long x;
            static void *worker(void *arg) { (void)arg; x = vrm_nondet_range(0, 3); vrm_assert(x != 2); return 0; }
            int main(void)
            {
              pthread_t t;
              pthread_create(&t, 0, worker, 0);
              pthread_join(t, 0);
              return 0;
            }
            """, "--model", "promising");
        Assert.Equal(2, r.Code);
        Assert.Contains("Final states: 4", r.Out, StringComparison.Ordinal);
        Assert.Contains("x=2", r.Out, StringComparison.Ordinal);
    }

    /// <summary>Two threads count under a mutex; MISUSE swaps in a mistake.</summary>
    private const string Mutex = """
        #include <pthread.h>
        #include <assert.h>
        pthread_mutex_t lock;
        int count;
        static void *worker(void *arg)
        {
          (void)arg;
        #if MISUSE == 1
          pthread_mutex_unlock(&lock);
        #endif
          pthread_mutex_lock(&lock);
          count++;
          pthread_mutex_unlock(&lock);
          return 0;
        }
        int main(void)
        {
          pthread_t a, b;
          pthread_mutex_init(&lock, 0);
          pthread_create(&a, 0, worker, 0);
          pthread_create(&b, 0, worker, 0);
        #if MISUSE == 2
          pthread_mutex_destroy(&lock);
        #endif
          pthread_join(a, 0);
          pthread_join(b, 0);
          pthread_mutex_destroy(&lock);
          assert(count == 2);
          return 0;
        }
        """;

    [Fact]
    public void AMutexInitialisedByCallProtectsItsCounter()
    {
        var r = Check(Mutex, "--", "-DMISUSE=0");
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void UnlockByAThreadThatDoesNotHoldTheMutexIsMisuse()
    {
        var r = Check(Mutex, "--", "-DMISUSE=1");
        Assert.Equal("library misuse", r.Verdict);
        Assert.Equal(2, r.Code);
        Assert.Contains("p.c:9: error: pthread_mutex_unlock of a mutex this thread does not hold", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void UseAfterDestroyIsMisuse()
    {
        // main destroys the mutex while the workers may still use it: some order locks or unlocks a destroyed mutex.
        var r = Check(Mutex, "--", "-DMISUSE=2");
        Assert.Equal("library misuse", r.Verdict);
        Assert.Matches(@"error: pthread_mutex_(lock|unlock|destroy) of a (destroyed mutex|mutex that is held)", r.Out);
    }

    [Theory]
    [InlineData("pthread_mutex_destroy(&m);\n  pthread_mutex_lock(&m);", "p.c:6: error: pthread_mutex_lock of a destroyed mutex (pthread_mutex_init makes it usable again)")]
    [InlineData("pthread_mutex_lock(&m);\n  pthread_mutex_destroy(&m);", "p.c:6: error: pthread_mutex_destroy of a mutex that is held")]
    [InlineData("pthread_mutex_destroy(&m);\n  pthread_mutex_destroy(&m);", "p.c:6: error: pthread_mutex_destroy of a destroyed mutex (pthread_mutex_init makes it usable again)")]
    [InlineData("pthread_mutex_unlock(&m);\n  pthread_mutex_lock(&m);", "p.c:5: error: pthread_mutex_unlock of a mutex this thread does not hold")]
    public void MisuseInOneThread(string calls, string message)
    {
        var r = Check($$"""
            #include <pthread.h>
            pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
            int main(void)
            {
              {{calls}}
              return 0;
            }
            """);
        Assert.Equal("library misuse", r.Verdict);
        Assert.Contains(message, r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DestroyThenInitMakesAMutexUsableAgain()
    {
        var r = Check("""
            #include <pthread.h>
            pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
            int main(void)
            {
              pthread_mutex_destroy(&m);
              pthread_mutex_init(&m, 0);
              pthread_mutex_lock(&m);
              pthread_mutex_unlock(&m);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void TrylockTakesAFreeMutexAndReportsAHeldOneBusy()
    {
        // Whoever tries while the other holds the lock gets EBUSY and skips; the counter never races.
        var r = Check("""
            #include <pthread.h>
            #include <assert.h>
            pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
            int inside, busy;
            _Atomic int skipped;
            static void *worker(void *arg)
            {
              (void)arg;
              int e = pthread_mutex_trylock(&m);
              if (e == 0) {
                inside++;
                pthread_mutex_unlock(&m);
              } else {
                assert(e == 16);
                skipped++;
              }
              return 0;
            }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, worker, 0);
              pthread_create(&b, 0, worker, 0);
              pthread_join(a, 0);
              pthread_join(b, 0);
              assert(inside + skipped == 2);
              assert(skipped == 0);
              return 0;
            }
            """);
        // Both outcomes happen: the second assertion fails in the order where one thread is skipped.
        Assert.Equal("assertion fails", r.Verdict);
        Assert.Contains("assertion failed: skipped == 0", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void MisuseIsReportedOnTheRelaxedModelsToo()
    {
        var r = Check(Mutex, "--model", "promising", "--", "-DMISUSE=1");
        Assert.Equal("library misuse", r.Verdict);
        Assert.Contains("pthread_mutex_unlock of a mutex this thread does not hold", r.Out, StringComparison.Ordinal);
    }
}
