// expect: holds
/* SeKVM's host_iso as an invariant: a page the host does not own is not mapped in the host's table. The kernel
 * moves pages between the host and a VM under its lock; vrm checks the invariant at every state where no CPU
 * holds a lock. With -DBUG_MAP_BEFORE_CHECK the kernel gives a page back to the host's table before it is the
 * host's again: the invariant fails. */
#include <pthread.h>
#include "vrm.h"

#define HOST 0
#define VM 1
#define PAGES 2

static vrm_desc_t host_pt[512] __attribute__((aligned(4096)));
static unsigned long pages[PAGES][512] __attribute__((aligned(4096)));
static long owner[PAGES];
static pthread_mutex_t lock;

VRM_PROTECTS(lock, owner);
VRM_PROTECTS(lock, host_pt);

static int host_iso(void)
{
  for (int pfn = 0; pfn < PAGES; pfn++)
    if (owner[pfn] != HOST && host_pt[pfn] != 0)
      return 0;
  return 1;
}
VRM_INVARIANT(host_iso);

static void give_to_vm(long pfn)
{
  pthread_mutex_lock(&lock);
  if (owner[pfn] == HOST) {
    host_pt[pfn] = 0;
    owner[pfn] = VM;
  }
  pthread_mutex_unlock(&lock);
}

static void give_back(long pfn)
{
#ifdef BUG_MAP_BEFORE_CHECK
  pthread_mutex_lock(&lock);
  host_pt[pfn] = VRM_DESC_PAGE(pages[pfn], VRM_PTE_AF);
  pthread_mutex_unlock(&lock);
#endif
  pthread_mutex_lock(&lock);
  if (owner[pfn] == VM) {
    owner[pfn] = HOST;
    host_pt[pfn] = VRM_DESC_PAGE(pages[pfn], VRM_PTE_AF);
  }
  pthread_mutex_unlock(&lock);
}

static void *cpu0(void *arg)
{
  give_to_vm(1);
  return 0;
}

static void *cpu1(void *arg)
{
  give_back(1);
  return 0;
}

int main(void)
{
  for (int pfn = 0; pfn < PAGES; pfn++)
    host_pt[pfn] = VRM_DESC_PAGE(pages[pfn], VRM_PTE_AF);
  pthread_t a, b;
  pthread_create(&a, 0, cpu0, 0);
  pthread_create(&b, 0, cpu1, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
