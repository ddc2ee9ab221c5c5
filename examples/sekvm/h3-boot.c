// expect: holds
/* h3-boot: KServ boots a VM with a two-page image while another KServ CPU makes hypercalls at it.
 *
 * Boot (main, alone): KCore boots; KServ maps its pages 1-5. Then, concurrently:
 *   CPU 1 (KServ): HVC_REGISTER_KVM; HVC_SET_BOOT_INFO(vmid, gfn 0, 2 pages); HVC_REMAP_VM_IMAGE(vmid, pfn)
 *                  three times, with the first pfn in {1, 6 (KCore's)}, then 2, then 3 (one too many);
 *                  HVC_VERIFY_VM_IMAGE(vmid);
 *   CPU 2 (KServ): one hypercall: nr in {0 (unknown), REGISTER_KVM, REMAP_VM_IMAGE(1, 4),
 *                  VERIFY_VM_IMAGE(1), VCPU_RUN(1, 1, 4)}, racing with CPU 1's boot of (usually) VM 1.
 * After both: main asserts every shared_inv invariant.
 */
#include "core/kcore.h"

static void *kserv1(void *arg)
{
  long vmid = host_hvc_dispatcher(HVC_REGISTER_KVM, 0, 0, 0);
  host_hvc_dispatcher(HVC_SET_BOOT_INFO, (unsigned long)vmid, 0, 2);
  host_hvc_dispatcher(HVC_REMAP_VM_IMAGE, (unsigned long)vmid, vrm_nondet_range(0, 1) ? KCORE_PFN : 1, 0);
  host_hvc_dispatcher(HVC_REMAP_VM_IMAGE, (unsigned long)vmid, 2, 0);
  host_hvc_dispatcher(HVC_REMAP_VM_IMAGE, (unsigned long)vmid, 3, 0);
  host_hvc_dispatcher(HVC_VERIFY_VM_IMAGE, (unsigned long)vmid, 0, 0);
  return 0;
}

static void *kserv2(void *arg)
{
  switch (vrm_nondet_range(0, 4)) {
  case 0:
    host_hvc_dispatcher(0, 1, 1, 1);
    break;
  case 1:
    host_hvc_dispatcher(HVC_REGISTER_KVM, 0, 0, 0);
    break;
  case 2:
    host_hvc_dispatcher(HVC_REMAP_VM_IMAGE, 1, 4, 0);
    break;
  case 3:
    host_hvc_dispatcher(HVC_VERIFY_VM_IMAGE, 1, 0, 0);
    break;
  default:
    host_hvc_dispatcher(HVC_VCPU_RUN, 1, 1, 4);
    break;
  }
  return 0;
}

int main(void)
{
  kcore_boot();
  for (unsigned long gfn = 1; gfn <= 5; gfn++)
    host_npt_handler(gfn);
  pthread_t cpu1, cpu2;
  pthread_create(&cpu1, 0, kserv1, 0);
  pthread_create(&cpu2, 0, kserv2, 0);
  pthread_join(cpu1, 0);
  pthread_join(cpu2, 0);
  check_shared_inv();
  return 0;
}
