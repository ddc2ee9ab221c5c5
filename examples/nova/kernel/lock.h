/* lock.h: the kernel's spinlock (a swap loop, acquire on success, release store to unlock). vrm_hold and
 * vrm_release tell vrm when a CPU holds a lock: invariants are checked at the states where none is held. */
#ifndef NOVA_LOCK_H
#define NOVA_LOCK_H

#include "config.h"

typedef _Atomic long spinlock_t;

static void spin_lock(spinlock_t *l)
{
  while (atomic_exchange_explicit(l, 1, MO_ACQ) != 0)
    ;
  vrm_hold((void *)l);
}

static void spin_unlock(spinlock_t *l)
{
  vrm_release((void *)l);
  STORE(l, 0, MO_REL);
}

#endif
