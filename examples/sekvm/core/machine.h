/* examples/sekvm/core/machine.h: the bottom of the stack, SeKVM's AbstractMachine.
 *
 * What the layers above stand on: the physical pages, the principals (KServ, the VMs, KCore), the
 * page-ownership record, the stage-2 descriptor format and the Arm barrier and TLB primitives.
 * Written for vrm from the design of SeKVM's KCore (not its code); sizes are tiny so that vrm's search
 * is exhaustive. See ../README.md for the layer map and every simplification.
 */
#ifndef SEKVM_MACHINE_H
#define SEKVM_MACHINE_H

#include <stdatomic.h>
#include <pthread.h>
#include "vrm.h"

#define PAGE_SIZE 4096UL
#define PTRS_PER_TABLE 512

/* Principals, as s2page owners and as NPT (stage-2 table) numbers. */
#define HOSTVISOR 0u             /* KServ, the untrusted host kernel */
#define NR_VMS 2u                /* VMs are vmid 1..NR_VMS */
#define COREVISOR (NR_VMS + 1u)  /* KCore itself; its NPT is KCore's own table */
#define NR_NPTS (COREVISOR + 1u) /* NPT 0 = KServ's, 1..NR_VMS = the VMs', COREVISOR = KCore's */
#define INVALID_OWNER 0xFFFFFFFFu /* not RAM: MMIO, or pfn 0 */

/* Physical memory: NR_PFNS pages. pfn 0 is no RAM (page_0_invalid); 1..KCORE_PFN-1 start as KServ's;
 * KCORE_PFN.. are KCore's own pages (its data), which nobody else may ever map. */
#define NR_PFNS 8ul
#define KCORE_PFN 6ul
static unsigned long phys_mem[NR_PFNS][PTRS_PER_TABLE] __attribute__((aligned(4096)));
#define PFN_PHYS(pfn) ((unsigned long)phys_mem[(pfn)])

/* The guest-physical (IPA) space every stage-2 table translates: gfn 0..NR_GFNS-1 (and invalid ones above). */
#define NR_GFNS 4ul

/* Stage-2 descriptors: a leaf maps one 4 KiB page. S2AP/memory attributes are not modelled. */
#define S2_PAGE(pfn) VRM_DESC_PAGE(PFN_PHYS(pfn), VRM_PTE_AF)
#define DESC_VALID(d) (((d) & 1UL) != 0)
#define DESC_ADDR(d) ((d) & VRM_PTE_ADDR_MASK)

/* The pfn a leaf descriptor maps (a page of phys_mem), or NR_PFNS when it maps something else. */
static unsigned long desc_pfn(vrm_desc_t d)
{
  unsigned long pa = DESC_ADDR(d), base = PFN_PHYS(0);
  if (pa < base || pa >= base + NR_PFNS * PAGE_SIZE)
    return NR_PFNS;
  return (pa - base) / PAGE_SIZE;
}

/* SeKVM's barrier(): "dsb ish; isb", which the lock discipline puts after acquiring and before releasing. */
static inline void barrier(void)
{
  vrm_dsb();
  vrm_isb();
}

/* TLBI IPAS2E1IS: invalidates, on every CPU, the stage-2 TLB entries of one guest page (its IPA >> 12).
 * (C code sets no VTTBR_EL2; vrm counts a VMID-scoped TLBI for every VM, see the README's limits.) */
static inline void tlbi_ipa(unsigned long gfn)
{
  __asm__ __volatile__("tlbi ipas2e1is, %0" ::"r"(gfn) : "memory");
}

/* The machine halting on a failed check (SeKVM's panic) is modelled as the hypercall failing: it returns
 * this after releasing what it holds, and exploration goes on (a stronger check: states after it count too). */
#define EFAIL (-1L)

#endif
