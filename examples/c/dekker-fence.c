// expect: holds
/* Dekker's entry protocol: raise my flag, then look at the other's; a thread that sees the
 * other's flag down may enter. The seq_cst fences (DMB ISH on Arm) between the store and the
 * load forbid both threads seeing 0, so at most one enters: ok under SC, Arm and Promising. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_int flag0, flag1;
int r0, r1; /* the flag each thread saw: 0 means it entered */

static void *t0(void *arg)
{
  (void)arg;
  atomic_store_explicit(&flag0, 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_seq_cst);
  r0 = atomic_load_explicit(&flag1, memory_order_relaxed);
  return 0;
}

static void *t1(void *arg)
{
  (void)arg;
  atomic_store_explicit(&flag1, 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_seq_cst);
  r1 = atomic_load_explicit(&flag0, memory_order_relaxed);
  return 0;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, t0, 0);
  pthread_create(&b, 0, t1, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  assert(!(r0 == 0 && r1 == 0)); /* not both in the critical section */
  return 0;
}
