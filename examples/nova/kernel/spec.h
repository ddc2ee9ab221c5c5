/* spec.h: the hypercalls' atomic specifications, on an abstract state no kernel code touches.
 *
 * The abstract state is what a user can know: each PD's slots (object, permissions, parent slot) and each
 * object's kind, count and id. Abstract objects are never freed and never reused: each is named by the
 * order it was made in. vrm runs specifications from the program's initial memory, not from what main
 * wrote: the first specification to run builds the abstract boot state itself, with the harness's own
 * nova_boot(1) (main runs nova_boot(0) for the kernel). Each specification does, in one
 * step, what its hypercall does, and returns what the caller must see, error results included; vrm checks
 * that every execution's history of calls is linearizable against them (VRM_SPEC). ctrl_sm has two
 * specified steps: sm_check (the capability check, which remembers the object per CPU) and sm_update (the
 * counter update on that object, which a down can only take when the count is positive). A revoke between
 * them does not stop the update, as in NOVA's specification.
 *
 * Define NOVA_NO_SPECS before including the kernel to leave the refinement check out (the noninterference
 * harness does: it checks another property, and each check costs time). */
#ifndef NOVA_SPEC_H
#define NOVA_SPEC_H

#include "config.h"

#define NSPEC_OBJ (NOBJ + 4)

static long a_obj[NPD][NSEL], a_perm[NPD][NSEL], a_parent[NPD][NSEL];
static long a_kind[NSPEC_OBJ], a_count[NSPEC_OBJ], a_id[NSPEC_OBJ];
static long a_next;
static long a_cur[NCPU];
static long a_booted;

/* The harness's boot: with spec = 0 it makes the kernel's objects, with 1 the abstract ones. */
static void nova_boot(int spec);

static void a_boot(void)
{
  if (!a_booted) {
    a_booted = 1;
    nova_boot(1);
  }
}

#define A_OBJ(n) a_obj[(n) / NSEL][(n) % NSEL]
#define A_PERM(n) a_perm[(n) / NSEL][(n) % NSEL]
#define A_PARENT(n) a_parent[(n) / NSEL][(n) % NSEL]

static int a_sel_ok(long sel) { return sel >= 0 && sel < NSEL; }

/* Boot: an object made before the PDs run. */
static void a_boot_obj(long pd, long sel, long kind, long value, long perm)
{
  long o = a_next++;
  a_kind[o] = kind;
  a_count[o] = kind == K_SM ? value : 0;
  a_id[o] = kind == K_SM ? 0 : value;
  a_obj[pd][sel] = o;
  a_perm[pd][sel] = perm;
  a_parent[pd][sel] = 0;
}

static void a_boot_delegate(long pd, long sel, long tpd, long tsel, long perm)
{
  a_obj[tpd][tsel] = a_obj[pd][sel];
  a_perm[tpd][tsel] = perm;
  a_parent[tpd][tsel] = SLOTNO(pd, sel) + 1;
}

#ifndef NOVA_NO_SPECS

static long spec_create(long caller, long sel, long kind, long value)
{
  long pd = CALLER_PD(caller);
  a_boot();
  if (!a_sel_ok(sel) || a_perm[pd][sel])
    return BAD_CAP;
  long o = a_next++;
  a_kind[o] = kind;
  a_count[o] = kind == K_SM ? value : 0;
  a_id[o] = kind == K_SM ? 0 : value;
  a_obj[pd][sel] = o;
  a_perm[pd][sel] = P_ALL;
  a_parent[pd][sel] = 0;
  return OK;
}

static long spec_create_sm(long caller, long a) { return spec_create(caller, ARG(a, 0), K_SM, ARG(a, 1)); }
static long spec_create_pt(long caller, long a) { return spec_create(caller, ARG(a, 0), K_PT, ARG_HIGH(a)); }

static long spec_sm_check(long caller, long a)
{
  long pd = CALLER_PD(caller), sel = ARG(a, 0), op = ARG(a, 1);
  a_boot();
  if (op != SM_UP && op != SM_DN)
    return BAD_PAR;
  if (!a_sel_ok(sel))
    return BAD_CAP;
  long p = a_perm[pd][sel], o = a_obj[pd][sel];
  if (!p || a_kind[o] != K_SM || !(p & (op == SM_UP ? P_UP : P_DN)))
    return BAD_CAP;
  a_cur[CALLER_CPU(caller)] = o;
  return OK;
}

static long spec_sm_update(long caller, long op)
{
  a_boot();
  long o = a_cur[CALLER_CPU(caller)];
  if (op == SM_UP) {
    a_count[o]++;
  } else {
    vrm_assume(a_count[o] > 0);
    a_count[o]--;
  }
  return OK;
}

/* What a single linearization point for ctrl_sm would say: the check and the update in one step. NOVA's
 * implementation does not refine it (h2-wakeup.c -DNOVA_ONE_STEP_SPEC shows why): a down that passed the
 * check and sleeps completes after its capability is revoked. */
static long spec_ctrl_sm_one_step(long caller, long a)
{
  long r = spec_sm_check(caller, a);
  if (r == OK)
    r = spec_sm_update(caller, ARG(a, 1));
  return r;
}

static long spec_call_pt(long caller, long sel)
{
  long pd = CALLER_PD(caller);
  a_boot();
  if (!a_sel_ok(sel))
    return BAD_CAP;
  long p = a_perm[pd][sel], o = a_obj[pd][sel];
  if (!(p & P_CALL) || a_kind[o] != K_PT)
    return BAD_CAP;
  return a_id[o];
}

static long spec_delegate(long caller, long a)
{
  long pd = CALLER_PD(caller), src = ARG(a, 0), pdsel = ARG(a, 1), dst = ARG(a, 2), mask = ARG(a, 3);
  a_boot();
  if (!a_sel_ok(src) || !a_sel_ok(pdsel) || !a_sel_ok(dst))
    return BAD_CAP;
  long sp = a_perm[pd][src], pp = a_perm[pd][pdsel], po = a_obj[pd][pdsel];
  if (!sp || !(pp & P_DELEG) || a_kind[po] != K_PD)
    return BAD_CAP;
  long target = a_id[po];
  if (a_perm[target][dst])
    return BAD_CAP;
  if (!(sp & mask))
    return BAD_PAR;
  a_obj[target][dst] = a_obj[pd][src];
  a_perm[target][dst] = sp & mask;
  a_parent[target][dst] = SLOTNO(pd, src) + 1;
  return OK;
}

static long spec_revoke(long caller, long a)
{
  long pd = CALLER_PD(caller), sel = ARG(a, 0), self = ARG(a, 1) & 1;
  a_boot();
  if (!a_sel_ok(sel) || !a_perm[pd][sel])
    return BAD_CAP;
  long root = SLOTNO(pd, sel);
  /* Every slot whose chain of parents reaches root. */
  unsigned long set = 1UL << root;
  for (long round = 0; round < NSLOT - 1; round++)
    for (long s = 0; s < NSLOT; s++)
      if (A_PERM(s) && A_PARENT(s) && (set >> (A_PARENT(s) - 1) & 1))
        set |= 1UL << s;
  if (!self)
    set &= ~(1UL << root);
  for (long s = 0; s < NSLOT; s++)
    if (set >> s & 1) {
      A_PERM(s) = 0;
      A_OBJ(s) = 0;
      A_PARENT(s) = 0;
    }
  return OK;
}

static long spec_lookup(long caller, long sel)
{
  a_boot();
  if (!a_sel_ok(sel))
    return BAD_CAP;
  return a_perm[CALLER_PD(caller)][sel];
}

#endif
#endif
