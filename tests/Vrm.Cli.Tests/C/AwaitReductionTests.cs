using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Await reads that commute with writes which leave them blocked (SourceDpor.Await.cs): the blocked executions they
/// save on lock programs, with every complete execution kept, and the bugs behind await loops still found.
/// </summary>
public sealed class AwaitReductionTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-await-");

    public void Dispose() => dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A main that starts <paramref name="n"/> workers, joins them and asserts each counted once.</summary>
    private static string MainOf(int n) => $$"""
        int main(void)
        {
            pthread_t t[{{n}}];
            for (int i = 0; i < {{n}}; i++)
                pthread_create(&t[i], 0, worker, 0);
            for (int i = 0; i < {{n}}; i++)
                pthread_join(t[i], 0);
            assert(counter == {{n}});
            return 0;
        }

        """;

    private const string Ticket = """
        #include <assert.h>
        #include <pthread.h>
        #include <stdatomic.h>
        atomic_uint next, owner;
        int counter;
        static void lock(void)
        {
            unsigned me = atomic_fetch_add_explicit(&next, 1, memory_order_relaxed);
            while (atomic_load_explicit(&owner, memory_order_acquire) != me)
                ;
        }
        static void unlock(void)
        {
            unsigned o = atomic_load_explicit(&owner, memory_order_relaxed);
            atomic_store_explicit(&owner, o + 1, memory_order_release);
        }
        void *worker(void *arg)
        {
            (void)arg;
            lock();
            counter++;
            unlock();
            return 0;
        }

        """;

    private const string Tas = """
        #include <assert.h>
        #include <pthread.h>
        #include <stdatomic.h>
        atomic_int locked;
        int counter;
        void *worker(void *arg)
        {
            (void)arg;
            while (atomic_exchange_explicit(&locked, 1, memory_order_acquire))
                while (atomic_load_explicit(&locked, memory_order_relaxed))
                    ;
            counter++;
            atomic_store_explicit(&locked, 0, memory_order_release);
            return 0;
        }

        """;

    // Without commuting await reads: 312 blocked executions (ticket lock) and 1,728 (test-and-test-and-set), as
    // many as the distinct blocked traces a brute-force count finds; GenMC reports 66 and 540 on such locks.
    [Theory]
    [InlineData("ticket", 3, 6, 12)]
    [InlineData("ticket", 4, 24, 72)]
    [InlineData("tas", 3, 6, 18)]
    [InlineData("tas", 4, 24, 168)]
    public void LocksExploreEveryOrderAndFewBlockedExecutions(string kind, int threads, int complete, int blocked)
    {
        var path = Write($"{kind}{threads}.c", (kind == "ticket" ? Ticket : Tas) + MainOf(threads));
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        Assert.Contains($"Executions: {complete} complete, {blocked} blocked\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>A waiter that reads "not yet" blocks once, not once per write that still says "not yet" (200 blocked executions before).</summary>
    [Fact]
    public void AWaiterBlocksOnceWhateverTheWritesItSeesGoBy()
    {
        var path = Write("counter.c", """
            #include <pthread.h>
            #include <stdatomic.h>
            atomic_int x;
            void *writer(void *arg)
            {
                for (int i = 1; i <= 200; i++)
                    atomic_store(&x, i);
                return arg;
            }
            void *waiter(void *arg)
            {
                while (atomic_load(&x) != 200)
                    ;
                return arg;
            }
            int main(void)
            {
                pthread_t a, b;
                pthread_create(&a, 0, writer, 0);
                pthread_create(&b, 0, waiter, 0);
                pthread_join(a, 0);
                pthread_join(b, 0);
                return 0;
            }

            """);
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        Assert.Contains("Executions: 1 complete, 1 blocked\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>A lock that tests, then sets: two threads can both see it free and both enter.</summary>
    [Fact]
    public void BrokenLockBehindAnAwaitLetsTwoThreadsIn()
    {
        var path = Write("test-then-set.c", """
            #include <assert.h>
            #include <pthread.h>
            #include <stdatomic.h>
            atomic_int locked, counter;
            void *worker(void *arg)
            {
                (void)arg;
                while (atomic_load(&locked))
                    ;
                atomic_store(&locked, 1);
                int c = atomic_load(&counter);
                atomic_store(&counter, c + 1);
                atomic_store(&locked, 0);
                return 0;
            }

            """ + MainOf(3));
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 2 && r.Verdict == "assertion fails", r.ToString());
        Assert.Contains("assertion failed: counter == 3", r.Out, StringComparison.Ordinal);
    }

    /// <summary>A worker that takes the ticket lock twice waits for its own second ticket forever.</summary>
    [Fact]
    public void RelockingATicketLockIsADeadlock()
    {
        var path = Write("relock.c", Ticket.Replace("    lock();\n    counter++;", "    lock();\n    lock();\n    counter++;", StringComparison.Ordinal) + MainOf(2));
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 2 && r.Verdict == "deadlock", r.ToString());
        Assert.Contains("cannot finish: its await loop reads only final values and would spin forever", r.Out, StringComparison.Ordinal);
    }

    /// <summary>Every thread waits for a flag no one sets: stuck whatever the order.</summary>
    [Fact]
    public void ThreadsAwaitingAFlagNoOneSetsDeadlock()
    {
        var path = Write("nobody.c", """
            #include <assert.h>
            #include <pthread.h>
            #include <stdatomic.h>
            atomic_int flag, counter;
            void *worker(void *arg)
            {
                (void)arg;
                atomic_fetch_add(&counter, 1);
                while (atomic_load_explicit(&flag, memory_order_acquire) != 1)
                    ;
                return 0;
            }

            """ + MainOf(3).Replace("assert(counter == 3);", "", StringComparison.Ordinal));
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 2 && r.Verdict == "deadlock", r.ToString());
    }

    /// <summary>
    /// The waiter's spinning reads race with the plain write before the release it waits for, although the read that
    /// lets it out acquires that release: the race is found in the order where a spin read meets the plain write.
    /// </summary>
    [Fact]
    public void PlainWriteBeforeTheAwaitedReleaseRaces()
    {
        var path = Write("plain-then-release.c", """
            #include <pthread.h>
            int x;
            void *setter(void *arg)
            {
                (void)arg;
                x = 5;
                __atomic_store_n(&x, 1, __ATOMIC_RELEASE);
                return 0;
            }
            void *waiter(void *arg)
            {
                (void)arg;
                while (__atomic_load_n(&x, __ATOMIC_ACQUIRE) != 1)
                    ;
                return 0;
            }
            int main(void)
            {
                pthread_t a, b;
                pthread_create(&a, 0, waiter, 0);
                pthread_create(&b, 0, setter, 0);
                pthread_join(a, 0);
                pthread_join(b, 0);
                return 0;
            }

            """);
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 2 && r.Verdict == "data race", r.ToString());
        Assert.Contains("data race on x", r.Out, StringComparison.Ordinal);
    }
}
