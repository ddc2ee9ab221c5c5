/* cap.h: capability spaces and the mapping database.
 *
 * Every PD has NSEL slots. A slot holds a capability: an object (a pool index) and permission bits (0: the
 * slot is empty), and the slot it was delegated from (its parent in the delegation tree; 0 for the slot an
 * object was created into). Writers (create, delegate, revoke) hold the mapping database's lock and change
 * slots inside a write section of its sequence number (odd while slots change); lookups take no lock: they
 * read the sequence number, the slot, and the sequence number again, and use what they read only if no
 * write section overlapped (a seqlock). A revoke that removes several slots is thus one atomic step for
 * every lookup. */
#ifndef NOVA_CAP_H
#define NOVA_CAP_H

#include "kobj.h"

struct slot {
  _Atomic long obj;  /* pool index; meaningful while perm != 0 */
  _Atomic long perm; /* 0: empty */
  long parent;       /* slot number + 1 of the slot it was delegated from; 0: an original. Under the lock */
};

static struct slot cspace[NPD][NSEL];
static spinlock_t mdb_lock;
static _Atomic long mdb_seq;

#define SLOT(n) (&cspace[(n) / NSEL][(n) % NSEL])

/* A selector the caller may use: in the hypercalls that change slots, and in those that only look them up
 * (which BUG_SEL_OFF_BY_ONE gets wrong: selector NSEL is the next PD's slot 0). */
static int sel_ok(long sel)
{
  return sel >= 0 && sel < NSEL;
}

static int lookup_sel_ok(long sel)
{
#ifdef BUG_SEL_OFF_BY_ONE
  return sel >= 0 && sel <= NSEL;
#else
  return sel >= 0 && sel < NSEL;
#endif
}

/* The capability at (pd, sel), lock-free: perm | obj << 4, or 0 when the slot is empty. */
static long cap_lookup(long pd, long sel)
{
  struct slot *s = &cspace[pd][sel];
  for (;;) {
    long s1 = LOAD(&mdb_seq, MO_LOOKUP);
    if (s1 & 1)
      continue; /* a write section is open */
    long o = LOAD(&s->obj, MO_RLX);
    long p = LOAD(&s->perm, MO_RLX);
    FENCE(MO_ACQ); /* the slot's reads before the second read of the sequence number */
    if (LOAD(&mdb_seq, MO_RLX) == s1)
      return p ? (p | o << 4) : 0;
  }
}

/* ---- Writers: under mdb_lock ---- */

static void mdb_begin(void)
{
  STORE(&mdb_seq, LOAD(&mdb_seq, MO_RLX) + 1, MO_RLX);
  FENCE(MO_REL); /* the odd number before the slot's writes (smp_wmb) */
}

static void mdb_end(void)
{
  STORE(&mdb_seq, LOAD(&mdb_seq, MO_RLX) + 1, MO_REL);
}

/* ---- Ghost: who may change whose capability space ----
 * A PD's space changes only by its own hypercalls, by a delegation from a PD that holds a capability with
 * P_DELEG to it, or by a revoke of a slot it was delegated from. The kernel asserts it at every slot write,
 * from the state (not from what the hypercall decided). */

static int holds_pd_cap(long pd, long target)
{
  int found = 0;
  for (long s = 0; s < NSEL; s++) {
    long p = LOAD(&cspace[pd][s].perm, MO_RLX);
    long o = LOAD(&cspace[pd][s].obj, MO_RLX);
    if ((p & P_DELEG) && pool[o].kind == K_PD && pool[o].id == target)
      found = 1;
  }
  return found;
}

static int descends_from_space(long slot, long pd)
{
  int found = 0;
  long cur = SLOT(slot)->parent;
  for (long i = 0; i < NSLOT; i++) {
    if (cur != 0) {
      if ((cur - 1) / NSEL == pd)
        found = 1;
      cur = SLOT(cur - 1)->parent;
    }
  }
  return found;
}

static int cspace_write_authorized(long writer, long slot, int revoking)
{
#ifdef NOVA_NO_GHOST
  return 1; /* the Promising harness leaves the ghost check to the SC harnesses: each load costs there */
#endif
  long owner = slot / NSEL;
  return owner == writer || (!revoking && holds_pd_cap(writer, owner)) ||
         (revoking && descends_from_space(slot, writer));
}

/* Writes a capability into an empty slot (inside a write section). */
static void slot_install(long writer, long slot, long o, long perm, long parent)
{
  vrm_assert(cspace_write_authorized(writer, slot, 0));
  struct slot *s = SLOT(slot);
  s->parent = parent;
  STORE(&s->obj, o, MO_RLX);
  STORE(&s->perm, perm, MO_RLX);
}

/* Empties a slot (inside a write section). A revoke checks its authority over all its victims first
 * (revoke_authorized): the chains of parents it follows are cut as the slots go. */
static void slot_clear(long slot)
{
  struct slot *s = SLOT(slot);
  STORE(&s->perm, 0, MO_RLX);
  STORE(&s->obj, 0, MO_RLX);
  s->parent = 0;
}

static void revoke_authorized(long writer, unsigned long victims)
{
  for (long s = 0; s < NSLOT; s++)
    if (victims >> s & 1)
      vrm_assert(cspace_write_authorized(writer, s, 1));
}

/* The slots delegated, directly or not, from `root`, and root itself: a bit per slot number. */
static unsigned long subtree(long root)
{
  unsigned long set = 1UL << root;
  for (long round = 0; round < NSLOT - 1; round++)
    for (long s = 0; s < NSLOT; s++) {
      long parent = SLOT(s)->parent;
      if (LOAD(&SLOT(s)->perm, MO_RLX) && parent && (set >> (parent - 1) & 1))
        set |= 1UL << s;
    }
  return set;
}

#endif
