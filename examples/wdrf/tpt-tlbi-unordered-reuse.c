// expect: Transactional-Page-Table
/* KCore takes gfn 0 back from VM 1 and reuses the page for its own data. The unmap has its TLBI and a DSB that
 * completes it, but nothing orders the cleared entry before the TLBI (write, TLBI, DSB instead of write, DSB,
 * TLBI, DSB): the invalidation may take effect before the VM's MMU can see the cleared entry, so a walk after it
 * reads the old entry and caches it again. On Arm the VM's store can then land on the page after KCore wrote it
 * (the page ends with 7); on SC the store either comes first or faults (the page ends with 42). */
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
#define KCORE_VALUE 42
static vrm_desc_t s2_pgd[512] __attribute__((aligned(PAGE)));
static vrm_desc_t s2_tables[2][512] __attribute__((aligned(PAGE))); /* level 2, level 3 */
static unsigned long guest_frames[2][512] __attribute__((aligned(PAGE)));
static pthread_mutex_t s2_lock;

VRM_ROOT(s2_pgd, 1, VRM_ROOT_VM, 1);
VRM_PROTECTS(s2_lock, s2_pgd);
VRM_PROTECTS(s2_lock, s2_tables);

static vrm_user void *guest(void *arg)
{
  vrm_user_store(s2_pgd, 0x0, 7);
  return 0;
}

static void *reclaim(void *arg)
{
  pthread_mutex_lock(&s2_lock);
  s2_tables[1][0] = 0;
  vrm_tlbi_ipa(0x0); /* the bug: a vrm_dsb() belongs before this TLBI */
  vrm_dsb();
  pthread_mutex_unlock(&s2_lock);
  guest_frames[0][0] = KCORE_VALUE; /* the frame is KCore's now */
  return 0;
}

int main(void)
{
  s2_pgd[0] = VRM_DESC_TABLE(s2_tables[0]);
  s2_tables[0][0] = VRM_DESC_TABLE(s2_tables[1]);
  s2_tables[1][0] = VRM_DESC_PAGE(guest_frames[0], VRM_PTE_AF);
  pthread_t g, k;
  pthread_create(&g, 0, guest, 0);
  pthread_create(&k, 0, reclaim, 0);
  pthread_join(k, 0);
  pthread_join(g, 0);
  return 0;
}
