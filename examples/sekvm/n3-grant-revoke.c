// expect: noninterferent
/* n3-grant-revoke: VM 1 shares a page with KServ for I/O, writes a message there, takes the page back and
 * writes its own data: KServ may see the message, never the data (confidentiality).
 *
 * Boot (ni.h): VM 1 booted (image in pfn 1, secret), and run once by KServ with pfn 2 at gfn 1. The shared
 * page is not declared secret: it is the channel VM 1 opens on purpose, and what VM 1 writes there while it is
 * shared (a constant message) is meant for KServ. Then, concurrently:
 *   VM 1: enters its vCPU, HVC_KVM_SET_DESC_PFN(gfn 1) (grant), stores the message at gfn 1,
 *         HVC_KVM_UNSET_DESC_PFN(gfn 1) (revoke), stores a value of its own (secret) at gfn 1, exits;
 *   KServ: a stage-2 fault at gfn 2 (mapped only while the page is shared) and a load there.
 * With -DBUG_REVOKE_NO_UNMAP the revoke leaves KServ's mapping: KServ reads the VM's data (and host_iso fails).
 */
#include "ni.h"

#define MESSAGE 0x5

static void *kserv(void *arg)
{
  kserv_fault(2);
  kserv_load(2);
  return 0;
}

static void *vm1(void *arg)
{
  if (vm_enter(1) == 0) {
    vm_hvc(1, HVC_KVM_SET_DESC_PFN, 1);
    vm_store(1, 1, MESSAGE);
    vm_hvc(1, HVC_KVM_UNSET_DESC_PFN, 1);
    vm_store(1, 1, vrm_input());
    vm_exit(1, 0);
  }
  return 0;
}

VRM_PRINCIPAL(kserv, KSERV);
VRM_PRINCIPAL(vm1, 1);

int main(void)
{
  ni_boot(1);
  vrm_assert(host_hvc_dispatcher(HVC_VCPU_RUN, 1, 1, 2) == 0);
  pthread_t k, v;
  pthread_create(&v, 0, vm1, 0);
  pthread_create(&k, 0, kserv, 0);
  pthread_join(k, 0);
  pthread_join(v, 0);
  check_shared_inv();
  return 0;
}
