// expect: Weak-Memory-Isolation
/* KCore builds VM 1's stage-2 table at boot from the list of pages the host gave the VM, without checking
 * who owns them: the host's list names one of KCore's own pages, so gfn 1 reaches KCore's data and the VM,
 * a data oracle, can read and overwrite it. */
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
static vrm_desc_t npt_l1[512] __attribute__((aligned(PAGE)));
static vrm_desc_t npt_pool[2][512] __attribute__((aligned(PAGE))); /* level 2, level 3 */
static unsigned long vm_pages[1][512] __attribute__((aligned(PAGE)));
static unsigned long kcore_data[512] __attribute__((aligned(PAGE)));

VRM_ROOT(npt_l1, 1, VRM_ROOT_VM, 1);
VRM_KERNEL_PRIVATE(kcore_data);

/* The pages the host gave VM 1, gfn by gfn: the second is KCore's. */
static unsigned long *const boot_pages[2] = { vm_pages[0], kcore_data };

static vrm_user void *vm(void *arg)
{
  VRM_ORACLE(npt_l1, 0x0, 0x1000, 1);
  return 0;
}

int main(void)
{
  npt_l1[0] = VRM_DESC_TABLE(npt_pool[0]);
  npt_pool[0][0] = VRM_DESC_TABLE(npt_pool[1]);
  for (int gfn = 0; gfn < 2; gfn++)
    npt_pool[1][gfn] = VRM_DESC_PAGE(boot_pages[gfn], VRM_PTE_AF);
  pthread_t v;
  pthread_create(&v, 0, vm, 0);
  pthread_join(v, 0);
  return 0;
}
