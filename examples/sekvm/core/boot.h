/* examples/sekvm/core/boot.h: SeKVM layers 18-21, VMPower, BootCore, BootAux, BootOps.
 *
 * A VM's life: register_kvm (a fresh vmid, UNUSED -> READY), set_boot_info (where its image goes in the
 * guest and a window for it in KCore's own table), remap_vm_image (KServ hands KCore the image's pages one
 * by one; KCore maps each into the next empty slot of the window: its table is written once per slot),
 * verify_vm_image (each image page leaves KServ and is mapped into the VM; the signature check is a
 * stand-in; READY -> VERIFIED), set_vm_poweroff (-> POWEROFF), after which KServ may reclaim the pages
 * (clear_vm_stage2_range, layer 30, in trap.h).
 */
#ifndef SEKVM_BOOT_H
#define SEKVM_BOOT_H

#include "mem.h"

enum vm_state { VM_UNUSED = 0, VM_READY = 2, VM_VERIFIED = 3, VM_POWEROFF = 4 };

/* One image per VM in this model, of at most MAX_IMAGE_PAGES pages. */
#define MAX_IMAGE_PAGES 2ul
struct vm_info {
  unsigned long state;
  unsigned long load_gfn;     /* where the image goes in the VM */
  unsigned long load_size;    /* its pages; 0: no boot info yet */
  unsigned long remap_gfn;    /* its window in KCore's table */
  unsigned long mapped_pages; /* how many window slots remap_vm_image has filled */
  unsigned long vcpu_active;  /* its (one) vCPU runs on some CPU now: set_vcpu_active .. set_vcpu_inactive */
};
static struct vm_info vminfo[NR_VMS + 1];
VRM_PROTECTS(vm_lock[1], vminfo[1]);
VRM_PROTECTS(vm_lock[2], vminfo[2]);
VRM_KERNEL_PRIVATE(vminfo);

/* KCore's remap window: gfns REMAP_START.. of its own table (SeKVM: 32 MiB to 64 MiB). */
#define REMAP_START 2ul
#define REMAP_END 4ul
struct core_data {
  unsigned long next_vmid;
  unsigned long next_remap_ptr;
};
static struct core_data core_data;
VRM_PROTECTS(core_lock, core_data);
VRM_KERNEL_PRIVATE(core_data);

static int valid_vmid(unsigned long vmid) { return vmid >= 1 && vmid <= NR_VMS; }

/* Layer 18, VMPower. */
static long set_vm_poweroff(unsigned vmid)
{
  acquire_lock_vm(vmid);
  vminfo[vmid].state = VM_POWEROFF;
  /* The VM is gone: KServ may reclaim (scrub) its pages, which integrity then no longer guards. */
  vrm_principal_ends(vmid);
  release_lock_vm(vmid);
  return 0;
}

/* Off, and no vCPU of it still running (a vCPU that was running when KServ powered the VM off must exit first). */
static int vm_is_off(unsigned vmid)
{
  acquire_lock_vm(vmid);
  int off = vminfo[vmid].state == VM_POWEROFF && !vminfo[vmid].vcpu_active;
  release_lock_vm(vmid);
  return off;
}

/* Layer 19, BootCore. */
static long gen_vmid(void)
{
  long vmid = EFAIL;
  acquire_lock_core();
  if (core_data.next_vmid <= NR_VMS)
    vmid = (long)core_data.next_vmid++;
  release_lock_core();
  return vmid;
}

static long alloc_remap_addr(unsigned long pages)
{
  long gfn = EFAIL;
  acquire_lock_core();
  if (core_data.next_remap_ptr + pages <= REMAP_END) {
    gfn = (long)core_data.next_remap_ptr;
    core_data.next_remap_ptr += pages;
  }
  release_lock_core();
  return gfn;
}

/* Layer 20, BootAux: an image page leaves KServ and becomes the VM's, mapped where the image goes. */
static long unmap_and_load_vm_image(unsigned vmid, unsigned long gfn, unsigned long pfn)
{
  return prot_and_map_vm_s2pt(vmid, gfn, pfn);
}

/* The image check. SeKVM verifies an Ed25519 signature over the remapped image (and its deployed
 * verify_image ignores the result); here it is a stand-in that accepts every image. */
static int verify_image(unsigned vmid) { return 1; }

/* Layer 21, BootOps. */
static long register_kvm(void)
{
  long vmid = gen_vmid();
  if (vmid < 0)
    return EFAIL;
  acquire_lock_vm((unsigned)vmid);
  vminfo[vmid].state = VM_READY;
  release_lock_vm((unsigned)vmid);
  return vmid;
}

static long set_boot_info(unsigned vmid, unsigned long load_gfn, unsigned long pages)
{
  long ret = EFAIL;
  if (pages == 0 || pages > MAX_IMAGE_PAGES || load_gfn >= NR_GFNS || pages > NR_GFNS - load_gfn)
    return EFAIL;
  acquire_lock_vm(vmid);
  if (vminfo[vmid].state == VM_READY && vminfo[vmid].load_size == 0) {
    long remap = alloc_remap_addr(pages);
    if (remap >= 0) {
      vminfo[vmid].load_gfn = load_gfn;
      vminfo[vmid].load_size = pages;
      vminfo[vmid].remap_gfn = (unsigned long)remap;
      ret = 0;
    }
  }
  release_lock_vm(vmid);
  return ret;
}

/* Maps KServ's page pfn into the next empty slot of the VM's window in KCore's own table. */
static long remap_vm_image(unsigned vmid, unsigned long pfn)
{
  long ret = EFAIL;
  if (!valid_pfn(pfn))
    return EFAIL;
  acquire_lock_vm(vmid);
  struct vm_info *vm = &vminfo[vmid];
  if (vm->state == VM_READY && vm->mapped_pages < vm->load_size) {
    acquire_lock_pt(COREVISOR);
    ret = set_npt(COREVISOR, vm->remap_gfn + vm->mapped_pages, S2_PAGE(pfn));
    release_lock_pt(COREVISOR);
#ifndef BUG_REMAP_OVERWRITE
    vm->mapped_pages++;
#endif
  }
  release_lock_vm(vmid);
  return ret;
}

/* The image pfn in slot i of the window (KCore reads its own table). */
static unsigned long image_pfn(unsigned long remap_gfn)
{
  acquire_lock_pt(COREVISOR);
  unsigned long pfn = desc_pfn(walk_npt(COREVISOR, remap_gfn));
  release_lock_pt(COREVISOR);
  return pfn;
}

static long verify_vm_image(unsigned vmid)
{
  long ret = EFAIL;
  acquire_lock_vm(vmid);
  struct vm_info *vm = &vminfo[vmid];
  if (vm->state == VM_READY && vm->load_size > 0 && vm->mapped_pages == vm->load_size) {
    ret = 0;
#ifdef BUG_BATCH_UNMAP
    /* "Optimised": every image page leaves KServ's table in one critical section (each with its TLBI). */
    acquire_lock_pt(HOSTVISOR);
    for (unsigned long i = 0; i < vm->load_size; i++) {
      unsigned long pfn = image_pfn(vm->remap_gfn + i);
      set_npt(HOSTVISOR, pfn, 0);
      vrm_dsb();
      tlbi_ipa(pfn);
      vrm_dsb();
    }
    release_lock_pt(HOSTVISOR);
#endif
    for (unsigned long i = 0; i < vm->load_size && ret == 0; i++)
      ret = unmap_and_load_vm_image(vmid, vm->load_gfn + i, image_pfn(vm->remap_gfn + i));
    if (ret == 0 && verify_image(vmid))
      vm->state = VM_VERIFIED;
  }
  release_lock_vm(vmid);
  return ret;
}

#endif
