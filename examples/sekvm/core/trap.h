/* examples/sekvm/core/trap.h: SeKVM layers 30-32, MemHandler, FaultHandler, TrapDispatcher (and 27's
 * post_handle_shadow_s2pt_fault, inside vcpu_run).
 *
 * KCore's entry points from KServ: host_hvc_dispatcher over the hypercall numbers (arguments unchecked by
 * KServ: every one is validated here; an unknown number does nothing), host_npt_handler for KServ's own
 * stage-2 faults, and vcpu_run, which resolves a VM's pending stage-2 fault with the page KServ provides
 * (SeKVM's post_handle_shadow_s2pt_fault at the next run of the vCPU).
 */
#ifndef SEKVM_TRAP_H
#define SEKVM_TRAP_H

#include "vcpu.h"

enum hvc_nr {
  HVC_REGISTER_KVM = 1,      /* -> the new vmid */
  HVC_SET_BOOT_INFO = 2,     /* vmid, load_gfn, pages */
  HVC_REMAP_VM_IMAGE = 3,    /* vmid, pfn */
  HVC_VERIFY_VM_IMAGE = 4,   /* vmid */
  HVC_VCPU_RUN = 5,          /* vmid, gfn, pfn: run the VM, mapping pfn at its faulting gfn */
  HVC_VM_POWEROFF = 6,       /* vmid */
  HVC_CLEAR_VM_S2_RANGE = 7, /* vmid: reclaim a powered-off VM's pages */
  HVC_WRITE_HOST_PAGE = 8,   /* pfn, value: KCore writes value into KServ's page pfn (write_host_page) */
};

/* The hypercalls a VM makes to KCore (SeKVM's core_handle_pvops), gfn in its own space. */
enum vm_hvc_nr {
  HVC_KVM_SET_DESC_PFN = 1,   /* gfn: share that page with KServ (grant) */
  HVC_KVM_UNSET_DESC_PFN = 2, /* gfn: take one share back (revoke) */
};

/* Layer 30, MemHandler: KServ reclaims a powered-off VM's memory: every page it owns goes back to KServ, scrubbed. */
static long clear_vm_stage2_range(unsigned vmid)
{
#ifndef BUG_CLEAR_RUNNING
  if (!vm_is_off(vmid))
    return EFAIL;
#endif
  for (unsigned long pfn = 1; pfn < NR_PFNS; pfn++)
    clear_vm_page(vmid, pfn);
  return 0;
}

/* Layer 31, FaultHandler: KServ's stage-2 fault. */
static long host_npt_handler(unsigned long gfn) { return map_page_host(gfn); }

/* A vCPU run: only a verified VM runs; its pending stage-2 fault is resolved first. */
static long vcpu_run(unsigned vmid, unsigned long gfn, unsigned long pfn)
{
  acquire_lock_vm(vmid);
  int runs = vminfo[vmid].state == VM_VERIFIED;
  release_lock_vm(vmid);
  if (!runs)
    return EFAIL;
  return prot_and_map_vm_s2pt(vmid, gfn, pfn);
}

/* Layer 32, TrapDispatcher. */
static long host_hvc_dispatcher(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
  if (nr != HVC_REGISTER_KVM && nr >= HVC_SET_BOOT_INFO && nr <= HVC_CLEAR_VM_S2_RANGE && !valid_vmid(a1))
    return EFAIL;
  switch (nr) {
  case HVC_REGISTER_KVM:
    return register_kvm();
  case HVC_SET_BOOT_INFO:
    return set_boot_info((unsigned)a1, a2, a3);
  case HVC_REMAP_VM_IMAGE:
    return remap_vm_image((unsigned)a1, a2);
  case HVC_VERIFY_VM_IMAGE:
    return verify_vm_image((unsigned)a1);
  case HVC_VCPU_RUN:
    return vcpu_run((unsigned)a1, a2, a3);
  case HVC_VM_POWEROFF:
    return set_vm_poweroff((unsigned)a1);
  case HVC_CLEAR_VM_S2_RANGE:
    return clear_vm_stage2_range((unsigned)a1);
  case HVC_WRITE_HOST_PAGE:
    return write_host_page(a1, a2);
  default:
    return 0;
  }
}

/* Layer 32, vm_exit_dispatcher: a VM's hypercall, handled in KCore (the VM resumes after it). */
static long vm_hvc_dispatcher(unsigned vmid, unsigned long nr, unsigned long gfn)
{
  switch (nr) {
  case HVC_KVM_SET_DESC_PFN:
    return grant_stage2_sg_gpa(vmid, gfn);
  case HVC_KVM_UNSET_DESC_PFN:
    return revoke_stage2_sg_gpa(vmid, gfn);
  default:
    return EFAIL;
  }
}

#endif
