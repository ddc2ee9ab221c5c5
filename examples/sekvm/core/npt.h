/* examples/sekvm/core/npt.h: SeKVM layers 5-8, PTAlloc, PTWalk, NPTWalk, NPTOps.
 *
 * Every principal has a stage-2 table (NPT) built from its own pool of table pages: KServ's (vmid 0),
 * each VM's, and KCore's own (COREVISOR). Walks have three levels (VTTBR-style root at level 1, then
 * level 2, then level-3 pages); a missing table is taken from the pool's bump allocator, zeroed (pool pages
 * are never reused), and installed only into an empty entry. All of it is protected by the NPT's lock.
 */
#ifndef SEKVM_NPT_H
#define SEKVM_NPT_H

#include "locks.h"

/* Layer 5, PTAlloc: per-NPT pools; page 0 of each pool is the root. */
#define POOL_PAGES 3ul
static vrm_desc_t npt_pool[NR_NPTS][POOL_PAGES][PTRS_PER_TABLE] __attribute__((aligned(4096)));
static unsigned long pool_next[NR_NPTS]; /* the next free page of each pool */

VRM_PROTECTS(npt_lock[0], npt_pool[0]);
VRM_PROTECTS(npt_lock[0], pool_next[0]);
VRM_PROTECTS(npt_lock[1], npt_pool[1]);
VRM_PROTECTS(npt_lock[1], pool_next[1]);
VRM_PROTECTS(npt_lock[2], npt_pool[2]);
VRM_PROTECTS(npt_lock[2], pool_next[2]);
VRM_PROTECTS(npt_lock[3], npt_pool[3]);
VRM_PROTECTS(npt_lock[3], pool_next[3]);
VRM_KERNEL_PRIVATE(npt_pool);
VRM_KERNEL_PRIVATE(pool_next);

/* The translation roots: KServ's and the VMs' stage-2 tables (VTTBR_EL2 with their VMID), KCore's own. */
VRM_ROOT(npt_pool[0][0], 1, VRM_ROOT_VM, 0);
VRM_ROOT(npt_pool[1][0], 1, VRM_ROOT_VM, 1);
VRM_ROOT(npt_pool[2][0], 1, VRM_ROOT_VM, 2);
VRM_ROOT(npt_pool[3][0], 1, VRM_ROOT_KERNEL, 0);

static vrm_desc_t *alloc_pt_page(unsigned vmid)
{
  unsigned long next = pool_next[vmid];
  if (next >= POOL_PAGES)
    return 0; /* the pool is exhausted (SeKVM panics) */
  pool_next[vmid] = next + 1;
  return npt_pool[vmid][next];
}

/* Layer 6, PTWalk: the table one entry points to, installing a fresh one when the entry is empty and alloc. */
#define L1_INDEX(gfn) (((gfn) >> 18) & 511ul)
#define L2_INDEX(gfn) (((gfn) >> 9) & 511ul)
#define L3_INDEX(gfn) ((gfn) & 511ul)

static vrm_desc_t *walk_next(unsigned vmid, vrm_desc_t *table, unsigned long index, int alloc)
{
  vrm_desc_t d = table[index];
  if (DESC_VALID(d))
    return (vrm_desc_t *)DESC_ADDR(d);
  if (!alloc)
    return 0;
  vrm_desc_t *fresh = alloc_pt_page(vmid);
  if (fresh)
    table[index] = VRM_DESC_TABLE(fresh);
  return fresh;
}

/* Layer 7, NPTWalk: the level-3 entry of gfn (0 when its tables are missing and !alloc, or the pool ran out). */
static vrm_desc_t *walk_pte(unsigned vmid, unsigned long gfn, int alloc)
{
  vrm_desc_t *l2 = walk_next(vmid, npt_pool[vmid][0], L1_INDEX(gfn), alloc);
  if (!l2)
    return 0;
  vrm_desc_t *l3 = walk_next(vmid, l2, L2_INDEX(gfn), alloc);
  if (!l3)
    return 0;
  return &l3[L3_INDEX(gfn)];
}

static vrm_desc_t walk_npt(unsigned vmid, unsigned long gfn)
{
  vrm_desc_t *pte = walk_pte(vmid, gfn, 0);
  return pte ? *pte : 0;
}

/* set_npt: writes gfn's leaf. A new mapping (pte != 0) allocates missing tables; an unmapping does not. */
static long set_npt(unsigned vmid, unsigned long gfn, vrm_desc_t pte)
{
  vrm_desc_t *entry = walk_pte(vmid, gfn, pte != 0);
  if (!entry)
    return pte != 0 ? EFAIL : 0;
  *entry = pte;
  return 0;
}

/* Layer 8, NPTOps: the same, each in a critical section of the NPT's lock.
 * map_s2pt only fills an empty entry (or rewrites the same one): changing a live VM mapping would need
 * break-before-make with a TLBI, which KCore never does for a mapping. */
static long map_s2pt(unsigned vmid, unsigned long gfn, vrm_desc_t pte)
{
  long ret = EFAIL;
#ifndef BUG_SET_NPT_NO_LOCK
  acquire_lock_pt(vmid);
#endif
#ifdef BUG_REMAP_NO_BBM
  ret = set_npt(vmid, gfn, pte); /* overwrites a live mapping: no break-before-make, no TLBI */
#else
  vrm_desc_t old = walk_npt(vmid, gfn);
  if (!DESC_VALID(old) || old == pte)
    ret = set_npt(vmid, gfn, pte);
#endif
#ifndef BUG_SET_NPT_NO_LOCK
  release_lock_pt(vmid);
#endif
  return ret;
}

/* clear_pfn_host: unmaps a page from KServ (its gfn is its pfn) and invalidates every CPU's TLB entry for it
 * before the lock is released (write, DSB, TLBI, DSB: break-before-make's break). */
static void clear_pfn_host(unsigned long pfn)
{
  acquire_lock_pt(HOSTVISOR);
  set_npt(HOSTVISOR, pfn, 0);
#ifndef BUG_UNMAP_NO_TLBI
  vrm_dsb();
  tlbi_ipa(pfn);
  vrm_dsb();
#endif
  release_lock_pt(HOSTVISOR);
}

#endif
