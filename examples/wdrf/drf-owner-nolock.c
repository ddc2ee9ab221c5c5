// expect: DRF-Kernel
/* KCore's clear_vm_page: a powered-off VM's page is scrubbed and handed back to the host, under the s2page
 * lock. A host-facing path peeks at the page's owner without taking the lock (READ_ONCE, as a racy check in
 * Linux would) and, seeing the host own the page, reads it for the host. On Arm it can see the new owner and
 * still the VM's secret: the scrub and the owner change are not ordered for a CPU that holds no lock. */
#include <stdatomic.h>
#include <pthread.h>
#include "vrm.h"

#define HOSTVISOR 1
#define VM 2
#define SECRET 0x5ec

struct ticket_lock { _Atomic unsigned next, now; };

static struct ticket_lock s2page_lock;
static unsigned long s2_owner[2];
static unsigned long page_data[2];
static unsigned long host_saw_owner, host_saw_data;
VRM_PROTECTS(s2page_lock, s2_owner);
VRM_PROTECTS(s2page_lock, page_data);

static void acquire_lock(struct ticket_lock *l)
{
  unsigned me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&l->now, memory_order_relaxed) != me)
    ;
  vrm_hold(l);
  vrm_dsb();
  vrm_isb();
}

static void release_lock(struct ticket_lock *l)
{
  vrm_dsb();
  vrm_release(l);
  atomic_store_explicit(&l->now, atomic_load_explicit(&l->now, memory_order_relaxed) + 1, memory_order_relaxed);
}

static void *clear_vm_page(void *arg)
{
  unsigned long pfn = (unsigned long)arg;
  acquire_lock(&s2page_lock);
  vrm_write_once(page_data[pfn], 0);
  vrm_write_once(s2_owner[pfn], HOSTVISOR);
  release_lock(&s2page_lock);
  return 0;
}

static void *host_read_page(void *arg)
{
  unsigned long pfn = (unsigned long)arg;
  unsigned long owner = vrm_read_once(s2_owner[pfn]); /* the bug: no acquire_lock(&s2page_lock) */
  host_saw_owner = owner;
  if (owner == HOSTVISOR)
    host_saw_data = vrm_read_once(page_data[pfn]);
  return 0;
}

int main(void)
{
  page_data[0] = SECRET;
  s2_owner[0] = VM;
  pthread_t a, b;
  pthread_create(&a, 0, clear_vm_page, (void *)0);
  pthread_create(&b, 0, host_read_page, (void *)0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
