/* examples/sekvm/ni.h: what the noninterference harnesses share: principals, and the ways KServ and a VM
 * reach KCore and memory.
 *
 * KServ is principal 0 and VM n is principal n (its vmid). A principal observes what its thread loads outside
 * KCore (KServ through its own stage-2 table, a VM through its own), the results of its hypercalls
 * (vrm_observe), and at the end what it can read of KCore's answers (VRM_OBSERVABLE). A VM's secrets are its
 * image page (its contents from the start), its saved registers, and every value it chooses (vrm_input):
 * what it writes to its pages and keeps in x0. Hypercall arguments come from vrm_nondet_range: the same in both
 * runs of an execution, so they decide what happens without counting as anyone's secret.
 */
#ifndef SEKVM_NI_H
#define SEKVM_NI_H

#include "core/kcore.h"

#define KSERV HOSTVISOR


/* The boot every noninterference harness starts from (main, alone): KServ maps its pages 1-4 and boots VM 1
 * from a one-page image at gfn 0 (pfn 1) and, when vms is 2, VM 2 likewise from pfn 4. Page 1 is then VM 1's,
 * page 4 VM 2's. (A harness that leaves VM 2 unbooted saves vrm a hundred steps per run.) */
#define VM1_IMAGE_PFN 1ul
#define VM2_IMAGE_PFN 4ul
static void ni_boot(unsigned vms)
{
  kcore_boot();
  for (unsigned long gfn = 1; gfn <= 4; gfn++)
    host_npt_handler(gfn);
  vrm_assert(kserv_boot_vm(0, VM1_IMAGE_PFN, 1) == 1);
  if (vms == 2)
    vrm_assert(kserv_boot_vm(0, VM2_IMAGE_PFN, 1) == 2);
}

VRM_SECRET(1, phys_mem[VM1_IMAGE_PFN]);
VRM_SECRET(2, phys_mem[VM2_IMAGE_PFN]);
VRM_SECRET(1, shadow_ctxt[1]);
VRM_SECRET(2, shadow_ctxt[2]);
VRM_OBSERVABLE(KSERV, host_exit_info);

/* KServ: a hypercall, a stage-2 fault of its own, a load or store through its own table (gfn = pfn). */
static long kserv_hvc(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
  vrm_kernel_enter();
  long ret = host_hvc_dispatcher(nr, a1, a2, a3);
  vrm_kernel_exit();
  vrm_observe(ret);
  return ret;
}

static long kserv_fault(unsigned long gfn)
{
  vrm_kernel_enter();
  long ret = host_npt_handler(gfn);
  vrm_kernel_exit();
  vrm_observe(ret);
  return ret;
}

static long kserv_load(unsigned long gfn) { return vrm_user_load(npt_pool[HOSTVISOR][0], gfn << 12); }
static void kserv_store(unsigned long gfn, long value) { vrm_user_store(npt_pool[HOSTVISOR][0], gfn << 12, value); }

/* A VM's vCPU: enter (EFAIL when it may not run), its loads and stores through its own table, a hypercall to
 * KCore, exit with a value in x0. */
static long vm_enter(unsigned vmid)
{
  vrm_kernel_enter();
  long ret = set_vcpu_active(vmid);
  vrm_kernel_exit();
  vrm_observe(ret);
  return ret;
}

static void vm_exit(unsigned vmid, unsigned long x0)
{
  vrm_kernel_enter();
  set_vcpu_inactive(vmid, x0);
  vrm_kernel_exit();
}

static long vm_hvc(unsigned vmid, unsigned long nr, unsigned long gfn)
{
  vrm_kernel_enter();
  long ret = vm_hvc_dispatcher(vmid, nr, gfn);
  vrm_kernel_exit();
  vrm_observe(ret);
  return ret;
}

/* (Macros: vrm needs the root of a user access named directly, so vmid must be a constant.) */
#define vm_load(vmid, gfn) vrm_user_load(npt_pool[vmid][0], (unsigned long)(gfn) << 12)
#define vm_store(vmid, gfn, value) vrm_user_store(npt_pool[vmid][0], (unsigned long)(gfn) << 12, (value))

#endif
