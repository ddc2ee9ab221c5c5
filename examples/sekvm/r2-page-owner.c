// expect: linearizable
/* r2-page-owner: KCore's page-ownership transfer refines an atomic update of an abstract ownership map, as
 * SeKVM's MemManager/MemoryOps layers (15-17) refine theirs: a VM's stage-2 fault resolved with a KServ page
 * (prot_and_map_vm_s2pt: assign_pfn_to_vm, then map_pfn_vm) and KServ's own stage-2 fault (map_page_host) each
 * take effect in one atomic step on {owner of each page, each VM's gfn -> pfn map}.
 *
 * Boot (main, alone): KCore boots and KServ maps its pages 1-4 (no VM is booted: the operations are called
 * directly, below the hypercall layer). Then, concurrently:
 *   CPU 1: VM 1's fault at gfn 1 resolved with pfn 2 (KServ's);
 *   CPU 2: VM 2's fault at gfn 1 resolved with pfn in {2 (the same page), 3}, or KServ's fault at gfn 2;
 * and every complete SC execution's results must come from some order of the atomic specifications (exactly one
 * VM gets page 2; KServ's fault succeeds only while the page is still KServ's).
 * With -DBUG_ASSIGN_SPLIT_SECTION assign_pfn_to_vm checks the owner in one critical section of the S2PAGE lock and
 * changes it in the next: both VMs can see page 2 as KServ's and both get it (not linearizable; vm_iso fails too).
 */
#include "core/kcore.h"

#define FAULT_GFN 1ul

/* The operations: a VM's fault (vmid, pfn) at FAULT_GFN, and KServ's fault at gfn (its pfn). */
static long vm_fault(unsigned long vmid, unsigned long pfn) { return prot_and_map_vm_s2pt((unsigned)vmid, FAULT_GFN, pfn); }
static long host_fault(unsigned long gfn) { return host_npt_handler(gfn); }

/* The abstract state, as KCore boots it: pfn 0 no RAM, 1-5 KServ's, 6-7 KCore's; no VM maps anything. */
static unsigned spec_owner[NR_PFNS] = {INVALID_OWNER, HOSTVISOR, HOSTVISOR, HOSTVISOR, HOSTVISOR, HOSTVISOR, COREVISOR, COREVISOR};
static unsigned long spec_gfn[NR_PFNS];            /* a VM page's gfn */
static unsigned long spec_vm_map[NR_VMS + 1];      /* each VM's page at FAULT_GFN, + 1 (0: none) */

static long spec_vm_fault(unsigned long vmid, unsigned long pfn)
{
  if (pfn >= NR_PFNS)
    return EFAIL;
  if (spec_owner[pfn] == HOSTVISOR) { /* (no page is shared in this harness: counts stay 0) */
    spec_owner[pfn] = (unsigned)vmid;
    spec_gfn[pfn] = FAULT_GFN;
  } else if (spec_owner[pfn] != vmid || spec_gfn[pfn] != FAULT_GFN)
    return EFAIL;
  if (spec_vm_map[vmid] != 0 && spec_vm_map[vmid] != pfn + 1)
    return EFAIL; /* the VM maps another page there: KCore refuses to change a live mapping */
  spec_vm_map[vmid] = pfn + 1;
  return 0;
}

static long spec_host_fault(unsigned long gfn)
{
  if (gfn >= NR_PFNS)
    return EFAIL;
  return spec_owner[gfn] == INVALID_OWNER || spec_owner[gfn] == HOSTVISOR ? 0 : EFAIL;
}

VRM_SPEC(vm_fault, spec_vm_fault);
VRM_SPEC(host_fault, spec_host_fault);

static void *cpu1(void *arg)
{
  vm_fault(1, 2);
  return 0;
}

static void *cpu2(void *arg)
{
  if (vrm_nondet_range(0, 1))
    vm_fault(2, (unsigned long)vrm_nondet_range(2, 3));
  else
    host_fault(2);
  return 0;
}

int main(void)
{
  kcore_boot();
  for (unsigned long gfn = 1; gfn <= 4; gfn++)
    host_npt_handler(gfn);
  pthread_t a, b;
  pthread_create(&a, 0, cpu1, 0);
  pthread_create(&b, 0, cpu2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  check_shared_inv();
  return 0;
}
