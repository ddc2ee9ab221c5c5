// expect: holds
/* A 3-level stage-2 table (walks start at level 1) that the kernel builds at boot, then maps one more VM
 * page under its page-table lock while the VM, a data oracle, accesses its memory concurrently. */
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
static vrm_desc_t s2_l1[512] __attribute__((aligned(PAGE)));
static vrm_desc_t s2_pool[2][512] __attribute__((aligned(PAGE)));
static unsigned long vm_mem[2][512] __attribute__((aligned(PAGE)));
static unsigned long kcore_data[512] __attribute__((aligned(PAGE)));
static pthread_mutex_t pt_lock;

VRM_ROOT(s2_l1, 1, VRM_ROOT_VM, 1);
VRM_KERNEL_PRIVATE(kcore_data);
VRM_PROTECTS(pt_lock, s2_l1);
VRM_PROTECTS(pt_lock, s2_pool);

static vrm_user void *vm(void *arg)
{
  VRM_ORACLE(s2_l1, 0x0, 0x1000, 2);
  return 0;
}

static void *kernel(void *arg)
{
  pthread_mutex_lock(&pt_lock);
  s2_pool[1][1] = VRM_DESC_PAGE(vm_mem[1], VRM_PTE_AF);
  vrm_dsb();
  pthread_mutex_unlock(&pt_lock);
  return 0;
}

int main(void)
{
  s2_l1[0] = VRM_DESC_TABLE(s2_pool[0]);
  s2_pool[0][0] = VRM_DESC_TABLE(s2_pool[1]);
  s2_pool[1][0] = VRM_DESC_PAGE(vm_mem[0], VRM_PTE_AF);
  pthread_t k, v;
  pthread_create(&v, 0, vm, 0);
  pthread_create(&k, 0, kernel, 0);
  pthread_join(k, 0);
  pthread_join(v, 0);
  return 0;
}
