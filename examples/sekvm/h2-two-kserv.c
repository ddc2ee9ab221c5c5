// expect: holds
/* h2-two-kserv: two KServ CPUs race for the same pages and tables while the VM runs.
 *
 * Boot (main, alone): KCore boots; KServ maps its pages 1-4 and boots VM 1 from a one-page image at gfn 0
 * (pfn 1). Then, concurrently:
 *   CPU 1 (KServ): HVC_VCPU_RUN(1, gfn, 2) with gfn in {1, 2}: gives VM 1 KServ's page 2;
 *   CPU 2 (KServ): one of HVC_VCPU_RUN(1, 1, pfn) with pfn in {2, 3} (the same page, or another page at
 *                  the same gfn), or a KServ stage-2 fault at gfn 2 (the page CPU 1 is taking away);
 *   VM 1 (a data oracle): 1 load or store at gfn 1 or 2.
 * After all three: main asserts every shared_inv invariant.
 */
#include "core/kcore.h"

static vrm_user void *vm1(void *arg)
{
  VRM_ORACLE(npt_pool[1][0], 0x1000, 0x2000, 1);
  return 0;
}

static void *kserv1(void *arg)
{
  host_hvc_dispatcher(HVC_VCPU_RUN, 1, (unsigned long)vrm_nondet_range(1, 2), 2);
  return 0;
}

static void *kserv2(void *arg)
{
  long op = vrm_nondet_range(0, 2);
  if (op < 2)
    host_hvc_dispatcher(HVC_VCPU_RUN, 1, 1, 2 + (unsigned long)op);
  else
    host_npt_handler(2);
  return 0;
}

int main(void)
{
  kcore_boot();
  for (unsigned long gfn = 1; gfn <= 4; gfn++)
    host_npt_handler(gfn);
  vrm_assert(kserv_boot_vm(0, 1, 1) == 1);
  pthread_t cpu1, cpu2, vm;
  pthread_create(&vm, 0, vm1, 0);
  pthread_create(&cpu1, 0, kserv1, 0);
  pthread_create(&cpu2, 0, kserv2, 0);
  pthread_join(cpu1, 0);
  pthread_join(cpu2, 0);
  pthread_join(vm, 0);
  check_shared_inv();
  return 0;
}
