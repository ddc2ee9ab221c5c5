/* A CPU holds an outer lock (a VM's record) across two critical sections of the page-table lock, each
 * unmapping one page with its TLBI: one change per page-table section, as SeKVM's verify_and_load_images.
 * -DONE_SECTION makes both unmaps one page-table section: two changes of valid translations in it.
 * Without -DTLBI the unmaps are not invalidated. */
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
static vrm_desc_t s2_l1[512] __attribute__((aligned(PAGE)));
static vrm_desc_t s2_pool[2][512] __attribute__((aligned(PAGE)));
static unsigned long host_mem[2][512] __attribute__((aligned(PAGE)));
static pthread_mutex_t vm_lock, pt_lock;
static unsigned long vm_state;

VRM_ROOT(s2_l1, 1, VRM_ROOT_VM, 0);
VRM_PROTECTS(pt_lock, s2_l1);
VRM_PROTECTS(pt_lock, s2_pool);
VRM_PROTECTS(vm_lock, vm_state);

static void unmap(unsigned long gfn)
{
  s2_pool[1][gfn] = 0;
  vrm_dsb();
#ifdef TLBI
  __asm__ __volatile__("tlbi ipas2e1is, %0" ::"r"(gfn) : "memory");
  vrm_dsb();
#endif
}

static void *kernel(void *arg)
{
  pthread_mutex_lock(&vm_lock);
#ifdef ONE_SECTION
  pthread_mutex_lock(&pt_lock);
  unmap(0);
  unmap(1);
  pthread_mutex_unlock(&pt_lock);
#else
  pthread_mutex_lock(&pt_lock);
  unmap(0);
  pthread_mutex_unlock(&pt_lock);
  pthread_mutex_lock(&pt_lock);
  unmap(1);
  pthread_mutex_unlock(&pt_lock);
#endif
  vm_state = 1;
  pthread_mutex_unlock(&vm_lock);
  return 0;
}

int main(void)
{
  s2_l1[0] = VRM_DESC_TABLE(s2_pool[0]);
  s2_pool[0][0] = VRM_DESC_TABLE(s2_pool[1]);
  s2_pool[1][0] = VRM_DESC_PAGE(host_mem[0], VRM_PTE_AF);
  s2_pool[1][1] = VRM_DESC_PAGE(host_mem[1], VRM_PTE_AF);
  pthread_t k;
  pthread_create(&k, 0, kernel, 0);
  pthread_join(k, 0);
  return 0;
}
