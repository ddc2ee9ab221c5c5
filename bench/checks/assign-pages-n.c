// expect: holds
/* examples/security/assign-page.c scaled up for bench/README.md ("Noninterference and refinement"): the kernel
 * gives PAGES - 1 host pages (default PAGES 3) to a VM, one critical section each (unmap from the host's table
 * with DSB, TLBI, DSB; then record the owner); the VM writes its input (a secret) into each page it owns; the host
 * makes LOADS reads (default 2) through its own table, of pages 1, 2, ... in turn. Confidentiality holds: the
 * host can never read the VM's data. Build the sizes with -DPAGES=N -DLOADS=M. */
#include <pthread.h>
#include "vrm.h"

#ifndef PAGES
#define PAGES 3
#endif
#ifndef LOADS
#define LOADS 2
#endif

#define HOST 0
#define VM 1

static vrm_desc_t host_pt[512] __attribute__((aligned(4096)));
static unsigned long pages[PAGES][512] __attribute__((aligned(4096)));
static long owner[PAGES];
static pthread_mutex_t lock;

VRM_ROOT(host_pt, 3, VRM_ROOT_USER, 0);
VRM_PROTECTS(lock, owner);
VRM_PROTECTS(lock, host_pt);

static void assign_page(long pfn, long vm)
{
  pthread_mutex_lock(&lock);
  if (owner[pfn] == HOST) {
    host_pt[pfn] = 0;
    vrm_dsb();
    vrm_tlbi_page((void *)(pfn << 12));
    vrm_dsb();
    owner[pfn] = vm;
  }
  pthread_mutex_unlock(&lock);
}

static void *kernel(void *arg)
{
  for (long pfn = 1; pfn < PAGES; pfn++)
    assign_page(pfn, VM);
  return 0;
}

static vrm_user void *host(void *arg)
{
  for (long i = 0; i < LOADS; i++)
    (void)vrm_user_load(host_pt, (1 + i % (PAGES - 1)) << 12);
  return 0;
}

static void *vm(void *arg)
{
  for (long pfn = 1; pfn < PAGES; pfn++) {
    pthread_mutex_lock(&lock);
    long mine = owner[pfn] == VM;
    pthread_mutex_unlock(&lock);
    if (mine)
      pages[pfn][0] = vrm_input();
  }
  return 0;
}

VRM_PRINCIPAL(host, HOST);
VRM_PRINCIPAL(vm, VM);

int main(void)
{
  for (long pfn = 0; pfn < PAGES; pfn++)
    host_pt[pfn] = VRM_DESC_PAGE(pages[pfn], VRM_PTE_AF);
  pthread_t k, h, v;
  pthread_create(&k, 0, kernel, 0);
  pthread_create(&h, 0, host, 0);
  pthread_create(&v, 0, vm, 0);
  pthread_join(k, 0);
  pthread_join(h, 0);
  pthread_join(v, 0);
  return 0;
}
