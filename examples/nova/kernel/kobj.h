/* kobj.h: kernel objects, their reference counts, and RCU, which defers freeing an object until every CPU
 * that may have found it through a capability has left the kernel.
 *
 * An object's reference count is the number of capability slots that name it (kept under the mapping
 * database's lock, cap.h). Lookups take no reference: a hypercall runs as an RCU read-side section, and the
 * revoke that drops the last reference waits for a grace period (every other CPU outside the kernel, or
 * through it once) before it frees the object. Objects live in a fixed pool (type-stable memory, as slab
 * objects): freeing marks the entry FREE and bumps its generation, so a use after free is seen as a changed
 * generation (obj_alive). */
#ifndef NOVA_KOBJ_H
#define NOVA_KOBJ_H

#include "lock.h"

#define FREE 0
#define LIVE 1

struct kobj {
  _Atomic long state; /* FREE or LIVE */
  _Atomic long refs;  /* capability slots naming it */
  _Atomic long gen;   /* bumped at every free */
  long kind;          /* written before the object is published, constant while LIVE */
  long id;            /* PT: the portal id; PD: the protection domain's number */
  spinlock_t lock;    /* SM: guards count and waiters */
  _Atomic long count; /* SM: the counter */
  _Atomic long waiters; /* SM: one bit per CPU blocked in down */
};

static struct kobj pool[NOBJ];

/* ---- RCU: a per-CPU counter, odd while the CPU runs a hypercall ---- */

static _Atomic long rcu_ctr[NCPU];

static void rcu_enter(long cpu)
{
  STORE(&rcu_ctr[cpu], LOAD(&rcu_ctr[cpu], MO_RLX) + 1, MO_RLX);
  FENCE(MO_SC); /* the counter before every lookup: against the revoker's store then load (rcu_sync) */
}

static void rcu_exit(long cpu)
{
  STORE(&rcu_ctr[cpu], LOAD(&rcu_ctr[cpu], MO_RLX) + 1, MO_REL);
}

/* Waits until every other CPU that was in a hypercall has left it: no CPU can still use what it found
 * before the caller's last change to the capability spaces. */
static void rcu_sync(long self)
{
  FENCE(MO_SC);
  for (long c = 0; c < NCPU; c++) {
    if (c == self)
      continue;
    long v = LOAD(&rcu_ctr[c], MO_ACQ);
    if (v & 1)
      while (LOAD(&rcu_ctr[c], MO_ACQ) == v)
        ;
  }
}

/* ---- Reference counts ---- */

static void obj_get(long o)
{
  atomic_fetch_add_explicit(&pool[o].refs, 1, MO_RLX);
}

/* Drops one reference; true when it was the last. */
static int obj_put(long o)
{
  return atomic_fetch_sub_explicit(&pool[o].refs, 1, MO_AR) == 1;
}

static void obj_free(long o)
{
  atomic_fetch_add_explicit(&pool[o].gen, 1, MO_RLX);
  STORE(&pool[o].state, FREE, MO_REL);
}

/* A free pool entry (under the mapping database's lock, which serialises allocation), or -1. */
static long obj_alloc(void)
{
  long found = -1;
  for (long o = NOBJ - 1; o >= 0; o--)
    if (LOAD(&pool[o].state, MO_ACQ) == FREE)
      found = o;
  return found;
}

/* Makes entry o a LIVE object with one reference (the slot the caller installs next). */
static void obj_init(long o, long kind, long value)
{
  pool[o].kind = kind;
  pool[o].id = kind == K_SM ? 0 : value;
  STORE(&pool[o].count, kind == K_SM ? value : 0, MO_RLX);
  STORE(&pool[o].waiters, 0, MO_RLX);
  STORE(&pool[o].refs, 1, MO_RLX);
  STORE(&pool[o].state, LIVE, MO_REL);
}

/* Use-after-free check: the object a CPU found (with generation gen) is still that object. */
static int obj_alive(long o, long gen)
{
  return LOAD(&pool[o].state, MO_ACQ) == LIVE && LOAD(&pool[o].gen, MO_ACQ) == gen;
}

#endif
