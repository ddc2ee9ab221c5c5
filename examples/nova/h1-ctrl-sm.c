// expect: holds
/* h1-ctrl-sm: an untrusted PD drives ctrl_sm with any selector and operation while the semaphore's owner
 * revokes it.
 *
 * Boot: PD 0 creates semaphore S (count 2) in its slot 0 and delegates it to PD 1 twice: slot 0 with up and
 * down, slot 1 with up only. Then, concurrently:
 *   CPU 1 (PD 1, untrusted): two ctrl_sm(sel, op), sel in 0..3 (3 is out of range), op in 0..2 (2 is none);
 *   CPU 0 (PD 0): revoke(0, self): every capability to S goes, and S is freed after a grace period.
 * Checked: every call's result against its specification (ctrl_sm as its two steps), the invariants, and
 * that no CPU uses S after it is freed (obj_alive). At most two downs meet a count of 2: none blocks. */
#include "kernel/nova.h"

static void *pd0(void *arg)
{
  revoke(CALLER(0, 0), PACK2(0, 1));
  return 0;
}

static void *pd1(void *arg)
{
  for (int i = 0; i < 2; i++)
    ctrl_sm(CALLER(1, 1), PACK2(vrm_nondet_range(0, NSEL), vrm_nondet_range(0, 2)));
  return 0;
}

static void nova_boot(int spec)
{
  boot_obj(spec, 0, 0, K_SM, 2, P_ALL);
  boot_delegate(spec, 0, 0, 1, 0, P_UP | P_DN);
  boot_delegate(spec, 0, 0, 1, 1, P_UP);
}

int main(void)
{
  nova_boot(0);
  pthread_t a, b;
  pthread_create(&a, 0, pd0, 0);
  pthread_create(&b, 0, pd1, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
