// expect: holds
/* examples/refinement/ticket-lock.c scaled up for bench/README.md ("Noninterference and refinement"): THREADS
 * CPUs (default 3) each take and give back SeKVM's ticket lock CALLS times (default 2), which must refine an
 * atomic lock. Build the sizes with -DTHREADS=N -DCALLS=M. */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

#ifndef THREADS
#define THREADS 3
#endif
#ifndef CALLS
#define CALLS 2
#endif

struct ticket_lock { _Atomic unsigned next, now; };
static struct ticket_lock lock;
static _Atomic long entries;
static long held;

static void acquire_lock(struct ticket_lock *l)
{
  unsigned me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&l->now, memory_order_relaxed) != me)
    ;
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
  for (int i = 0; i < CALLS; i++) {
    acquire_lock(&lock);
    atomic_fetch_add_explicit(&entries, 1, memory_order_relaxed);
    release_lock(&lock);
  }
  return 0;
}

int main(void)
{
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&t[i], 0, cpu, 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], 0);
  return 0;
}
