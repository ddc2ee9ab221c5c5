// expect: deadlock
/* A CPU that waits for a flag only one outcome of a race sets: cpu1 waits for `go` when it reads
 * `ready == 0`, and cpu2 sets `ready` but never `go`. When cpu1 reads 0 (SC: cpu1 runs first; Arm
 * and Promising: also when cpu2's store is not yet visible) it spins for ever; when it reads 1 it
 * finishes. The execution that finishes has a final state and passes every assertion: the stuck
 * one has none, and a relaxed model that dropped it would call the program ok. */
#include <pthread.h>
#include <stdatomic.h>

atomic_int ready, go;

static void *cpu1(void *arg)
{
    if (atomic_load_explicit(&ready, memory_order_acquire) == 0)
        while (!atomic_load_explicit(&go, memory_order_acquire))
            ;
    return arg;
}

static void *cpu2(void *arg)
{
    atomic_store_explicit(&ready, 1, memory_order_release);
    return arg;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, 0, cpu1, 0);
    pthread_create(&t2, 0, cpu2, 0);
    pthread_join(t1, 0);
    pthread_join(t2, 0);
    return 0;
}
