// expect: DRF-Kernel
/* s2-map-unmap-ok.c's unmap of gfn 0 made without the NPT lock, and with no VRM_PROTECTS for the tables:
 * page tables are shared with every CPU's MMU, so a kernel CPU writes them holding their lock (SeKVM's
 * pt_store requires it), declared or not. The TLBI is there; the lock is not. */
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
static vrm_desc_t npt_l1[512] __attribute__((aligned(PAGE)));
static vrm_desc_t npt_pool[2][512] __attribute__((aligned(PAGE))); /* level 2, level 3 */
static unsigned long vm_pages[2][512] __attribute__((aligned(PAGE)));
static unsigned long kcore_data[512] __attribute__((aligned(PAGE)));

VRM_ROOT(npt_l1, 1, VRM_ROOT_VM, 1);
VRM_KERNEL_PRIVATE(kcore_data);

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
  set_npt(0x0, 0); /* the bug: no pthread_mutex_lock(&npt_lock) */
  vrm_dsb();
  vrm_tlbi_ipa(0x0);
  vrm_dsb();
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
