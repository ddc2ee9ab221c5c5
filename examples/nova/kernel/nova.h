/* nova.h: the whole kernel (a harness includes this one file), and the boot helpers main uses, alone,
 * before it starts the CPUs: each writes the kernel's state and the specification's abstract state, under
 * the mapping database's lock (so that the invariants are judged between boot steps, not inside them). */
#ifndef NOVA_H
#define NOVA_H

#include <pthread.h>
#include "config.h"
#include "spec.h"
#include "hypercalls.h"
#ifndef NOVA_NO_INVARIANTS
#include "inv.h"
#endif

#ifndef NOVA_NO_SPECS
VRM_SPEC(create_sm, spec_create_sm);
VRM_SPEC(create_pt, spec_create_pt);
#ifdef NOVA_ONE_STEP_SPEC
VRM_SPEC(ctrl_sm, spec_ctrl_sm_one_step);
#else
VRM_SPEC(sm_check, spec_sm_check);
VRM_SPEC(sm_update, spec_sm_update);
#endif
VRM_SPEC(call_pt, spec_call_pt);
VRM_SPEC(delegate, spec_delegate);
VRM_SPEC(revoke, spec_revoke);
VRM_SPEC(lookup, spec_lookup);
#endif

/* An object of `kind` (value: an SM's count, a PT's id, a PD's number) in slot sel of pd, with perm: in the
 * kernel (spec = 0) or in the abstract state (spec = 1). */
static void boot_obj(int spec, long pd, long sel, long kind, long value, long perm)
{
  if (spec) {
    a_boot_obj(pd, sel, kind, value, perm);
    return;
  }
  spin_lock(&mdb_lock);
  long o = obj_alloc();
  obj_init(o, kind, value);
  slot_install(pd, SLOTNO(pd, sel), o, perm, 0);
  spin_unlock(&mdb_lock);
}

/* A copy of pd's capability sel into slot tsel of tpd, with perm (made on behalf of tpd). */
static void boot_delegate(int spec, long pd, long sel, long tpd, long tsel, long perm)
{
  if (spec) {
    a_boot_delegate(pd, sel, tpd, tsel, perm);
    return;
  }
  struct slot *s = &cspace[pd][sel];
  spin_lock(&mdb_lock);
  obj_get(LOAD(&s->obj, MO_RLX));
  slot_install(tpd, SLOTNO(tpd, tsel), LOAD(&s->obj, MO_RLX), perm, SLOTNO(pd, sel) + 1);
  spin_unlock(&mdb_lock);
}

#endif
