// expect: holds
/* A seqlock (as Linux's seqcount, with C11 fences): the writer makes the sequence odd, updates
 * the two fields, makes it even again; a reader that saw the same even sequence before and
 * after reading the fields got a consistent pair. The reader tries at most twice.
 * The fields are relaxed atomics, so the racing reads are not data races. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_uint seq;
atomic_int x, y; /* invariant: x == y outside the writer's update */

static void *writer(void *arg)
{
  (void)arg;
  unsigned s = atomic_load_explicit(&seq, memory_order_relaxed);
  atomic_store_explicit(&seq, s + 1, memory_order_relaxed); /* odd: update in progress */
  atomic_thread_fence(memory_order_release);                /* smp_wmb */
  atomic_store_explicit(&x, 1, memory_order_relaxed);
  atomic_store_explicit(&y, 1, memory_order_relaxed);
  atomic_store_explicit(&seq, s + 2, memory_order_release); /* smp_wmb; even again */
  return 0;
}

static void *reader(void *arg)
{
  (void)arg;
  for (int tries = 0; tries < 2; tries++) {
    unsigned s0 = atomic_load_explicit(&seq, memory_order_acquire);
    int a = atomic_load_explicit(&x, memory_order_relaxed);
    int b = atomic_load_explicit(&y, memory_order_relaxed);
    atomic_thread_fence(memory_order_acquire); /* smp_rmb */
    unsigned s1 = atomic_load_explicit(&seq, memory_order_relaxed);
    if (s0 == s1 && (s0 & 1) == 0) {
      assert(a == b); /* a successful read is consistent */
      return 0;
    }
  }
  return 0; /* gave up: the writer was busy both times */
}

int main(void)
{
  pthread_t w, r;
  pthread_create(&w, 0, writer, 0);
  pthread_create(&r, 0, reader, 0);
  pthread_join(w, 0);
  pthread_join(r, 0);
  return 0;
}
