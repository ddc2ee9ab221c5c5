// expect: deadlock
/* Two spinlocks taken in opposite orders (the ABBA bug lockdep warns about): CPU 1 holds `a` and
 * spins on `b` while CPU 2 holds `b` and spins on `a`. Neither lock is ever freed, so both CPUs spin
 * for ever: each await loop reads only the final value of its lock. Every model reports the deadlock
 * (the relaxed ones from the executions in which both exchanges won, which have no final state). */
#include <pthread.h>
#include <stdatomic.h>

atomic_int a, b;
int shared;

static void lock(atomic_int *l)
{
    while (atomic_exchange_explicit(l, 1, memory_order_acquire))
        ;
}

static void unlock(atomic_int *l) { atomic_store_explicit(l, 0, memory_order_release); }

static void *cpu1(void *arg)
{
    lock(&a);
    lock(&b);
    shared++;
    unlock(&b);
    unlock(&a);
    return arg;
}

static void *cpu2(void *arg)
{
    lock(&b);
    lock(&a);
    shared++;
    unlock(&a);
    unlock(&b);
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
