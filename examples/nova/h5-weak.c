// expect: holds
/* h5-weak: a delegation published to a lock-free lookup on another CPU, for Promising-Arm (-DNOVA_WEAK: the
 * kernel's acquire/release/relaxed atomics; run with --model promising).
 *
 * Boot: PD 0 creates portals A (id 7) in slot 0 and B (id 9) in slot 1, and holds a PD capability to PD 1
 * in slot 2; PD 1 has nothing. Then, concurrently:
 *   CPU 0 (PD 0): delegate(B, to PD 1's slot 0, call permission);
 *   CPU 1 (PD 1): call_pt(0): B's id 9 if the delegation is visible, else BAD_CAP.
 * Checked in every final state: PD 1 got 9 or BAD_CAP, never A's id 7 (it never held a capability to A).
 * The delegation writes the slot inside a write section of the mapping database's sequence number; the
 * lookup reads the number with acquire, then the slot, then the number again. With -DBUG_LOOKUP_RELAXED the
 * first read is relaxed: on Arm the slot's object can then be read before it, stale (pool index 0, which is
 * A), while its permissions are read new and the number reads the same twice: PD 1 calls A. Under SC
 * (vrm check without --model) the same build holds: no SC execution reads a stale value. */
#define NOVA_NO_SPECS
#define NOVA_NO_INVARIANTS
#define NOVA_NO_GHOST
#include "kernel/nova.h"

static long result;

static void *pd0(void *arg)
{
  delegate(CALLER(0, 0), PACK4(1, 2, 0, P_CALL));
  return 0;
}

static void *pd1(void *arg)
{
  result = call_pt(CALLER(1, 1), 0);
  return 0;
}

static void nova_boot(int spec)
{
  boot_obj(spec, 0, 0, K_PT, 7, P_ALL);
  boot_obj(spec, 0, 1, K_PT, 9, P_ALL);
  boot_obj(spec, 0, 2, K_PD, 1, P_ALL);
}

int main(void)
{
  nova_boot(0);
  pthread_t a, b;
  pthread_create(&a, 0, pd0, 0);
  pthread_create(&b, 0, pd1, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  vrm_assert(result == 9 || result == BAD_CAP);
  return 0;
}
