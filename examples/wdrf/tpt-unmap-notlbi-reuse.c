// expect: Transactional-Page-Table
/* tpt-unmap-notlbi.c, and then KCore reuses the page: after the unmap it scrubs the page and writes its own
 * data there (SCRUBBED). Without the TLBI the VM's TLB may still translate gfn 0 to the page, so the VM's store
 * can land on KCore's data after the scrub: on Arm the page can end with the VM's value, which no SC execution
 * gives (under SC the store either comes before the scrub or faults). The Promising-Arm confirmation shows it. */
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

#define SCRUBBED 42

static vrm_user void *vm(void *arg)
{
  vrm_user_store(npt_l1, 0x0, 7);
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
  vm_pages[0][0] = SCRUBBED; /* the page is KCore's again */
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
