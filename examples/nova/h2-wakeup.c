// expect: holds
/* h2-wakeup: a down that sleeps, its capability revoked while it sleeps, and the up that wakes it.
 *
 * Boot: PD 0 creates semaphore S (count 0) in its slot 0 and delegates it to PD 1's slot 0 (up and down).
 * Then, concurrently:
 *   CPU 1 (PD 1): ctrl_sm(0, down): it passes the capability check and sleeps, or finds the capability gone;
 *   CPU 0 (PD 0): revoke(0, children only), then ctrl_sm(0, up).
 * Checked: no deadlock (every down that sleeps is woken: -DBUG_LOST_WAKEUP loses the wake-up), and every
 * result against the specifications. ctrl_sm's two specified steps explain the execution where the down
 * passes its check, the revoke takes PD 1's capability, and the up wakes the down; with a single step for
 * ctrl_sm (-DNOVA_ONE_STEP_SPEC) that execution is not linearizable: the down would need a moment when it
 * held the capability and the count was positive, and there is none. */
#include "kernel/nova.h"

static void *pd0(void *arg)
{
  revoke(CALLER(0, 0), PACK2(0, 0));
  ctrl_sm(CALLER(0, 0), PACK2(0, SM_UP));
  return 0;
}

static void *pd1(void *arg)
{
  ctrl_sm(CALLER(1, 1), PACK2(0, SM_DN));
  return 0;
}

static void nova_boot(int spec)
{
  boot_obj(spec, 0, 0, K_SM, 0, P_ALL);
  boot_delegate(spec, 0, 0, 1, 0, P_UP | P_DN);
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
