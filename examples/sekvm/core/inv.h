/* examples/sekvm/core/inv.h: SeKVM's shared_inv (MemoryIsolation.v), as C predicates over KCore's state.
 *
 * Each shared_inv_* returns 1 when the invariant holds. A harness asserts them with check_shared_inv()
 * in main after joining every CPU (main alone needs no lock), and `vrm check` (or `vrm wdrf`, which also
 * reports failed assertions) checks that on every SC execution. A later noninterference or refinement
 * harness can assert them at any quiescent point.
 */
#ifndef SEKVM_INV_H
#define SEKVM_INV_H

#include "boot.h"

/* (The loops run to the end rather than return early: vrm runs a loop whose exits depend only on its
 * counter to completion, while one that may leave on a value it read is cut at --unroll.) */

/* page_0_invalid: pfn 0 is no RAM, nobody's page. */
static int shared_inv_page_0_invalid(void) { return s2pages[0].owner == INVALID_OWNER; }

/* The set of KCore's pages never changes: exactly the pfns from KCORE_PFN up are COREVISOR's. */
static int shared_inv_core_pages(void)
{
  int ok = 1;
  for (unsigned long pfn = 0; pfn < NR_PFNS; pfn++)
    if ((s2pages[pfn].owner == COREVISOR) != (pfn >= KCORE_PFN))
      ok = 0;
  return ok;
}

/* host_iso: KServ's table maps only MMIO, KServ's own pages, and VM pages the VM shares (count > 0). */
static int shared_inv_host_iso(void)
{
  int ok = 1;
  for (unsigned long gfn = 0; gfn < NR_PFNS; gfn++) {
    vrm_desc_t d = walk_npt(HOSTVISOR, gfn);
    unsigned long pfn = desc_pfn(d);
    if (DESC_VALID(d) && pfn >= NR_PFNS)
      ok = 0;
    else if (DESC_VALID(d) && s2pages[pfn].owner != INVALID_OWNER && s2pages[pfn].owner != HOSTVISOR && s2pages[pfn].count == 0)
      ok = 0;
  }
  return ok;
}

/* host_flatmap: KServ's table is the identity, gfn = pfn. */
static int shared_inv_host_flatmap(void)
{
  int ok = 1;
  for (unsigned long gfn = 0; gfn < NR_PFNS; gfn++) {
    vrm_desc_t d = walk_npt(HOSTVISOR, gfn);
    if (DESC_VALID(d) && desc_pfn(d) != gfn)
      ok = 0;
  }
  return ok;
}

/* vm_iso: a VM that may run (not powered off) maps only pages it owns, at the gfn recorded for them. */
static int shared_inv_vm_iso(void)
{
  int ok = 1;
  for (unsigned vmid = 1; vmid <= NR_VMS; vmid++) {
    int runs = vminfo[vmid].state != VM_POWEROFF;
    for (unsigned long gfn = 0; gfn < NR_GFNS; gfn++) {
      vrm_desc_t d = walk_npt(vmid, gfn);
      unsigned long pfn = desc_pfn(d);
      if (runs && DESC_VALID(d) && (pfn >= NR_PFNS || s2pages[pfn].owner != vmid || s2pages[pfn].gfn != gfn))
        ok = 0;
    }
  }
  return ok;
}

/* Set by kcore_boot when it is done: the invariants describe a booted KCore, and boot makes them true. */
static int kcore_booted;

/* -DSEKVM_STEP_INVARIANTS also has `vrm check` evaluate each invariant at every state where no CPU holds a
 * lock (VRM_INVARIANT), not only at the end: from the end of kcore_boot on (vrm evaluates them from main's
 * first step, and boot's own stores break them until it is done). */
#ifdef SEKVM_STEP_INVARIANTS
#define SEKVM_STEP_INVARIANT(name)                                                                             \
  static int shared_inv_##name##_booted(void) { return !kcore_booted || shared_inv_##name(); }                 \
  VRM_INVARIANT(shared_inv_##name##_booted)
SEKVM_STEP_INVARIANT(page_0_invalid);
SEKVM_STEP_INVARIANT(core_pages);
SEKVM_STEP_INVARIANT(host_iso);
SEKVM_STEP_INVARIANT(host_flatmap);
SEKVM_STEP_INVARIANT(vm_iso);
#endif

/* -DSEKVM_NO_INVARIANTS leaves them out: `vrm wdrf` stops at the first failed assertion and leaves the
 * conditions undecided, so a bug that breaks both an invariant and a wDRF condition is run once each way. */
static void check_shared_inv(void)
{
#ifdef SEKVM_NO_INVARIANTS
  return;
#endif
  vrm_assert(shared_inv_page_0_invalid());
  vrm_assert(shared_inv_core_pages());
  vrm_assert(shared_inv_host_iso());
  vrm_assert(shared_inv_host_flatmap());
  vrm_assert(shared_inv_vm_iso());
}

#endif
