using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// The orders of a C compare-exchange under the happens-before race check. A failed exchange is a load of its
/// failure order: with a relaxed one it synchronises with nothing, so a thread that reads shared data after seeing
/// the flag through a failed exchange races with the writer. Before, the race check gave a failing exchange its
/// success order (CASA's acquire) and called such a program ok.
/// </summary>
public sealed class CompareExchangeOrderTests : IDisposable
{
    private readonly ScratchPrograms scratch = new();

    public void Dispose() => scratch.Dispose();

    private string Waiter(string failureOrder) => scratch.TwoThreads($$"""
        atomic_int ready;
        int payload;
        void *t1(void *arg) { payload = 7; atomic_store_explicit(&ready, 1, memory_order_release); return arg; }
        void *t2(void *arg)
        {
            int seen = 9; /* never there: the exchange fails and only reads */
            atomic_compare_exchange_strong_explicit(&ready, &seen, 3, memory_order_acq_rel, {{failureOrder}});
            if (seen == 1) { int v = payload; (void)v; }
            return arg;
        }
        """);

    [Fact]
    public void AFailedExchangeWithARelaxedFailureOrderDoesNotSynchronise() =>
        ScratchPrograms.Verdict(CheckRun.Run(Waiter("memory_order_relaxed")), "data race", "data race on payload");

    [Fact]
    public void AFailedExchangeWithAnAcquireFailureOrderSynchronises() =>
        ScratchPrograms.Verdict(CheckRun.Run(Waiter("memory_order_acquire")), "ok");

    /// <summary>A relaxed failure followed by an acquire fence synchronises, as any relaxed read does.</summary>
    [Fact]
    public void AnAcquireFenceAfterARelaxedFailureSynchronises()
    {
        var path = scratch.TwoThreads("""
            atomic_int ready;
            int payload;
            void *t1(void *arg) { payload = 7; atomic_store_explicit(&ready, 1, memory_order_release); return arg; }
            void *t2(void *arg)
            {
                int seen = 9;
                atomic_compare_exchange_strong_explicit(&ready, &seen, 3, memory_order_relaxed, memory_order_relaxed);
                atomic_thread_fence(memory_order_acquire);
                if (seen == 1) { int v = payload; (void)v; }
                return arg;
            }
            """);
        ScratchPrograms.Verdict(CheckRun.Run(path), "ok");
    }
}
