// expect: holds
/* h6-weak-ctrl-sm: the weak build's hypercalls against their atomic specifications on Promising-Arm: a
 * delegation published to a CPU that drives ctrl_sm through the slot it fills (run with --model promising --
 * -DNOVA_WEAK; the SC build, and vrm check without --model, hold too).
 *
 * A small machine (2 CPUs, 2 PDs, 3 selectors, 3 objects): every access is a step of a thread there. Boot: PD
 * 0 holds its own semaphore T (count 1) in slot 0, a semaphore S (count 1) in slot 1 and a PD capability to
 * PD 1 in slot 2; PD 1 has nothing. Then, concurrently:
 *   CPU 0 (PD 0): delegate(S, to PD 1's slot 0, up only);
 *   CPU 1 (PD 1, untrusted): ctrl_sm(0, op), op up or down: an up is OK once the delegation is seen (BAD_CAP
 *                 before), a down is always BAD_CAP (no down permission).
 * Checked in every final state: the calls (ctrl_sm as its two steps, sm_check and sm_update) are explained by
 * running the specifications one at a time in some interleaving of the two CPUs' call sequences, and that
 * interleaving ends in an abstract state nova_relation ties to the kernel's final state (every slot, and the
 * two semaphores' counts). No down gets past the check: none blocks. A revoke concurrent with ctrl_sm (which may
 * come between its two steps) is checked on SC (h1, h2): on Promising it costs minutes (the README says so).
 * With -DBUG_LOOKUP_RELAXED the lookup's first read of the sequence number is relaxed: on Arm, PD 1 can read
 * its slot's object stale (pool entry 0: T) and its permissions new, pass the check, and count on T, which it
 * never held. Every result is still explained (sm_check after the delegation), but no order ends with T's
 * count changed: not linearizable by the relation. No SC execution does it (the sc row holds). */
#define NCPU 2
#define NPD 2
#define NOBJ 3
#define NOVA_NO_INVARIANTS
#define NOVA_NO_GHOST
#include "kernel/nova.h"

static void *pd0(void *arg)
{
  delegate(CALLER(0, 0), PACK4(1, 2, 0, P_UP));
  return 0;
}

static void *pd1(void *arg)
{
  ctrl_sm(CALLER(1, 1), PACK2(0, vrm_nondet_range(SM_UP, SM_DN)));
  return 0;
}

static void nova_boot(int spec)
{
  boot_obj(spec, 0, 0, K_SM, 1, P_ALL);
  boot_obj(spec, 0, 1, K_SM, 1, P_ALL);
  boot_obj(spec, 0, 2, K_PD, 1, P_ALL);
}

/* The abstraction relation: every slot holds in the kernel what it holds in the abstract state the
 * linearization left, and the two semaphores' counts agree (abstract object o is pool entry o: boot makes
 * them in the same order, and nothing is freed here). */
static int nova_relation(void)
{
  for (long pd = 0; pd < NPD; pd++)
    for (long sel = 0; sel < NSEL; sel++) {
      long p = LOAD(&cspace[pd][sel].perm, MO_RLX);
      if (p != a_perm[pd][sel] || (p && LOAD(&cspace[pd][sel].obj, MO_RLX) != a_obj[pd][sel]))
        return 0;
    }
  for (long o = 0; o < 2; o++)
    if (LOAD(&pool[o].count, MO_RLX) != a_count[o])
      return 0;
  return 1;
}
VRM_ABSTRACTION(nova_relation);

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
