// expect: holds
/* h4-poweroff: KServ tears a VM down and reclaims its memory while another KServ CPU still runs it.
 *
 * Boot (main, alone): KCore boots; KServ maps its pages 1-4, boots VM 1 from a one-page image at gfn 0
 * (pfn 1) and runs it once, mapping pfn 2 at gfn 1. Then, concurrently:
 *   CPU 1 (KServ): HVC_VM_POWEROFF(1) or not, then HVC_CLEAR_VM_S2_RANGE(vmid) with vmid in {1, 2};
 *   CPU 2 (KServ): HVC_VCPU_RUN(1, 2, 3) (another page for VM 1) or a KServ stage-2 fault at gfn 1
 *                  (pfn 1, which is KServ's again only after the reclaim);
 *   VM 1 (a data oracle): 1 load or store at gfn 0 or 1.
 * After all three: main asserts every shared_inv invariant.
 */
#include "core/kcore.h"

static vrm_user void *vm1(void *arg)
{
  VRM_ORACLE(npt_pool[1][0], 0x0, 0x1000, 1);
  return 0;
}

static void *kserv1(void *arg)
{
  if (vrm_nondet_range(0, 1))
    host_hvc_dispatcher(HVC_VM_POWEROFF, 1, 0, 0);
  host_hvc_dispatcher(HVC_CLEAR_VM_S2_RANGE, (unsigned long)vrm_nondet_range(1, 2), 0, 0);
  return 0;
}

static void *kserv2(void *arg)
{
  if (vrm_nondet_range(0, 1))
    host_hvc_dispatcher(HVC_VCPU_RUN, 1, 2, 3);
  else
    host_npt_handler(1);
  return 0;
}

int main(void)
{
  kcore_boot();
  for (unsigned long gfn = 1; gfn <= 4; gfn++)
    host_npt_handler(gfn);
  vrm_assert(kserv_boot_vm(0, 1, 1) == 1);
  vrm_assert(host_hvc_dispatcher(HVC_VCPU_RUN, 1, 1, 2) == 0);
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
