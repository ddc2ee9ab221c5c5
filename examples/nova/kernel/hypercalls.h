/* hypercalls.h: the hypercalls. Each takes (caller, packed arguments) and returns a status or a value.
 *
 *   create_sm(sel | count << 4)        a semaphore with that count, into the caller's empty slot sel (all perms)
 *   create_pt(sel | id << 8)           a portal with that id, likewise
 *   ctrl_sm(sel | op << 4)             up (needs P_UP) or down (needs P_DN; blocks on zero). Two steps, each
 *                                      specified: sm_check (the capability check) then sm_update (the counter)
 *   call_pt(sel)                       the portal's id (needs P_CALL)
 *   delegate(src | pd << 4 | dst << 8 | mask << 12)
 *                                      copies the caller's capability src into slot dst of the PD that the
 *                                      caller's PD capability pd (with P_DELEG) names, with perms src & mask
 *   revoke(sel | self << 4)            removes every capability delegated from sel, directly or not, and sel
 *                                      itself if self; frees the object when no capability names it any more
 *   lookup(sel)                        the permission bits at sel (0: empty)
 *
 * Every hypercall is kernel code, for noninterference (vrm_kernel_enter/exit). Those that look capabilities
 * up without the mapping database's lock (ctrl_sm, call_pt, lookup, and revoke, which waits for a grace
 * period) are RCU read-side sections (kentry/kexit); create and delegate read slots and objects only under
 * the lock, where no slot they read can go and no object they find can be freed. */
#ifndef NOVA_HYPERCALLS_H
#define NOVA_HYPERCALLS_H

#include "cap.h"
#include "sm.h"

static void kentry(long cpu)
{
  vrm_kernel_enter();
  rcu_enter(cpu);
}

static void kexit(long cpu)
{
  rcu_exit(cpu);
  vrm_kernel_exit();
}

/* What sm_check found, per CPU, for sm_update: the object and its generation. */
static long cpu_obj[NCPU], cpu_gen[NCPU];

static long create(long caller, long sel, long kind, long value)
{
  long pd = CALLER_PD(caller);
  if (!sel_ok(sel))
    return BAD_CAP;
  long ret = OK;
  spin_lock(&mdb_lock);
  long o = -1;
  if (LOAD(&cspace[pd][sel].perm, MO_RLX))
    ret = BAD_CAP;
  else if ((o = obj_alloc()) < 0)
    ret = NO_MEM;
  if (ret == OK) {
    obj_init(o, kind, value);
    mdb_begin();
    slot_install(pd, SLOTNO(pd, sel), o, P_ALL, 0);
    mdb_end();
  }
  spin_unlock(&mdb_lock);
  return ret;
}

static long create_sm(long caller, long a)
{
  vrm_kernel_enter();
  long r = create(caller, ARG(a, 0), K_SM, ARG(a, 1));
  vrm_kernel_exit();
  return r;
}

static long create_pt(long caller, long a)
{
  vrm_kernel_enter();
  long r = create(caller, ARG(a, 0), K_PT, ARG_HIGH(a));
  vrm_kernel_exit();
  return r;
}

/* ctrl_sm's first linearization point: the capability check. */
static long sm_check(long caller, long a)
{
  long sel = ARG(a, 0), op = ARG(a, 1), cpu = CALLER_CPU(caller);
  if (op != SM_UP && op != SM_DN)
    return BAD_PAR;
  if (!lookup_sel_ok(sel))
    return BAD_CAP;
  long c = cap_lookup(CALLER_PD(caller), sel);
  long p = c & 15, o = c >> 4;
  if (!p || pool[o].kind != K_SM)
    return BAD_CAP;
#ifndef BUG_NO_PERM_CHECK
  if (!(p & (op == SM_UP ? P_UP : P_DN)))
    return BAD_CAP;
#endif
  cpu_obj[cpu] = o;
  cpu_gen[cpu] = LOAD(&pool[o].gen, MO_RLX);
  return OK;
}

/* ctrl_sm's second linearization point: the counter (for a down that blocks, when an up wakes it). */
static long sm_update(long caller, long op)
{
  long cpu = CALLER_CPU(caller), o = cpu_obj[cpu];
  if (op == SM_UP)
    sm_up(o);
  else
    sm_down(o, cpu);
  vrm_assert(obj_alive(o, cpu_gen[cpu]));
  return OK;
}

static long ctrl_sm(long caller, long a)
{
  kentry(CALLER_CPU(caller));
  long r = sm_check(caller, a);
  if (r == OK)
    r = sm_update(caller, ARG(a, 1));
  kexit(CALLER_CPU(caller));
  return r;
}

static long call_pt(long caller, long sel)
{
  long r = BAD_CAP;
  kentry(CALLER_CPU(caller));
  if (lookup_sel_ok(sel)) {
    long c = cap_lookup(CALLER_PD(caller), sel);
    long p = c & 15, o = c >> 4;
    if ((p & P_CALL) && pool[o].kind == K_PT) {
      long gen = LOAD(&pool[o].gen, MO_RLX);
      r = pool[o].id;
      vrm_assert(obj_alive(o, gen));
    }
  }
  kexit(CALLER_CPU(caller));
  return r;
}

static long delegate(long caller, long a)
{
  long pd = CALLER_PD(caller), src = ARG(a, 0), pdsel = ARG(a, 1), dst = ARG(a, 2), mask = ARG(a, 3);
  if (!sel_ok(src) || !sel_ok(pdsel) || !sel_ok(dst))
    return BAD_CAP;
  long ret = OK;
  vrm_kernel_enter();
  spin_lock(&mdb_lock);
  long sp = LOAD(&cspace[pd][src].perm, MO_RLX), so = LOAD(&cspace[pd][src].obj, MO_RLX);
  long pp = LOAD(&cspace[pd][pdsel].perm, MO_RLX), po = LOAD(&cspace[pd][pdsel].obj, MO_RLX);
  long target = pool[po].id;
#ifdef BUG_DELEGATE_NO_PD_PERM
  if (!sp || !pp || pool[po].kind != K_PD) /* any capability to the PD will do */
#else
  if (!sp || !(pp & P_DELEG) || pool[po].kind != K_PD)
#endif
    ret = BAD_CAP;
  else if (target >= NPD || LOAD(&cspace[target][dst].perm, MO_RLX))
    ret = BAD_CAP;
  else {
#ifdef BUG_DELEGATE_AMPLIFY
    long np = mask;
#else
    long np = sp & mask;
#endif
    if (!np)
      ret = BAD_PAR;
    else {
      obj_get(so);
      mdb_begin();
      slot_install(pd, SLOTNO(target, dst), so, np, SLOTNO(pd, src) + 1);
      mdb_end();
    }
  }
  spin_unlock(&mdb_lock);
  vrm_kernel_exit();
  return ret;
}

static long revoke(long caller, long a)
{
  long pd = CALLER_PD(caller), cpu = CALLER_CPU(caller), sel = ARG(a, 0), self = ARG(a, 1) & 1;
  if (!sel_ok(sel))
    return BAD_CAP;
  long ret = OK, o = 0;
  int last = 0;
  kentry(cpu);
  spin_lock(&mdb_lock);
  long root = SLOTNO(pd, sel);
  if (!LOAD(&SLOT(root)->perm, MO_RLX))
    ret = BAD_CAP;
  else {
    o = LOAD(&SLOT(root)->obj, MO_RLX);
    unsigned long victims = subtree(root);
    if (!self)
      victims &= ~(1UL << root);
    revoke_authorized(pd, victims);
    mdb_begin();
    for (long s = 0; s < NSLOT; s++)
      if (victims >> s & 1) {
        slot_clear(s);
        if (obj_put(o))
          last = 1;
#ifdef BUG_DOUBLE_PUT
        if (s == root && obj_put(o)) /* "and the caller's own reference" */
          last = 1;
#endif
      }
    mdb_end();
  }
  spin_unlock(&mdb_lock);
  if (last) {
#ifndef BUG_REVOKE_NO_GRACE
    rcu_sync(cpu);
#endif
    obj_free(o);
  }
  kexit(cpu);
  return ret;
}

static long lookup(long caller, long sel)
{
  if (!lookup_sel_ok(sel))
    return BAD_CAP;
  kentry(CALLER_CPU(caller));
  long p = cap_lookup(CALLER_PD(caller), sel) & 15;
  kexit(CALLER_CPU(caller));
  return p;
}

/* The hypercall numbers, for harnesses that choose one. */
#define HC_CREATE_SM 0
#define HC_CREATE_PT 1
#define HC_CTRL_SM 2
#define HC_CALL_PT 3
#define HC_DELEGATE 4
#define HC_REVOKE 5
#define HC_LOOKUP 6
#define HC_COUNT 7

static long hypercall(long caller, long nr, long a)
{
  switch (nr) {
  case HC_CREATE_SM: return create_sm(caller, a);
  case HC_CREATE_PT: return create_pt(caller, a);
  case HC_CTRL_SM: return ctrl_sm(caller, a);
  case HC_CALL_PT: return call_pt(caller, a);
  case HC_DELEGATE: return delegate(caller, a);
  case HC_REVOKE: return revoke(caller, a);
  case HC_LOOKUP: return lookup(caller, a);
  default: return BAD_PAR;
  }
}

#endif
