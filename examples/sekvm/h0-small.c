// expect: holds
/* h0-small: the small harness, the one whose Promising-Arm confirmation completes (issue 18 item 3). Two scenes of
 * the real core, each a lock-protected change of a stage-2 table while an MMU walks it:
 *
 * Scene 1 (as it is): one KServ hypercall maps a page into VM 1's stage-2 table while VM 1's MMU walks it.
 *   Boot (main, alone): KCore boots; KServ maps its page 2 (a host stage-2 fault), so that giving it away is the
 *   unmap of a live translation; VM 1 boots from a one-page image at gfn 0 (pfn 1), which builds VM 1's level-2
 *   and level-3 tables: the mapping at gfn 1 below is a leaf written into a table the VM's MMU already walks.
 *   Then, concurrently:
 *     CPU 1 (KServ): one hypercall, HVC_VCPU_RUN(vmid 1, gfn 1, pfn in {2 (KServ's), 6 (KCore's)}): vcpu_run
 *       checks the VM under its lock; assign_pfn_to_vm, under the S2PAGE lock, refuses KCore's page, or takes
 *       page 2 from KServ (clear_pfn_host: unmap under KServ's NPT lock, DSB, TLBI, DSB) and gives it to VM 1;
 *       map_pfn_vm writes the leaf under VM 1's NPT lock;
 *     VM 1 (a data oracle through its stage-2 table): 1 load or store at gfn 1.
 *
 * Scene 2 (-DH0_REVOKE): VM 1 takes back a page it shared while KServ's MMU walks KServ's table.
 *   Boot: KCore boots; VM 1 boots as above; KServ gives it page 2 at gfn 1 (HVC_VCPU_RUN), VM 1 shares it
 *   (HVC_KVM_SET_DESC_PFN) and KServ maps it by a stage-2 fault at gfn 2. Then, concurrently:
 *     VM 1's CPU: HVC_KVM_UNSET_DESC_PFN(gfn 1): revoke_vm_page, at the last share, unmaps the page from KServ
 *       (clear_pfn_host, as above); then VM 1 stores VM_VALUE at gfn 1 through its table;
 *     KServ (a data oracle on another CPU): 1 store of KSERV_VALUE at gfn 2 through its own table.
 *   On SC KServ's store reaches the page only before the unmap, so the page ends with VM_VALUE. With
 *   -DBUG_UNMAP_NO_TLBI Promising-Arm also ends with phys_mem[2][0]=KSERV_VALUE: KServ's TLB kept the
 *   translation, and its store lands on VM 1's private page after VM 1's own (an integrity break only Arm shows).
 *
 * After the threads: main asserts every shared_inv invariant.
 *
 * Bounds, and why they are this small: with a user/VM access the confirmation is a page-table program, which
 * Promising explores without its order pruning, run caches or workers, so every message of one thread is tried
 * at every place among the other's, and each thread step copies the whole per-thread state (every cell of the
 * program: ~10,000, most of them the table pools and physical pages). Scene 1 has 242 memories and 5,961,237
 * thread steps (3 final states, as on SC), scene 2 299 memories and 3,251,158 steps (1 final state); h1 (VM 2
 * too, 19 hypercall choices, 2 VM steps at gfns 0-1) has many more. In scene 1 one more VM page (gfns 0-1) makes
 * 1,967 memories and 35 M steps, a KServ data oracle as a third thread 2,075 memories and 38 M steps. So
 * `vrm wdrf` needs --confirm-steps 8000000 here (the default 2,000,000 stops incomplete); VARIANTS.txt and ./run
 * pass it.
 */
#include "core/kcore.h"

#ifndef H0_REVOKE
static vrm_user void *vm1(void *arg)
{
  VRM_ORACLE(npt_pool[1][0], 0x1000, 0x1000, 1);
  return 0;
}

static void *kserv(void *arg)
{
  unsigned long pfn = vrm_nondet_range(0, 1) ? KCORE_PFN : 2;
  host_hvc_dispatcher(HVC_VCPU_RUN, 1, 1, pfn);
  return 0;
}

int main(void)
{
  kcore_boot();
  host_npt_handler(2);
  vrm_assert(kserv_boot_vm(0, 1, 1) == 1);
  pthread_t cpu1, vm;
  pthread_create(&vm, 0, vm1, 0);
  pthread_create(&cpu1, 0, kserv, 0);
  pthread_join(cpu1, 0);
  pthread_join(vm, 0);
  check_shared_inv();
  return 0;
}
#else
#define KSERV_VALUE 0x4e57
#define VM_VALUE 0x600d

static vrm_user void *kserv(void *arg)
{
  vrm_user_store(npt_pool[HOSTVISOR][0], 2ul << 12, KSERV_VALUE);
  return 0;
}

static void *vm1(void *arg)
{
  vm_hvc_dispatcher(1, HVC_KVM_UNSET_DESC_PFN, 1);
  vrm_user_store(npt_pool[1][0], 1ul << 12, VM_VALUE);
  return 0;
}

int main(void)
{
  kcore_boot();
  vrm_assert(kserv_boot_vm(0, 1, 1) == 1);
  vrm_assert(host_hvc_dispatcher(HVC_VCPU_RUN, 1, 1, 2) == 0);
  vrm_assert(vm_hvc_dispatcher(1, HVC_KVM_SET_DESC_PFN, 1) == 0);
  vrm_assert(host_npt_handler(2) == 0);
  pthread_t cpu1, vm;
  pthread_create(&cpu1, 0, kserv, 0);
  pthread_create(&vm, 0, vm1, 0);
  pthread_join(vm, 0);
  pthread_join(cpu1, 0);
  check_shared_inv();
  return 0;
}
#endif
