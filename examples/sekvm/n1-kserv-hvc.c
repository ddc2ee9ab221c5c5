// expect: noninterferent
/* n1-kserv-hvc: KServ makes a hypercall with arguments of its choosing while VM 1 runs; neither VM's
 * secrets may reach KServ (confidentiality) and KServ may not change them (integrity).
 *
 * Boot (ni.h): VMs 1 and 2 booted, VM 1's image in pfn 1, VM 2's in pfn 4 (both secret to their VM).
 * Then, concurrently:
 *   KServ: one of
 *     - HVC_VCPU_RUN(1, gfn 1, pfn in {1 (VM 1's own, at gfn 0), 2 (KServ's)});
 *     - a KServ stage-2 fault at gfn in {1 (VM 1's page), 2 (KServ's)};
 *     - HVC_WRITE_HOST_PAGE(pfn in {1 (VM 1's), 2 (KServ's)}, a value KServ chooses);
 *     then KServ loads gfns 1 and 2 through its own table;
 *   VM 1: enters its vCPU, stores a value of its own (a secret) at gfn 1, exits with another in x0.
 */
#include "ni.h"

static void *kserv(void *arg)
{
  long op = vrm_nondet_range(0, 2);
  unsigned long page = (unsigned long)vrm_nondet_range(1, 2);
  if (op == 0)
    kserv_hvc(HVC_VCPU_RUN, 1, 1, page);
  else if (op == 1)
    kserv_fault(page);
  else
    kserv_hvc(HVC_WRITE_HOST_PAGE, page, (unsigned long)vrm_input(), 0);
  kserv_load(1);
  kserv_load(2);
  return 0;
}

static void *vm1(void *arg)
{
  if (vm_enter(1) == 0) {
    vm_store(1, 1, vrm_input());
    vm_exit(1, (unsigned long)vrm_input());
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
