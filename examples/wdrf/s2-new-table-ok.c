// expect: holds
/* KCore maps a page into VM 1 at an IPA whose level-3 table does not exist yet, as SeKVM's walk_pmd with
 * alloc does: under the NPT lock it takes a zeroed page from the table pool, links it into the empty level-2
 * entry, then writes the leaf into it. The VM's MMU walks the tables without the lock, at any moment: it sees
 * no translation, or the new one. */
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
#define IPA_NEW 0x200000UL /* level-2 index 1: a 2 MiB region with no level-3 table yet */
static vrm_desc_t npt_l1[512] __attribute__((aligned(PAGE)));
static vrm_desc_t npt_l2[512] __attribute__((aligned(PAGE)));
static vrm_desc_t npt_pool[2][512] __attribute__((aligned(PAGE))); /* level-3 tables, zeroed until used */
static unsigned long npt_pool_next;
static unsigned long vm_pages[2][512] __attribute__((aligned(PAGE)));
static pthread_mutex_t npt_lock;

VRM_ROOT(npt_l1, 1, VRM_ROOT_VM, 1);
VRM_PROTECTS(npt_lock, npt_l1);
VRM_PROTECTS(npt_lock, npt_l2);
VRM_PROTECTS(npt_lock, npt_pool);
VRM_PROTECTS(npt_lock, npt_pool_next);

/* The VM as a data oracle over its two IPAs (gfn 0, and the one KCore maps): a load or a store at each step. */
static vrm_user void *vm(void *arg)
{
  for (int step = 0; step < 2; step++) {
    unsigned long ipa = vrm_nondet_range(0, 1) ? IPA_NEW : 0x0;
    if (vrm_nondet_range(0, 1))
      vrm_user_store(npt_l1, ipa, VRM_ORACLE_VALUE);
    else
      (void)vrm_user_load(npt_l1, ipa);
  }
  return 0;
}

/* SeKVM's walk_pmd(..., alloc = 1): the level-3 table of ipa, made from the pool when the entry is empty. */
static vrm_desc_t *walk_pmd(unsigned long ipa)
{
  vrm_desc_t *pmd = &npt_l2[(ipa >> 21) & 511];
  if (*pmd == 0)
    *pmd = VRM_DESC_TABLE(npt_pool[npt_pool_next++]);
  return (vrm_desc_t *)(unsigned long)(*pmd & VRM_PTE_ADDR_MASK);
}

static void *kcore(void *arg)
{
  pthread_mutex_lock(&npt_lock);
  vrm_desc_t *pte = walk_pmd(IPA_NEW);
  pte[(IPA_NEW >> 12) & 511] = VRM_DESC_PAGE(vm_pages[1], VRM_PTE_AF);
  vrm_dsb();
  pthread_mutex_unlock(&npt_lock);
  return 0;
}

int main(void)
{
  npt_l1[0] = VRM_DESC_TABLE(npt_l2);
  walk_pmd(0x0)[0] = VRM_DESC_PAGE(vm_pages[0], VRM_PTE_AF);
  pthread_t k, v;
  pthread_create(&v, 0, vm, 0);
  pthread_create(&k, 0, kcore, 0);
  pthread_join(k, 0);
  pthread_join(v, 0);
  return 0;
}
