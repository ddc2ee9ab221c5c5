// expect: holds
/* h0-small: the small harness, the one whose Promising-Arm confirmation completes (issue 18 item 3): one KServ
 * hypercall maps a page into VM 1's stage-2 table, under the table's lock, while VM 1's MMU walks that table.
 *
 * Boot (main, alone): KCore boots; KServ maps its page 2 (a host stage-2 fault), so that giving it away is the
 * unmap of a live translation; VM 1 boots from a one-page image at gfn 0 (pfn 1), which builds VM 1's level-2
 * and level-3 tables: the mapping at gfn 1 below is a leaf written into a table the VM's MMU already walks.
 * Then, concurrently:
 *   CPU 1 (KServ): one hypercall, HVC_VCPU_RUN(vmid 1, gfn 1, pfn in {2 (KServ's), 6 (KCore's)}): vcpu_run checks
 *     the VM under its lock; assign_pfn_to_vm, under the S2PAGE lock, refuses KCore's page, or takes page 2 from
 *     KServ (clear_pfn_host: unmap under KServ's NPT lock, DSB, TLBI, DSB) and gives it to VM 1; map_pfn_vm
 *     writes the leaf under VM 1's NPT lock;
 *   VM 1 (a data oracle through its stage-2 table): 1 load or store at gfn 1.
 * After both: main asserts every shared_inv invariant.
 *
 * Bounds, and why they are this small: with a VM thread the confirmation is a page-table program, which
 * Promising explores without its order pruning, run caches or workers, so every message of one thread is tried
 * at every place among the other's, and each thread step copies the whole per-thread state (every cell of the
 * program: ~10,000, most of them the table pools and physical pages). This harness has 242 memories and
 * 5,961,237 thread steps (3 final states, as on SC); h1 (VM 2 too, 19 hypercall choices, 2 VM steps at gfns
 * 0-1) has many more. One more VM page (gfns 0-1) makes 1,967 memories and 35 M steps; a KServ data oracle
 * walking KServ's table, 2,075 memories and 38 M steps. So `vrm wdrf` needs --confirm-steps 8000000 here
 * (the default 2,000,000 stops incomplete); VARIANTS.txt and ./run pass it.
 */
#include "core/kcore.h"

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
