/* examples/sekvm/core/vcpu.h: a vCPU entering and leaving its VM: SeKVM layers 21 (set_vcpu_active,
 * set_vcpu_inactive), 27 VCPUOpsAux (prep_hvc), 28 VCPUOps and 29 CtxtSwitch (save_vm/restore_vm).
 *
 * A VM has one vCPU here. It runs VM code only between set_vcpu_active (the VM must be verified) and
 * set_vcpu_inactive (the register is saved into KCore's shadow context, and KServ
 * gets the exit information it needs to handle the exit, never the VM's registers). The VM's register state
 * is one register, x0, and the exit information is the exit reason.
 */
#ifndef SEKVM_VCPU_H
#define SEKVM_VCPU_H

#include "boot.h"

/* Layers 28-29: the saved registers of each VM's vCPU, KCore-private (SeKVM's shadow context). */
struct shadow_ctxt {
  unsigned long x0;
};
static struct shadow_ctxt shadow_ctxt[NR_VMS + 1];
VRM_PROTECTS(vm_lock[1], shadow_ctxt[1]);
VRM_PROTECTS(vm_lock[2], shadow_ctxt[2]);
VRM_KERNEL_PRIVATE(shadow_ctxt);

/* What KServ learns of a VM exit (SeKVM: the fields prep_wfx/prep_hvc/prep_abort fill in KServ's vCPU
 * structure). Written under the VM's lock; a harness lets KServ read it at the end (VRM_OBSERVABLE). */
enum exit_reason { EXIT_NONE = 0, EXIT_HVC = 1 };
struct host_exit_info {
  unsigned long reason;
  unsigned long x0; /* SeKVM hands KServ a VM's hypercall arguments only for calls KServ serves (PSCI...) */
};
static struct host_exit_info host_exit_info[NR_VMS + 1];
VRM_PROTECTS(vm_lock[1], host_exit_info[1]);
VRM_PROTECTS(vm_lock[2], host_exit_info[2]);

/* The vCPU of vmid enters the VM: 0, or EFAIL when the VM may not run (not verified, powered off) or its vCPU
 * already runs elsewhere. (restore_vm, which loads the saved registers into the CPU, is left out: the VM's
 * code in a harness does not read its registers.) */
static long set_vcpu_active(unsigned vmid)
{
  long ret = EFAIL;
  acquire_lock_vm(vmid);
  if (vminfo[vmid].state == VM_VERIFIED && !vminfo[vmid].vcpu_active) {
    vminfo[vmid].vcpu_active = 1;
    ret = 0;
  }
  release_lock_vm(vmid);
  return ret;
}

/* The vCPU leaves the VM with x0 in its register (an exit for a hypercall KCore does not serve): save_vm keeps
 * the register in the shadow context, prep_exit tells KServ the reason. */
static void set_vcpu_inactive(unsigned vmid, unsigned long x0)
{
  acquire_lock_vm(vmid);
  shadow_ctxt[vmid].x0 = x0; /* save_vm */
  vminfo[vmid].vcpu_active = 0;
  host_exit_info[vmid].reason = EXIT_HVC;
#ifdef BUG_EXIT_LEAKS_REGS
  host_exit_info[vmid].x0 = x0; /* prep_hvc copies the VM's register for KServ, whatever the call */
#endif
  release_lock_vm(vmid);
}

#endif
