// expect: holds
// expect(promising): holds
/* SeKVM's ticket lock refines an atomic lock: acquire takes effect only when the lock is free, release only when
 * it is held. With -DBUG_NO_WAIT acquire does not wait for its turn: two CPUs hold the lock at once, which no
 * order of atomic acquires and releases explains (not linearizable). The critical section must do something
 * visible: with nothing between acquire's return and release's call, no other CPU can act in between, and the
 * history of a lock used that way says nothing about exclusion. */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

struct ticket_lock { _Atomic unsigned next, now; };
static struct ticket_lock lock;
static _Atomic long entries; /* the critical section's work: a visible step while the lock is held */
static long held;             /* the atomic lock's state */

static void acquire_lock(struct ticket_lock *l)
{
  unsigned me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
#ifndef BUG_NO_WAIT
  while (atomic_load_explicit(&l->now, memory_order_relaxed) != me)
    ;
#endif
  vrm_dsb();
  vrm_isb();
}

static void release_lock(struct ticket_lock *l)
{
  vrm_dsb();
  atomic_store_explicit(&l->now, atomic_load_explicit(&l->now, memory_order_relaxed) + 1, memory_order_relaxed);
}

static void spec_acquire(struct ticket_lock *l)
{
  vrm_assume(!held);
  held = 1;
}

static void spec_release(struct ticket_lock *l)
{
  vrm_assume(held);
  held = 0;
}

VRM_SPEC(acquire_lock, spec_acquire);
VRM_SPEC(release_lock, spec_release);

static void *cpu(void *arg)
{
  acquire_lock(&lock);
  atomic_fetch_add_explicit(&entries, 1, memory_order_relaxed);
  release_lock(&lock);
  return 0;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, cpu, 0);
  pthread_create(&b, 0, cpu, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
