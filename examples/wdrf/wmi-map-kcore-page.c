// expect: Weak-Memory-Isolation
/* SeKVM's map_pfn_vm at run time, called for a page the host names, without assign_pfn_to_vm's check that
 * the host owns the page: the host passes one of KCore's own pages, and KCore maps it into VM 1's stage 2
 * (under the NPT lock, into an empty entry), where the VM, a data oracle, can read and overwrite it. */
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

/* The page the host asks KCore to give VM 1 at gfn 1: KCore's own (the check of s2_owner is missing). */
static void *kcore(void *arg)
{
  unsigned long *host_page = arg;
  pthread_mutex_lock(&npt_lock);
  set_npt(0x1000, VRM_DESC_PAGE(host_page, VRM_PTE_AF));
  vrm_dsb();
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
  pthread_create(&k, 0, kcore, kcore_data);
  pthread_join(k, 0);
  pthread_join(v, 0);
  return 0;
}
