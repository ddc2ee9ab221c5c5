// Inputs written by a thread (so clang cannot fold them), atomic counters whose returned values must be
// distinct, and an atomic maximum kept by a CAS loop.
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

int8_t in8;
uint16_t in16;
int32_t in32;
atomic_int counter;
atomic_int maximum = -50;
int seen[2];

static void atomic_max(atomic_int *m, int v)
{
    int old = atomic_load_explicit(m, memory_order_relaxed);
    while (old < v && !atomic_compare_exchange_strong(m, &old, v)) {
    }
}

void *setter(void *arg)
{
    (void)arg;
    in8 = -100;
    in16 = 40000;
    in32 = -123456;
    return 0;
}

void *worker(void *arg)
{
    intptr_t id = (intptr_t)arg;
    int mask = 1 << atomic_fetch_add(&counter, 1);
    mask |= 1 << atomic_fetch_add(&counter, 1);
    seen[id] = mask;
    atomic_max(&maximum, (int)id * 30 - 20);
    return 0;
}

int main(void)
{
    pthread_t s, t0, t1;
    pthread_create(&s, 0, setter, 0);
    pthread_join(s, 0);
    assert((int8_t)(in8 + in8) == 56);
    assert((int32_t)in8 * 3 == -300);
    assert((uint16_t)(in16 * 2) == 14464);
    assert(in16 / 7 == 5714 && in16 % 7 == 2);
    assert(in32 / 1000 == -123 && in32 % 1000 == -456);
    assert((uint32_t)in32 >> 28 == 15);
    assert((int16_t)in32 == 7616);
    assert(in8 < in16 && (uint8_t)in8 == 156);

    pthread_create(&t0, 0, worker, (void *)0);
    pthread_create(&t1, 0, worker, (void *)1);
    pthread_join(t0, 0);
    pthread_join(t1, 0);
    assert((seen[0] | seen[1]) == 15);
    assert((seen[0] & seen[1]) == 0);
    assert(atomic_load(&counter) == 4);
    assert(atomic_load(&maximum) == 10);
#ifdef WRONG
    assert(atomic_load(&maximum) == -20);
#endif
    return 0;
}
