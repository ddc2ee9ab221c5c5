// expect: Transactional-Page-Table
/* The unmap without TLBI once more, and now the VM reads: after the unmap KCore writes a secret of its own into
 * the page it took back. Without the TLBI the VM's TLB may still translate gfn 0 to that page, so the VM's load
 * can return KCore's secret. Under SC the load comes before the secret is written (it reads the VM's own 5) or
 * after the unmap (it faults and reads 0), never the secret: the Promising-Arm confirmation compares what user
 * and VM threads read, and shows the VM reading 1234 on Arm only. */
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
static vrm_desc_t npt_l1[512] __attribute__((aligned(PAGE)));
static vrm_desc_t npt_pool[2][512] __attribute__((aligned(PAGE))); /* level 2, level 3 */
static unsigned long vm_pages[2][512] __attribute__((aligned(PAGE)));
static pthread_mutex_t npt_lock;

VRM_ROOT(npt_l1, 1, VRM_ROOT_VM, 1);
VRM_PROTECTS(npt_lock, npt_l1);
VRM_PROTECTS(npt_lock, npt_pool);

#define KCORE_SECRET 1234

static vrm_user void *vm(void *arg)
{
  long seen = vrm_user_load(npt_l1, 0x0);
  (void)seen;
  return 0;
}

static void *kcore(void *arg)
{
  pthread_mutex_lock(&npt_lock);
  npt_pool[1][0] = 0; /* unmap gfn 0 (SeKVM's set_npt at level 3) */
  vrm_dsb();          /* the bug: no vrm_tlbi_ipa(0x0); vrm_dsb(); */
  pthread_mutex_unlock(&npt_lock);
  vm_pages[0][0] = KCORE_SECRET; /* the page is KCore's again */
  return 0;
}

int main(void)
{
  vm_pages[0][0] = 5;
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
