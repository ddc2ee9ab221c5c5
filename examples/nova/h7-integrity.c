// expect: holds
/* h7-integrity: integrity between two PDs, where the untrusted one holds a capability to the other.
 *
 * PD 1 (untrusted, principal 1) holds a PD capability to PD 2 that lets it name PD 2 but not delegate into
 * its capability space (permission bit 2 only, no P_DELEG), and a PD capability to itself with P_DELEG. Its
 * only way into PD 2's space is a delegation through a capability with P_DELEG to PD 2, which it holds only
 * if the kernel lets it amplify the one it has, or lets it delegate without P_DELEG.
 *
 * Boot (4 selectors per PD): PD 1 holds its PD capability in slot 1 and the one to PD 2 in slot 2; slots 0
 * and 3 are empty, and so is PD 2's space. Then, concurrently:
 *   CPU 1 (PD 1, principal 1): create_pt(0, id = its input), a portal whose id is data it chooses; then two
 *                              delegations with arguments from small domains (src 0 or 2, the PD selector
 *                              1..3, dst 0 or 3, mask 1 or 3);
 *   CPU 2 (PD 2, principal 2): call_pt(0), whose result it keeps in `got`, its secret.
 * Checked: `got` ends the same whatever PD 1's input (integrity: PD 1 cannot fill PD 2's slot 0 with its
 * portal), and no branch depends on PD 1's input (implicit flows; PD 2 has no input to leak). Invariants
 * and the ghost authority check are left out here (h3 checks them): integrity alone catches
 *   -DBUG_DELEGATE_AMPLIFY: PD 1 copies its PD capability to PD 2 into slot 3 with P_DELEG (mask 1), then
 *                           delegates its portal into PD 2's slot 0 through it;
 *   -DBUG_DELEGATE_NO_PD_PERM: PD 1 delegates its portal into PD 2's slot 0 through slot 2 directly.
 * Either way PD 2's call reaches PD 1's portal and returns PD 1's input. */
#define NSEL 4
#define NOVA_NO_SPECS
#define NOVA_NO_INVARIANTS
#define NOVA_NO_GHOST
#include "kernel/nova.h"

static long got;
VRM_SECRET(2, got);

static void untrusted_delegate(void)
{
  long src = vrm_nondet_range(0, 1) * 2, pd = vrm_nondet_range(1, 3), dst = vrm_nondet_range(0, 1) * 3;
  long mask = vrm_nondet_range(0, 1) * 2 + 1;
  delegate(CALLER(1, 1), PACK4(src, pd, dst, mask));
}

static void *pd1(void *arg)
{
  create_pt(CALLER(1, 1), PACK2(0, 0) | vrm_input() << 8);
  untrusted_delegate();
  untrusted_delegate();
  return 0;
}

static void *pd2(void *arg)
{
  got = call_pt(CALLER(2, 2), 0);
  return 0;
}

VRM_PRINCIPAL(pd1, 1);
VRM_PRINCIPAL(pd2, 2);

static void nova_boot(int spec)
{
  boot_obj(spec, 1, 1, K_PD, 1, P_ALL);
  boot_obj(spec, 1, 2, K_PD, 2, 2);
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
