/* inv.h: the kernel's invariants, which vrm checks at every state where no CPU holds a lock. */
#ifndef NOVA_INV_H
#define NOVA_INV_H

#include "cap.h"

/* Reference counts: a LIVE object's count is the number of slots that name it; a FREE object has no
 * reference and no slot names it (no capability outlives its object). */
static int inv_refcounts(void)
{
  int ok = 1;
  for (long o = 0; o < NOBJ; o++) {
    long n = 0;
    for (long s = 0; s < NSLOT; s++)
      if (LOAD(&SLOT(s)->perm, MO_RLX) && LOAD(&SLOT(s)->obj, MO_RLX) == o)
        n++;
    long refs = LOAD(&pool[o].refs, MO_RLX);
    if (LOAD(&pool[o].state, MO_RLX) == LIVE ? refs != n : (refs != 0 || n != 0))
      ok = 0;
  }
  return ok;
}
VRM_INVARIANT(inv_refcounts);

/* No permission amplification: a delegated capability names its parent's object, with a subset of its
 * permissions, and its parent is still there (revoke removes children with their parent). */
static int inv_no_amplification(void)
{
  int ok = 1;
  for (long s = 0; s < NSLOT; s++) {
    long p = LOAD(&SLOT(s)->perm, MO_RLX), parent = SLOT(s)->parent;
    if (p && parent) {
      struct slot *ps = SLOT(parent - 1);
      long pp = LOAD(&ps->perm, MO_RLX);
      if (!pp || LOAD(&ps->obj, MO_RLX) != LOAD(&SLOT(s)->obj, MO_RLX) || (p & ~pp))
        ok = 0;
    }
  }
  return ok;
}
VRM_INVARIANT(inv_no_amplification);

#endif
