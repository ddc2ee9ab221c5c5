// expect: holds
// expect(promising): holds
/* A counter behind a ticket lock refines an atomic counter: inc returns the value before its increment. With
 * -DBUG_LOST_UPDATE the increment is a plain read and a plain write outside the lock: two calls can both
 * return 0, which no order of atomic increments gives (not linearizable). With -DBUG_RELAXED_LOCK the lock's
 * acquire and release are relaxed (the counter is read and written once, as a kernel's READ_ONCE/WRITE_ONCE, so
 * no access races): the lock still excludes on SC, where every history is linearizable, but on Arm the counter's
 * write can become visible after the release, and the next holder reads the old value. */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

struct ticket_lock { _Atomic unsigned next, now; };
static struct ticket_lock lock;
static long counter;
static long spec_counter; /* the abstract state: what the specification sees */

#ifdef BUG_RELAXED_LOCK
#define LOCK_ACQUIRE memory_order_relaxed
#define LOCK_RELEASE memory_order_relaxed
#else
#define LOCK_ACQUIRE memory_order_acquire
#define LOCK_RELEASE memory_order_release
#endif

static void acquire(struct ticket_lock *l)
{
  unsigned me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&l->now, LOCK_ACQUIRE) != me)
    ;
}

static void release(struct ticket_lock *l)
{
  atomic_store_explicit(&l->now, atomic_load_explicit(&l->now, memory_order_relaxed) + 1, LOCK_RELEASE);
}

static long inc(void)
{
#ifdef BUG_LOST_UPDATE
  long old = vrm_read_once(counter);
  vrm_write_once(counter, old + 1);
#elif defined(BUG_RELAXED_LOCK)
  acquire(&lock);
  long old = vrm_read_once(counter);
  vrm_write_once(counter, old + 1);
  release(&lock);
#else
  acquire(&lock);
  long old = counter;
  counter = old + 1;
  release(&lock);
#endif
  return old;
}

static long spec_inc(void)
{
  return spec_counter++;
}
VRM_SPEC(inc, spec_inc);

static void *worker(void *arg)
{
  inc();
  return 0;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
