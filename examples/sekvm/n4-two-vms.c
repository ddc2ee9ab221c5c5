// expect: noninterferent
/* n4-two-vms: KServ gives VM 2 a page while VM 2 runs; VM 2 must not read VM 1's memory (confidentiality) nor
 * change it (integrity). KServ's and both VMs' observations are compared.
 *
 * Boot (ni.h): VMs 1 and 2 booted, VM 1's image in pfn 1, VM 2's in pfn 4 (each secret to its VM).
 * Then, concurrently:
 *   KServ: HVC_VCPU_RUN(2, gfn 1, pfn in {1 (VM 1's page), 2 (KServ's)});
 *   VM 2: enters its vCPU, loads gfn 1, stores a value of its own there, exits.
 * With -DBUG_ASSIGN_VM_PAGE assign_pfn_to_vm takes VM 1's page for VM 2.
 */
#include "ni.h"

static void *kserv(void *arg)
{
  kserv_hvc(HVC_VCPU_RUN, 2, 1, (unsigned long)vrm_nondet_range(1, 2));
  return 0;
}

static void *vm2(void *arg)
{
  if (vm_enter(2) == 0) {
    vm_load(2, 1);
    vm_store(2, 1, vrm_input());
    vm_exit(2, 0);
  }
  return 0;
}

VRM_PRINCIPAL(kserv, KSERV);
VRM_PRINCIPAL(vm2, 2);

int main(void)
{
  ni_boot(2);
  pthread_t k, v;
  pthread_create(&v, 0, vm2, 0);
  pthread_create(&k, 0, kserv, 0);
  pthread_join(k, 0);
  pthread_join(v, 0);
  check_shared_inv();
  return 0;
}
