// expect: holds
/* The kernel gives a host page to a VM: it unmaps the page from the host's table (with TLBI), then records
 * the VM as the owner. The VM writes its data (its input, a secret) once it owns the page; the host reads
 * its pages through its own table (a data oracle). With -DBUG_NO_UNMAP the page stays mapped for the host,
 * which can then read the VM's data: a confidentiality violation. */
#include <pthread.h>
#include "vrm.h"

#define HOST 0
#define VM 1

static vrm_desc_t host_pt[512] __attribute__((aligned(4096)));
static unsigned long pages[2][512] __attribute__((aligned(4096)));
static long owner[2];
static pthread_mutex_t lock;

VRM_ROOT(host_pt, 3, VRM_ROOT_USER, 0);
VRM_PROTECTS(lock, owner);
VRM_PROTECTS(lock, host_pt);

static void assign_page(long pfn, long vm)
{
  pthread_mutex_lock(&lock);
  if (owner[pfn] == HOST) {
#ifndef BUG_NO_UNMAP
    host_pt[pfn] = 0;
    vrm_dsb();
    vrm_tlbi_page((void *)(pfn << 12));
    vrm_dsb();
#endif
    owner[pfn] = vm;
  }
  pthread_mutex_unlock(&lock);
}

static void *kernel(void *arg)
{
  assign_page(1, VM);
  return 0;
}

static vrm_user void *host(void *arg)
{
  (void)vrm_user_load(host_pt, 0x1000);
  return 0;
}

static void *vm(void *arg)
{
  pthread_mutex_lock(&lock);
  long mine = owner[1] == VM;
  pthread_mutex_unlock(&lock);
  if (mine)
    pages[1][0] = vrm_input();
  return 0;
}

VRM_PRINCIPAL(host, HOST);
VRM_PRINCIPAL(vm, VM);

int main(void)
{
  host_pt[0] = VRM_DESC_PAGE(pages[0], VRM_PTE_AF);
  host_pt[1] = VRM_DESC_PAGE(pages[1], VRM_PTE_AF);
  pthread_t k, h, v;
  pthread_create(&k, 0, kernel, 0);
  pthread_create(&h, 0, host, 0);
  pthread_create(&v, 0, vm, 0);
  pthread_join(k, 0);
  pthread_join(h, 0);
  pthread_join(v, 0);
  return 0;
}
