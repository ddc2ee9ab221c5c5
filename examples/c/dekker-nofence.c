// expect: holds
// expect(arm): assertion fails
/* Dekker's entry protocol without the fences: the store-buffering shape (SB).
 * Under SC one of the two stores comes first, so at least one thread sees the other's flag.
 * On Arm a store can wait in the store buffer while the later load reads the old value, so
 * both threads can see 0 and both enter: the assertion fails under Arm and Promising. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_int flag0, flag1;
int r0, r1; /* the flag each thread saw: 0 means it entered */

static void *t0(void *arg)
{
  (void)arg;
  atomic_store_explicit(&flag0, 1, memory_order_relaxed);
  r0 = atomic_load_explicit(&flag1, memory_order_relaxed);
  return 0;
}

static void *t1(void *arg)
{
  (void)arg;
  atomic_store_explicit(&flag1, 1, memory_order_relaxed);
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
