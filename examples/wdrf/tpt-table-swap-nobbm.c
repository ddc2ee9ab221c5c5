// expect: Transactional-Page-Table
/* KCore remaps VM 1's gfn 1 to a new host page by building a new level-3 table (gfn 0 as before, gfn 1 to
 * the new page) and linking it straight over the live table descriptor, under the NPT lock and with a TLBI.
 * Replacing a live table descriptor needs break-before-make (the entry cleared, the TLB invalidated, then the
 * new table linked); SeKVM only ever links a zeroed table into an empty entry. */
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
static vrm_desc_t npt_l1[512] __attribute__((aligned(PAGE)));
static vrm_desc_t npt_l2[512] __attribute__((aligned(PAGE)));
static vrm_desc_t npt_l3[2][512] __attribute__((aligned(PAGE))); /* the live table, and its replacement */
static unsigned long vm_pages[3][512] __attribute__((aligned(PAGE)));
static pthread_mutex_t npt_lock;

VRM_ROOT(npt_l1, 1, VRM_ROOT_VM, 1);
VRM_PROTECTS(npt_lock, npt_l1);
VRM_PROTECTS(npt_lock, npt_l2);
VRM_PROTECTS(npt_lock, npt_l3);

static vrm_user void *vm(void *arg)
{
  VRM_ORACLE(npt_l1, 0x0, 0x1000, 2);
  return 0;
}

static void *kcore(void *arg)
{
  pthread_mutex_lock(&npt_lock);
  npt_l3[1][0] = npt_l3[0][0];
  npt_l3[1][1] = VRM_DESC_PAGE(vm_pages[2], VRM_PTE_AF);
  vrm_dsb();
  npt_l2[0] = VRM_DESC_TABLE(npt_l3[1]); /* the bug: over the live table descriptor, with no break first */
  vrm_dsb();
  vrm_tlbi_ipa(0x1000);
  vrm_dsb();
  pthread_mutex_unlock(&npt_lock);
  return 0;
}

int main(void)
{
  npt_l1[0] = VRM_DESC_TABLE(npt_l2);
  npt_l2[0] = VRM_DESC_TABLE(npt_l3[0]);
  npt_l3[0][0] = VRM_DESC_PAGE(vm_pages[0], VRM_PTE_AF);
  npt_l3[0][1] = VRM_DESC_PAGE(vm_pages[1], VRM_PTE_AF);
  pthread_t k, v;
  pthread_create(&v, 0, vm, 0);
  pthread_create(&k, 0, kcore, 0);
  pthread_join(k, 0);
  pthread_join(v, 0);
  return 0;
}
