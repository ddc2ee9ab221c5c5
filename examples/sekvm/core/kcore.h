/* examples/sekvm/core/kcore.h: the whole KCore, for a harness to #include (vrm checks one translation
 * unit and inlines every call), and its boot: the state every harness starts from. */
#ifndef SEKVM_KCORE_H
#define SEKVM_KCORE_H

#include "machine.h"
#include "locks.h"
#include "npt.h"
#include "mem.h"
#include "boot.h"
#include "vcpu.h"
#include "trap.h"
#include "inv.h"

/* KCore's boot, on the boot CPU before any other runs: page ownership, the pools, core data, and KCore's
 * own table mapping KCore's pages (at gfn = pfn; the remap window REMAP_START..REMAP_END-1 stays empty). */
static void kcore_boot(void)
{
  s2pages[0].owner = INVALID_OWNER;
  for (unsigned long pfn = 1; pfn < NR_PFNS; pfn++) {
    s2pages[pfn].owner = pfn < KCORE_PFN ? HOSTVISOR : COREVISOR;
    s2pages[pfn].gfn = pfn;
  }
  for (unsigned vmid = 0; vmid < NR_NPTS; vmid++)
    pool_next[vmid] = 1;
  core_data.next_vmid = 1;
  core_data.next_remap_ptr = REMAP_START;
  for (unsigned long pfn = KCORE_PFN; pfn < NR_PFNS; pfn++)
    set_npt(COREVISOR, pfn, S2_PAGE(pfn));
  kcore_booted = 1;
}

/* KServ boots VM vmid from its pages image_pfn.. (pages of them) loaded at gfn load_gfn: the hypercalls
 * KServ makes for a new VM, run on the boot CPU. Returns the vmid, or EFAIL. */
static long kserv_boot_vm(unsigned long load_gfn, unsigned long image_pfn, unsigned long pages)
{
  long vmid = host_hvc_dispatcher(HVC_REGISTER_KVM, 0, 0, 0);
  if (vmid < 0 || host_hvc_dispatcher(HVC_SET_BOOT_INFO, (unsigned long)vmid, load_gfn, pages) != 0)
    return EFAIL;
  for (unsigned long i = 0; i < pages; i++)
    if (host_hvc_dispatcher(HVC_REMAP_VM_IMAGE, (unsigned long)vmid, image_pfn + i, 0) != 0)
      return EFAIL;
  if (host_hvc_dispatcher(HVC_VERIFY_VM_IMAGE, (unsigned long)vmid, 0, 0) != 0)
    return EFAIL;
  return vmid;
}

#endif
