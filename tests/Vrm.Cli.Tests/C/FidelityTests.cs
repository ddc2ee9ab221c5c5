using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// C programs mean what their source says. Each test is a class of program that clang's -O1 pipeline once
/// changed (a global made a stack slot, a load hoisted above an acquire, racy reads and stores deleted, a
/// global narrowed to i1), or a C feature vrm once modelled wrongly (address-taken locals and thread-local
/// variables shared by every thread, counted loops cut at --unroll, an incomplete run that exited 0).
/// </summary>
public sealed class FidelityTests : CProgramTests
{
    private const string Spawn2 = """
        int main(void)
        {
          pthread_t a, b;
          pthread_create(&a, 0, worker, 0);
          pthread_create(&b, 0, worker, 0);
          pthread_join(a, 0);
          pthread_join(b, 0);
          return 0;
        }
        """;

    [Fact]
    public void StaticGlobalOfTheThreadFunctionIsSharedAndRacesAtItsLine()
    {
        var r = Check("""
            #include <pthread.h>
            static int turn;
            static void *worker(void *arg)
            {
              (void)arg;
              turn = turn + 1;
              return 0;
            }
            """ + Spawn2);
        Assert.Equal("data race", r.Verdict);
        Assert.Contains("p.c:6: error: data race on turn:", r.Out, StringComparison.Ordinal);
        Assert.Equal(2, r.Code);
    }

    [Fact]
    public void PlainReadGuardedByAcquireIsNotARace()
    {
        var r = Check("""
            #include <pthread.h>
            #include <stdatomic.h>
            #include <assert.h>
            int data;
            atomic_int flag;
            static void *writer(void *arg) { (void)arg; data = 42; atomic_store_explicit(&flag, 1, memory_order_release); return 0; }
            static void *reader(void *arg)
            {
              (void)arg;
              int seen = 0;
              if (atomic_load_explicit(&flag, memory_order_acquire))
                seen = data;
              assert(seen == 0 || seen == 42);
              return 0;
            }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, writer, 0);
              pthread_create(&b, 0, reader, 0);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """);
        Assert.Equal("ok", r.Verdict);
        Assert.Equal(0, r.Code);
    }

    [Fact]
    public void UnusedRacyReadIsStillARace()
    {
        var r = Check("""
            #include <pthread.h>
            int flag;
            static void *writer(void *arg) { (void)arg; flag = 1; return 0; }
            static void *reader(void *arg) { (void)arg; int unused = flag; (void)unused; return 0; }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, writer, 0);
              pthread_create(&b, 0, reader, 0);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """);
        Assert.Equal("data race", r.Verdict);
        Assert.Contains("data race on flag", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void RacyStoresToANeverReadGlobalAreARace()
    {
        var r = Check("""
            #include <pthread.h>
            int written;
            static void *worker(void *arg) { (void)arg; written = 1; return 0; }
            """ + Spawn2);
        Assert.Equal("data race", r.Verdict);
        Assert.Contains("data race on written", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DoubleCheckedInitialisationWithPlainFlagRaces()
    {
        var r = Check("""
            #include <pthread.h>
            int ready;
            int value;
            static void *worker(void *arg)
            {
              (void)arg;
              if (!ready) {
                value = 7;
                ready = 1;
              }
              return 0;
            }
            """ + Spawn2);
        Assert.Equal("data race", r.Verdict);
    }

    [Fact]
    public void AGlobalWithTwoValuesIsShownWithItsRealValue()
    {
        var r = Check("""
            #include <pthread.h>
            int data;
            static void *writer(void *arg) { (void)arg; data = 42; return 0; }
            static void *reader(void *arg) { (void)arg; return (void *)(long)data; }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, writer, 0);
              pthread_create(&b, 0, reader, 0);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """);
        Assert.Equal("data race", r.Verdict);
        Assert.Contains("write data = 42", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AddressTakenLocalsArePerThread()
    {
        // Each thread's volatile counter and its array indexed through memory are its own: no race, no failure.
        var r = Check("""
            #include <pthread.h>
            #include <assert.h>
            static void bump(volatile int *c) { *c = *c + 1; }
            static void *worker(void *arg)
            {
              volatile int count = 0;
              int slots[3] = { 0, 0, 0 };
              int *p = slots;
              for (int i = 0; i < 3; i++) {
                bump(&count);
                p[i] = count;
              }
              assert(count == 3 && slots[2] == 3);
              return arg;
            }
            """ + Spawn2);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void ThreadLocalVariablesArePerThread()
    {
        var r = Check("""
            #include <pthread.h>
            #include <assert.h>
            __thread int tid;
            _Thread_local int calls = 5;
            static void *worker(void *arg)
            {
              tid = (int)(long)arg;
              calls++;
              assert(tid == (int)(long)arg && calls == 6);
              return 0;
            }
            int main(void)
            {
              pthread_t a, b;
              tid = 9;
              pthread_create(&a, 0, worker, (void *)1L);
              pthread_create(&b, 0, worker, (void *)2L);
              pthread_join(a, 0);
              pthread_join(b, 0);
              assert(tid == 9 && calls == 5);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void ACountedLoopOfSpawnsRunsToCompletion()
    {
        // Six threads from one pthread_create site in a loop: more than --unroll, and more frames than one call site asks for.
        var r = Check("""
            #include <pthread.h>
            #include <stdatomic.h>
            #include <assert.h>
            #define N 6
            atomic_int done;
            static void *worker(void *arg) { int mine = (int)(long)arg; atomic_fetch_add(&done, mine > 0); return 0; }
            int main(void)
            {
              pthread_t t[N];
              for (int i = 0; i < N; i++)
                pthread_create(&t[i], 0, worker, (void *)(long)(i + 1));
              for (int i = 0; i < N; i++)
                pthread_join(t[i], 0);
              assert(done == N);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok" && r.Code == 0, r.ToString());
    }

    [Fact]
    public void ALoopThatReadsSharedMemoryIsStillBounded()
    {
        var r = Check("""
            #include <pthread.h>
            #include <stdatomic.h>
            atomic_int n;
            static void *worker(void *arg)
            {
              (void)arg;
              for (int i = 0; i < atomic_load(&n); i++)
                atomic_fetch_add(&n, 1);
              return 0;
            }
            int main(void)
            {
              pthread_t a;
              atomic_store(&n, 1);
              pthread_create(&a, 0, worker, 0);
              pthread_join(a, 0);
              return 0;
            }
            """, "--unroll", "2");
        Assert.Equal("incomplete: loop bound", r.Verdict);
        Assert.Equal(4, r.Code);
    }

    [Fact]
    public void ALoopLeftByABranchOnSharedMemoryIsStillBounded()
    {
        // The exit test reads only i, but a break decided by a read ends the loop too: it is no counted loop.
        var r = Check("""
            #include <pthread.h>
            #include <stdatomic.h>
            atomic_int stop;
            int main(void)
            {
              for (int i = 0; i < 10; i++) {
                if (atomic_load(&stop))
                  break;
              }
              return 0;
            }
            """, "--unroll", "2");
        Assert.Equal("incomplete: loop bound", r.Verdict);
    }

    [Fact]
    public void LocalArraysAndStructsAreInitialisedAndCopiedFieldByField()
    {
        // -O0 initialises a local from a constant (memcpy from @__const) and copies structs with memcpy.
        var r = Check("""
            #include <assert.h>
            struct pair { int a; long b; };
            struct pair shared;
            int main(void)
            {
              char word[3] = "ab";
              int zeros[4] = { 0 };
              struct pair p = { 3, 40 };
              shared = p;
              struct pair q = shared;
              assert(word[1] == 'b' && word[2] == 0 && zeros[3] == 0 && q.a == 3 && q.b == 40);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void NoFinishedExecutionIsIncompleteNotOk()
    {
        var r = Check("""
            extern void __VERIFIER_assume(int);
            int main(void) { __VERIFIER_assume(0); return 0; }
            """);
        Assert.Equal("incomplete: no execution finishes", r.Verdict);
        Assert.Equal(4, r.Code);
    }

    [Fact]
    public void IncompleteFolderRunIsNotOk()
    {
        File.WriteAllText(Path.Combine(Folder, "a.c"), "int main(void) { return 0; }\n");
        File.WriteAllText(Path.Combine(Folder, "b.c"), "extern void __VERIFIER_assume(int);\nint main(void) { __VERIFIER_assume(0); return 0; }\n");
        var r = CheckRun.Run(Folder);
        Assert.Equal(4, r.Code);
    }
}
