// expect: holds
/* h3-delegate: an untrusted PD delegates and revokes with any arguments while the owner revokes and another
 * PD looks its capabilities up.
 *
 * Boot: PD 0 creates semaphore S (count 2) in slot 0 and holds a PD capability (with P_DELEG) to PD 2 in
 * slot 1; its slot 2 is empty. PD 1 gets S with up only in its slot 0 and PD 0's capability to PD 2 in its
 * slot 1, and holds a capability to PD 0 without P_DELEG in its slot 2: it may name PD 0, not delegate into
 * it. PD 2 has nothing. Then, concurrently:
 *   CPU 1 (PD 1, untrusted): delegate(src, pd, dst, mask) with src, pd in 0..2, dst 2, mask in 1..3 (the
 *                            bad ones included: src 1 is no semaphore, pd 0 is no PD, mask 3 asks for
 *                            more than PD 1 has), or revoke(sel, self) with sel in 0..2, self in 0..1;
 *   CPU 2 (PD 2): lookup(2), then ctrl_sm(2, up);
 *   CPU 0 (PD 0): revoke(0, children only): takes S from PD 1 and from everyone PD 1 gave it to.
 * Checked: the invariants (reference counts, no amplification) at every state where no lock is held, that
 * only an authorised PD writes a capability space (cspace_write_authorized), and every result against the
 * specifications. */
#include "kernel/nova.h"

static void *pd0(void *arg)
{
  revoke(CALLER(0, 0), PACK2(0, 0));
  return 0;
}

static void *pd1(void *arg)
{
  if (vrm_nondet_range(0, 1))
    delegate(CALLER(1, 1), PACK4(vrm_nondet_range(0, 2), vrm_nondet_range(0, 2), 2, vrm_nondet_range(1, 3)));
  else
    revoke(CALLER(1, 1), PACK2(vrm_nondet_range(0, 2), vrm_nondet_range(0, 1)));
  return 0;
}

static void *pd2(void *arg)
{
  lookup(CALLER(2, 2), 2);
  ctrl_sm(CALLER(2, 2), PACK2(2, SM_UP));
  return 0;
}

static void nova_boot(int spec)
{
  boot_obj(spec, 0, 0, K_SM, 2, P_ALL);
  boot_obj(spec, 0, 1, K_PD, 2, P_ALL);
  boot_obj(spec, 1, 2, K_PD, 0, P_ALL & ~P_DELEG);
  boot_delegate(spec, 0, 0, 1, 0, P_UP);
  boot_delegate(spec, 0, 1, 1, 1, P_DELEG);
}

int main(void)
{
  nova_boot(0);
  pthread_t a, b, c;
  pthread_create(&a, 0, pd0, 0);
  pthread_create(&b, 0, pd1, 0);
  pthread_create(&c, 0, pd2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
  return 0;
}
