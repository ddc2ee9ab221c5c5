/* sm.h: semaphores. up and down take the semaphore's lock; a down on zero enqueues its CPU and blocks
 * (spinning on its own wake-up flag, still inside its hypercall) until an up hands it the count. */
#ifndef NOVA_SM_H
#define NOVA_SM_H

#include "kobj.h"

static _Atomic long woken[NCPU];

static void sm_up(long o)
{
  struct kobj *sm = &pool[o];
#ifdef BUG_LOST_WAKEUP
  /* A fast path: no waiter, so no lock needed to count the up. The waiter may enqueue right after. */
  if (LOAD(&sm->waiters, MO_RLX) == 0) {
    atomic_fetch_add_explicit(&sm->count, 1, MO_RLX);
    return;
  }
#endif
  spin_lock(&sm->lock);
  long w = LOAD(&sm->waiters, MO_RLX);
  if (w) {
    long c = 0;
    for (long i = NCPU - 1; i >= 0; i--)
      if (w >> i & 1)
        c = i;
    STORE(&sm->waiters, w & ~(1L << c), MO_RLX);
    STORE(&woken[c], 1, MO_REL); /* the count goes straight to the waiter */
  } else {
    STORE(&sm->count, LOAD(&sm->count, MO_RLX) + 1, MO_RLX);
  }
  spin_unlock(&sm->lock);
}

static void sm_down(long o, long cpu)
{
  struct kobj *sm = &pool[o];
  spin_lock(&sm->lock);
  long n = LOAD(&sm->count, MO_RLX);
  if (n > 0) {
    STORE(&sm->count, n - 1, MO_RLX);
    spin_unlock(&sm->lock);
    return;
  }
  STORE(&woken[cpu], 0, MO_RLX);
  STORE(&sm->waiters, LOAD(&sm->waiters, MO_RLX) | 1L << cpu, MO_RLX);
  spin_unlock(&sm->lock);
  while (!LOAD(&woken[cpu], MO_ACQ))
    ;
}

#endif
