// expect: noninterferent
/* n2-teardown: KServ powers VM 1 off and takes its memory back while the VM may still be running; what the VM
 * wrote must not reach KServ (confidentiality).
 *
 * Boot (ni.h): VM 1 booted, its image in pfn 1 (secret to it). Then, concurrently:
 *   KServ: HVC_VM_POWEROFF(1) or not, then HVC_CLEAR_VM_S2_RANGE(1) (refused unless VM 1 is off and its vCPU
 *          out), then a stage-2 fault at gfn 1 (pfn 1: KServ's again only after the reclaim) and a load there;
 *   VM 1: enters its vCPU (refused once powered off), stores a value of its own at gfn 0 (pfn 1), exits.
 * The reclaim scrubs the page before KServ can map it; with -DBUG_CLEAR_NO_SCRUB it does not, and with
 * -DBUG_CLEAR_RUNNING it reclaims a VM whose vCPU still runs, which then writes into KServ's page.
 */
#include "ni.h"

static void *kserv(void *arg)
{
  if (vrm_nondet_range(0, 1))
    kserv_hvc(HVC_VM_POWEROFF, 1, 0, 0);
  kserv_hvc(HVC_CLEAR_VM_S2_RANGE, 1, 0, 0);
  kserv_fault(VM1_IMAGE_PFN);
  kserv_load(VM1_IMAGE_PFN);
  return 0;
}

static void *vm1(void *arg)
{
  if (vm_enter(1) == 0) {
    vm_store(1, 0, vrm_input());
    vm_exit(1, 0);
  }
  return 0;
}

VRM_PRINCIPAL(kserv, KSERV);
VRM_PRINCIPAL(vm1, 1);

int main(void)
{
  ni_boot(1);
  pthread_t k, v;
  pthread_create(&v, 0, vm1, 0);
  pthread_create(&k, 0, kserv, 0);
  pthread_join(k, 0);
  pthread_join(v, 0);
  check_shared_inv();
  return 0;
}
