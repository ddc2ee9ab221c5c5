// expect: linearizable
/* r1-ticket-lock: KCore's ticket lock (core/locks.h, SeKVM layers 1-3) refines an atomic lock, as SeKVM's
 * LockOps -> LockOpsQ -> LockOpsH refinement proves: wait_lock takes effect only when the lock is free and
 * pass_lock only when it is held.
 *
 * Two CPUs each take the CORE lock, count an entry in the critical section (a visible step: without one the
 * history says nothing about exclusion) and release it. Every complete SC execution's history of
 * wait_lock/pass_lock calls must be explained by an atomic lock.
 * With -DBUG_LOCK_SPIN_BUDGET wait_lock gives up waiting after two looks at `now` and goes in anyway: both CPUs
 * hold the lock at once, which no order of atomic acquires and releases explains.
 */
#include "core/kcore.h"

static long spec_held; /* the atomic lock (LockOpsH's hlock): the specification's own state */

static void spec_wait_lock(struct ticket_lock *lk)
{
  vrm_assume(!spec_held);
  spec_held = 1;
}

static void spec_pass_lock(struct ticket_lock *lk)
{
  vrm_assume(spec_held);
  spec_held = 0;
}

VRM_SPEC(wait_lock, spec_wait_lock);
VRM_SPEC(pass_lock, spec_pass_lock);

static _Atomic long entries; /* the critical section's visible work (atomic: a broken lock shows as a history, not a race) */

static void *cpu(void *arg)
{
  acquire_lock_core();
  atomic_fetch_add_explicit(&entries, 1, memory_order_relaxed);
  release_lock_core();
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
