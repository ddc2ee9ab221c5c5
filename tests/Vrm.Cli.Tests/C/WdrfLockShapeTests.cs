using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Lock implementations the shipped examples do not use, as C: which access takes a lock and which gives it
/// back, where the barrier may sit, and a lock inside the object it protects. Each case came from a program
/// on which `vrm wdrf` once gave the wrong verdict.
/// </summary>
public sealed class WdrfLockShapeTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-wdrf-lock-");

    public void Dispose() => dir.Delete(recursive: true);

    private CheckRun.Result Wdrf(string text)
    {
        var path = Path.Combine(dir.FullName, "k.c");
        File.WriteAllText(path, "#include <pthread.h>\n#include <stdatomic.h>\n#include \"vrm.h\"\n" + text);
        return CheckRun.RunCommand("wdrf", path);
    }

    private static void Holds(CheckRun.Result r) => Assert.True(r.Code == 0 && r.Verdict.StartsWith("wDRF holds", StringComparison.Ordinal), r.ToString());

    private const string TwoCpus = """
        int main(void)
        {
          pthread_t a, b;
          pthread_create(&a, 0, cpu, (void *)0);
          pthread_create(&b, 0, cpu, (void *)1);
          pthread_join(a, 0);
          pthread_join(b, 0);
          return 0;
        }
        """;

    /// <summary>A test-and-set lock taken by a relaxed exchange; <paramref name="between"/> runs between the exchange and the hold.</summary>
    private static string TestAndSet(string between) => $$"""
        static _Atomic int lk;
        static _Atomic int online;
        static long counter;
        VRM_PROTECTS(lk, counter);
        static void *cpu(void *arg)
        {
          while (atomic_exchange_explicit(&lk, 1, memory_order_relaxed))
            ;
          {{between}}
          vrm_hold(&lk);
          counter = counter + 1;
          vrm_dsb();
          vrm_release(&lk);
          atomic_store_explicit(&lk, 0, memory_order_relaxed);
          return 0;
        }
        """ + TwoCpus;

    [Fact]
    public void AnAcquireOfAnotherVariableDoesNotTakeTheLock()
    {
        // It used to count as the lock's acquire: all five held, and Promising-Arm found counter=1 (exit 3).
        var r = Wdrf(TestAndSet("(void)atomic_load_explicit(&online, memory_order_acquire);"));
        Assert.True(r.Code == 2 && r.Verdict == "wDRF violated: No-Barrier-Misuse", r.ToString());
        Assert.Contains("after taking lock lk at k.c:", r.Out, StringComparison.Ordinal);
        Assert.Contains("counter=1", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ABarrierBetweenTheExchangeAndTheHoldSeparatesThem() => Holds(Wdrf(TestAndSet("vrm_dmb();")));

    [Fact]
    public void TheWordsOfALockInsideTheRecordItProtectsAreNotProtected()
    {
        // The ticket lock's second word (now) was read as protected memory: DRF-Kernel and No-Barrier-Misuse failed.
        Holds(Wdrf("""
            struct tlock { _Atomic unsigned next, now; };
            static struct vm_info { struct tlock lock; unsigned long state; } vm;
            VRM_PROTECTS(vm.lock, vm);
            static void *cpu(void *arg)
            {
              unsigned me = atomic_fetch_add_explicit(&vm.lock.next, 1, memory_order_relaxed);
              while (atomic_load_explicit(&vm.lock.now, memory_order_acquire) != me)
                ;
              vrm_hold(&vm.lock);
              vm.state = vm.state + 1;
              unsigned n = atomic_load_explicit(&vm.lock.now, memory_order_relaxed);
              vrm_release(&vm.lock);
              atomic_store_explicit(&vm.lock.now, n + 1, memory_order_release);
              return 0;
            }
            """ + TwoCpus));
    }

    [Fact]
    public void AWriteBetweenTheReleaseAnnotationAndTheReleaseStoreIsNotTheReleasingWrite()
    {
        Holds(Wdrf("""
            static _Atomic int lk;
            static long counter, releases[2];
            VRM_PROTECTS(lk, counter);
            static void *cpu(void *arg)
            {
              while (atomic_exchange_explicit(&lk, 1, memory_order_acquire))
                ;
              vrm_hold(&lk);
              counter = counter + 1;
              vrm_release(&lk);
              releases[(long)arg] = 1; /* this CPU's own slot */
              atomic_store_explicit(&lk, 0, memory_order_release);
              return 0;
            }
            """ + TwoCpus));
    }

    [Fact]
    public void ALockWhoseSizeTakesInMemoryItProtectsIsAnInputError()
    {
        // Naming the whole record as the lock would exempt its fields, as the lock's own words, from every check.
        var r = Wdrf("""
            static struct vm_info { pthread_mutex_t lock; unsigned long state; } vm;
            VRM_PROTECTS(vm, vm.state);
            static void *cpu(void *arg) { return arg; }
            """ + TwoCpus);
        Assert.True(r.Code == 1 && r.Out.Length == 0, r.ToString());
        Assert.Contains("VRM_PROTECTS(vm, vm.state): the lock's own memory", r.Err, StringComparison.Ordinal);
    }
}
