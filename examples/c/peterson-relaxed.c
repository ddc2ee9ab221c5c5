// expect: holds
// expect(arm): assertion fails
/* Peterson's lock with relaxed atomics and no fences: correct under SC, broken on Arm.
 * On Arm each thread's store of its flag can be overtaken by its later load of the other flag
 * (the store-buffering shape), so both threads can enter the critical section.
 * The counter is a relaxed atomic read then written (not an RMW): the program has no data race
 * in any model, and two threads inside the critical section at once lose an increment. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_int flag[2];
atomic_int turn;
atomic_int counter;

static void lock(int me)
{
  int other = 1 - me;
  atomic_store_explicit(&flag[me], 1, memory_order_relaxed);
  atomic_store_explicit(&turn, other, memory_order_relaxed);
  while (atomic_load_explicit(&flag[other], memory_order_relaxed) == 1 &&
         atomic_load_explicit(&turn, memory_order_relaxed) == other)
    ; /* await */
}

static void unlock(int me)
{
  atomic_store_explicit(&flag[me], 0, memory_order_relaxed);
}

static void critical(int me)
{
  lock(me);
  int c = atomic_load_explicit(&counter, memory_order_relaxed);
  atomic_store_explicit(&counter, c + 1, memory_order_relaxed);
  unlock(me);
}

static void *t0(void *arg)
{
  (void)arg;
  critical(0);
  return 0;
}

static void *t1(void *arg)
{
  (void)arg;
  critical(1);
  return 0;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, t0, 0);
  pthread_create(&b, 0, t1, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  /* fails on Arm: both threads read counter == 0 inside the critical section */
  assert(atomic_load_explicit(&counter, memory_order_relaxed) == 2);
  return 0;
}
