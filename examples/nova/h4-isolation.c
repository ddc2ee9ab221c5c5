// expect: holds
/* h4-isolation: noninterference between two PDs. PD 1 is untrusted and holds no capability to PD 2's
 * objects; PD 2 makes a portal whose id is its secret input.
 *
 * Boot: PD 1 holds its own semaphore (count 2) in slot 0 and its own portal (id 7) in slot 1; PD 2 holds
 * nothing. Then, concurrently:
 *   CPU 1 (PD 1, principal 1): one hypercall, any of the seven, with selector 0..3 (3 is out of range)
 *                              and a second argument 0..2 (ctrl_sm's operation, revoke's self, create_sm's
 *                              count - 1, delegate's PD selector), observing every result;
 *   CPU 2 (PD 2, principal 2): create_pt(0, id = its input), then call_pt(0), observing the results.
 * Checked: PD 1's observations are the same whatever PD 2's input (confidentiality), no kernel branch
 * depends on it (implicit flows), and the invariants; with -DNOVA_SPECS, also every result against its
 * specification. Integrity is not checked here (PD 1 passes no input and PD 2 declares no secret object, and
 * PD 1 holds no capability to anything of PD 2's): h7-integrity.c checks it.
 * With -DBUG_SEL_OFF_BY_ONE the kernel's lookups accept selector NSEL, which is PD 2's slot 0 in the array
 * of capability spaces: PD 1 calls PD 2's portal and learns its id. */
#ifndef NOVA_SPECS
#define NOVA_NO_SPECS /* -DNOVA_SPECS checks every result against its specification too */
#endif
#include "kernel/nova.h"

static void *pd1(void *arg)
{
  {
    long nr = vrm_nondet_range(0, HC_COUNT - 1), sel = vrm_nondet_range(0, NSEL), x = vrm_nondet_range(0, 2);
    vrm_observe(hypercall(CALLER(1, 1), nr, nr == HC_CREATE_SM ? PACK2(sel, x + 1) : PACK2(sel, x)));
  }
  return 0;
}

static void *pd2(void *arg)
{
  vrm_observe(create_pt(CALLER(2, 2), PACK2(0, 0) | vrm_input() << 8));
  vrm_observe(call_pt(CALLER(2, 2), 0));
  return 0;
}

VRM_PRINCIPAL(pd1, 1);
VRM_PRINCIPAL(pd2, 2);

static void nova_boot(int spec)
{
  boot_obj(spec, 1, 0, K_SM, 2, P_ALL);
  boot_obj(spec, 1, 1, K_PT, 7, P_ALL);
}

int main(void)
{
  nova_boot(0);
  pthread_t a, b;
  pthread_create(&a, 0, pd1, 0);
  pthread_create(&b, 0, pd2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
