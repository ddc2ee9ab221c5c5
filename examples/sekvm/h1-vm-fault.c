// expect: holds
/* h1-vm-fault: one KServ CPU resolves a VM's stage-2 fault while the VM runs.
 *
 * Boot (main, alone): KCore boots; KServ maps its pages 1-4 (host stage-2 faults) and boots VM 1 from a
 * one-page image at gfn 0 (pfn 1: remapped into KCore's window, verified, then moved to VM 1) and VM 2
 * likewise from pfn 4.
 * Then, concurrently:
 *   CPU 1 (KServ): one of
 *     - HVC_VCPU_RUN(vmid, gfn, pfn): vmid in {1, 2}, gfn in {0 (mapped), 1},
 *       pfn in {0 (MMIO), 1 (VM 1's already, at gfn 0), 2 (KServ's, mapped in KServ), 6 (KCore's)};
 *     - a KServ stage-2 fault at gfn 0 (MMIO), 5 (KServ's, not yet mapped) or 6 (KCore's);
 *   VM 1 (a data oracle through its stage-2 table): 2 loads or stores at gfns 0-1.
 * After both: main asserts every shared_inv invariant.
 */
#include "core/kcore.h"

static vrm_user void *vm1(void *arg)
{
  VRM_ORACLE(npt_pool[1][0], 0x0, 0x1000, 2);
  return 0;
}

static void *kserv(void *arg)
{
  if (vrm_nondet_range(0, 1)) {
    unsigned long vmid = (unsigned long)vrm_nondet_range(1, 2);
    unsigned long gfn = (unsigned long)vrm_nondet_range(0, 1);
    unsigned long pfn = (unsigned long)vrm_nondet_range(0, 3);
    host_hvc_dispatcher(HVC_VCPU_RUN, vmid, gfn, pfn == 3 ? KCORE_PFN : pfn);
  } else {
    unsigned long gfn = (unsigned long)vrm_nondet_range(0, 2);
    host_npt_handler(gfn == 0 ? 0 : gfn + 4);
  }
  return 0;
}

int main(void)
{
  kcore_boot();
  for (unsigned long gfn = 1; gfn <= 4; gfn++)
    host_npt_handler(gfn);
  vrm_assert(kserv_boot_vm(0, 1, 1) == 1);
  vrm_assert(kserv_boot_vm(0, 4, 1) == 2);
  pthread_t cpu1, vm;
  pthread_create(&vm, 0, vm1, 0);
  pthread_create(&cpu1, 0, kserv, 0);
  pthread_join(cpu1, 0);
  pthread_join(vm, 0);
  check_shared_inv();
  return 0;
}
