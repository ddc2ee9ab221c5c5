/* examples/sekvm/core/mem.h: SeKVM layers 14-17, PageIndex, PageManager, MemManager, MemoryOps.
 *
 * Who owns each physical page: s2page[pfn] = {owner, count, gfn}, under the S2PAGE lock, which also guards
 * the pages' contents when KCore itself touches them (scrubbing). MemManager moves pages between principals
 * and keeps the NPTs in step; MemoryOps strings those steps together for the hypercalls. (MemRegion, layer
 * 13, is the memblock lookup: here every pfn below NR_PFNS is RAM except pfn 0.)
 */
#ifndef SEKVM_MEM_H
#define SEKVM_MEM_H

#include "npt.h"

struct s2page {
  unsigned owner;    /* HOSTVISOR, a vmid, COREVISOR or INVALID_OWNER */
  unsigned count;    /* a VM page: how often it is shared with KServ */
  unsigned long gfn; /* a VM page: where the VM sees it; a KServ page: its own pfn */
};
static struct s2page s2pages[NR_PFNS];

VRM_PROTECTS(s2page_lock, s2pages);
VRM_PROTECTS(s2page_lock, phys_mem);
VRM_KERNEL_PRIVATE(s2pages);
VRM_KERNEL_PRIVATE(phys_mem[6]);
VRM_KERNEL_PRIVATE(phys_mem[7]);

/* Layer 14, PageIndex: a pfn's record, or none for a pfn out of range. */
static int valid_pfn(unsigned long pfn) { return pfn < NR_PFNS; }

/* Layer 15, PageManager (caller holds the S2PAGE lock). */
static unsigned get_pfn_owner(unsigned long pfn) { return s2pages[pfn].owner; }
static void set_pfn_owner(unsigned long pfn, unsigned owner) { s2pages[pfn].owner = owner; }
static unsigned get_pfn_count(unsigned long pfn) { return s2pages[pfn].count; }
static void set_pfn_count(unsigned long pfn, unsigned count) { s2pages[pfn].count = count; }
static unsigned long get_pfn_map(unsigned long pfn) { return s2pages[pfn].gfn; }
static void set_pfn_map(unsigned long pfn, unsigned long gfn) { s2pages[pfn].gfn = gfn; }

/* Layer 16, MemManager. */

/* KServ's stage-2 fault at gfn: KServ's memory is identity-mapped (host_flatmap), so the page is pfn = gfn.
 * MMIO (INVALID) is mapped as a device, KServ's own pages and VM pages it shares as memory; never others. */
static long map_page_host(unsigned long gfn)
{
  long ret = EFAIL;
  if (!valid_pfn(gfn))
    return EFAIL;
  acquire_lock_s2page();
  unsigned owner = get_pfn_owner(gfn);
#ifdef BUG_HOST_MAP_ANY
  if (1) /* no ownership check at all */
#else
  if (owner == INVALID_OWNER || owner == HOSTVISOR || get_pfn_count(gfn) > 0)
#endif
    ret = map_s2pt(HOSTVISOR, gfn, S2_PAGE(gfn));
  release_lock_s2page();
  return ret;
}

/* Gives KServ's page pfn to VM vmid at gfn: it leaves KServ's table (clear_pfn_host: unmap + TLBI) before
 * the VM can map it. A page the VM already owns at that gfn is fine (a repeated fault); anything else fails. */
static long assign_pfn_to_vm(unsigned vmid, unsigned long gfn, unsigned long pfn)
{
  long ret = EFAIL;
#ifdef BUG_ASSIGN_SPLIT_SECTION
  acquire_lock_s2page(); /* the owner is checked in one critical section and changed in another */
  unsigned owner = get_pfn_owner(pfn);
  release_lock_s2page();
  acquire_lock_s2page();
#else
  acquire_lock_s2page();
  unsigned owner = get_pfn_owner(pfn);
#endif
#if defined(BUG_ASSIGN_ANY_OWNER)
  if (owner != vmid) /* forgets that the page may belong to someone else */
#elif defined(BUG_ASSIGN_VM_PAGE)
  if (owner != vmid && owner != COREVISOR && owner != INVALID_OWNER) /* forgets the other VMs */
#else
  if (owner == HOSTVISOR && get_pfn_count(pfn) == 0)
#endif
  {
    set_pfn_owner(pfn, vmid);
    set_pfn_map(pfn, gfn);
#ifndef BUG_ASSIGN_NO_UNMAP
    clear_pfn_host(pfn);
#endif
    ret = 0;
  }
  else if (owner == vmid && get_pfn_map(pfn) == gfn)
    ret = 0;
  release_lock_s2page();
  return ret;
}

/* Maps a page the VM owns into its NPT. */
static long map_pfn_vm(unsigned vmid, unsigned long gfn, unsigned long pfn)
{
  return map_s2pt(vmid, gfn, S2_PAGE(pfn));
}

/* Returns a page of a powered-off VM to KServ, scrubbed. (The oracle only ever writes a page's first word,
 * so scrubbing that word is scrubbing the page in this model.) */
static void clear_vm_page(unsigned vmid, unsigned long pfn)
{
  acquire_lock_s2page();
  if (get_pfn_owner(pfn) == vmid) {
    set_pfn_owner(pfn, HOSTVISOR);
    set_pfn_count(pfn, 0);
    set_pfn_map(pfn, pfn);
#if defined(BUG_SCRUB_IF_DIRTY)
    if (phys_mem[pfn][0] != 0) /* "skip pages already clean": KCore branches on the VM's data (a timing channel) */
      phys_mem[pfn][0] = 0;
#elif !defined(BUG_CLEAR_NO_SCRUB)
    phys_mem[pfn][0] = 0;
#endif
  }
  release_lock_s2page();
}

/* A VM shares its page pfn with KServ (SeKVM's grant_vm_page, for I/O buffers): one more share, up to
 * MAX_SHARE_COUNT; while the count is above 0, map_page_host lets KServ map the page. */
#define MAX_SHARE_COUNT 100u
static long grant_vm_page(unsigned vmid, unsigned long pfn)
{
  long ret = EFAIL;
  acquire_lock_s2page();
  if (get_pfn_owner(pfn) == vmid && get_pfn_count(pfn) < MAX_SHARE_COUNT) {
    set_pfn_count(pfn, get_pfn_count(pfn) + 1);
    ret = 0;
  }
  release_lock_s2page();
  return ret;
}

/* The VM takes one share back; at the last one the page leaves KServ's table (unmap + TLBI) before anyone
 * can see the count at 0, so KServ can no longer reach what the VM writes there next. */
static long revoke_vm_page(unsigned vmid, unsigned long pfn)
{
  long ret = EFAIL;
  acquire_lock_s2page();
  if (get_pfn_owner(pfn) == vmid && get_pfn_count(pfn) > 0) {
    set_pfn_count(pfn, get_pfn_count(pfn) - 1);
#ifndef BUG_REVOKE_NO_UNMAP
    if (get_pfn_count(pfn) == 0)
      clear_pfn_host(pfn);
#endif
    ret = 0;
  }
  release_lock_s2page();
  return ret;
}

/* KCore writes a word into a page KServ names, on KServ's behalf: a stand-in for the KCore services that write
 * memory KServ points them at (SeKVM's decrypt of a buffer, the SMMU emulation). The page must be KServ's or
 * shared with it: exactly the pages map_page_host would let KServ write itself. */
static long write_host_page(unsigned long pfn, unsigned long value)
{
  long ret = EFAIL;
  if (!valid_pfn(pfn))
    return EFAIL;
  acquire_lock_s2page();
#ifndef BUG_WRITE_ANY_PAGE
  if (get_pfn_owner(pfn) == HOSTVISOR || get_pfn_count(pfn) > 0)
#endif
  {
    phys_mem[pfn][0] = value;
    ret = 0;
  }
  release_lock_s2page();
  return ret;
}

/* Layer 17, MemoryOps. */

/* A VM's stage-2 fault, resolved with the page KServ provides: assign it, then map it. */
static long prot_and_map_vm_s2pt(unsigned vmid, unsigned long gfn, unsigned long pfn)
{
  if (!valid_pfn(pfn) || gfn >= NR_GFNS)
    return EFAIL;
  if (assign_pfn_to_vm(vmid, gfn, pfn) != 0)
    return EFAIL;
  return map_pfn_vm(vmid, gfn, pfn);
}

/* The page a VM maps at gfn (read under its NPT's lock), or NR_PFNS when none. */
static unsigned long vm_gfn_to_pfn(unsigned vmid, unsigned long gfn)
{
  acquire_lock_pt(vmid);
  vrm_desc_t d = walk_npt(vmid, gfn);
  release_lock_pt(vmid);
  return DESC_VALID(d) ? desc_pfn(d) : NR_PFNS;
}

/* A VM's share/unshare hypercalls (SeKVM's grant/revoke_stage2_sg_gpa, one page): the page it maps at gfn. */
static long grant_stage2_sg_gpa(unsigned vmid, unsigned long gfn)
{
  unsigned long pfn = gfn < NR_GFNS ? vm_gfn_to_pfn(vmid, gfn) : NR_PFNS;
  return valid_pfn(pfn) ? grant_vm_page(vmid, pfn) : EFAIL;
}

static long revoke_stage2_sg_gpa(unsigned vmid, unsigned long gfn)
{
  unsigned long pfn = gfn < NR_GFNS ? vm_gfn_to_pfn(vmid, gfn) : NR_PFNS;
  return valid_pfn(pfn) ? revoke_vm_page(vmid, pfn) : EFAIL;
}

#endif
