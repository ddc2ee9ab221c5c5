using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// The compare-exchange retry loop, <c>while (!atomic_compare_exchange_strong(&amp;l, &amp;expected, 1)) expected = 0;</c>:
/// the failed exchange writes the old value into <c>expected</c> and the retry puts back the value the loop was
/// entered with, so an iteration that changed no memory would be repeated exactly and the loop is an await loop.
/// Before, the write to <c>expected</c> counted as a value carried to the next iteration, and every lock written
/// this way (GenMC's barrier and lock tests among them) ended in <c>incomplete: loop bound</c>.
/// </summary>
public sealed class CasRetryAwaitTests : IDisposable
{
    private readonly ScratchPrograms scratch = new();

    public void Dispose() => scratch.Dispose();

    private string Lock(string worker) => scratch.Write("cas-retry.c", $$"""
        #include <assert.h>
        #include <pthread.h>
        #include <stdatomic.h>
        atomic_int lock;
        int counter;
        {{worker}}
        int main(void)
        {
            pthread_t t[3];
            for (int i = 0; i < 3; i++)
                pthread_create(&t[i], 0, worker, 0);
            for (int i = 0; i < 3; i++)
                pthread_join(t[i], 0);
            assert(counter == 3);
            return 0;
        }
        """);

    [Fact]
    public void ALockThatResetsTheExpectedValueIsAnAwaitLoop()
    {
        var r = CheckRun.Run(Lock("""
            void *worker(void *arg)
            {
                int expected = 0;
                while (!atomic_compare_exchange_strong(&lock, &expected, 1))
                    expected = 0;
                counter++;
                atomic_store(&lock, 0);
                return arg;
            }
            """));
        ScratchPrograms.Verdict(r, "ok", "Await loop at cas-retry.c:9 in worker");
    }

    [Fact]
    public void ReleasingBeforeTheCriticalSectionStillRaces() =>
        ScratchPrograms.Verdict(CheckRun.Run(Lock("""
            void *worker(void *arg)
            {
                int expected = 0;
                while (!atomic_compare_exchange_strong(&lock, &expected, 1))
                    expected = 0;
                atomic_store(&lock, 0);
                counter++;
                return arg;
            }
            """)), "data race", "data race on counter");

    [Fact]
    public void TakingTheLockTwiceIsADeadlock() =>
        ScratchPrograms.Verdict(CheckRun.Run(Lock("""
            static void take(void) { int e = 0; while (!atomic_compare_exchange_strong(&lock, &e, 1)) e = 0; }
            void *worker(void *arg)
            {
                take();
                take();
                counter++;
                atomic_store(&lock, 0);
                return arg;
            }
            """)), "deadlock", "would spin forever");

    /// <summary>The loop is entered expecting 5, retried expecting 0: the first failure says nothing of the second attempt.</summary>
    [Fact]
    public void AnEntryValueOtherThanTheRetrysIsCarried()
    {
        var path = scratch.TwoThreads("""
            #include <assert.h>
            atomic_int lock;
            void *t1(void *arg)
            {
                int expected = 5;
                while (!atomic_compare_exchange_strong(&lock, &expected, 1))
                    expected = 0;
                assert(0);
                return arg;
            }
            void *t2(void *arg) { return arg; }
            """);
        ScratchPrograms.Verdict(CheckRun.Run(path), "assertion fails", "assertion failed: 0");
    }
}
