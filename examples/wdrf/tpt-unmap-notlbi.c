// expect: Transactional-Page-Table
/* s2-map-unmap-ok.c's unmap of gfn 0 without its TLBI (SeKVM's clear_pfn_host calls kvm_tlb_flush_vmid_ipa_host
 * after set_npt): the entry is cleared under the NPT lock, but another CPU's TLB may keep translating gfn 0 to
 * the page after the lock is released, when KCore may already have scrubbed it and given it to someone else. */
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
static vrm_desc_t npt_l1[512] __attribute__((aligned(PAGE)));
static vrm_desc_t npt_pool[2][512] __attribute__((aligned(PAGE))); /* level 2, level 3 */
static unsigned long vm_pages[2][512] __attribute__((aligned(PAGE)));
static unsigned long kcore_data[512] __attribute__((aligned(PAGE)));
static pthread_mutex_t npt_lock;

VRM_ROOT(npt_l1, 1, VRM_ROOT_VM, 1);
VRM_KERNEL_PRIVATE(kcore_data);
VRM_PROTECTS(npt_lock, npt_l1);
VRM_PROTECTS(npt_lock, npt_pool);

static vrm_user void *vm(void *arg)
{
  VRM_ORACLE(npt_l1, 0x0, 0x1000, 2);
  return 0;
}

/* SeKVM's set_npt at level 3: the caller holds the NPT lock. */
static void set_npt(unsigned long ipa, vrm_desc_t pte)
{
  npt_pool[1][(ipa >> 12) & 511] = pte;
}

static void *kcore(void *arg)
{
  pthread_mutex_lock(&npt_lock);
  set_npt(0x0, 0);
  vrm_dsb(); /* the bug: no vrm_tlbi_ipa(0x0); vrm_dsb(); */
  pthread_mutex_unlock(&npt_lock);
  return 0;
}

int main(void)
{
  npt_l1[0] = VRM_DESC_TABLE(npt_pool[0]);
  npt_pool[0][0] = VRM_DESC_TABLE(npt_pool[1]);
  npt_pool[1][0] = VRM_DESC_PAGE(vm_pages[0], VRM_PTE_AF);
  pthread_t k, v;
  pthread_create(&v, 0, vm, 0);
  pthread_create(&k, 0, kcore, 0);
  pthread_join(k, 0);
  pthread_join(v, 0);
  return 0;
}
