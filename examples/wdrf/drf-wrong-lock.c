// expect: DRF-Kernel
/* Two of SeKVM's locks: the s2page lock protects the page metadata (s2_owner, s2_gfn), a VM's lock its
 * state. assign_pfn_to_vm gives a host page to VM 1 at gfn 5 under the s2page lock; verify_vm checks the
 * page under the VM's lock only, the wrong one. On Arm verify_vm can see the page's new gfn with its old
 * owner (neither section orders its two accesses for a CPU that does not hold the s2page lock). */
#include <stdatomic.h>
#include <pthread.h>
#include "vrm.h"

#define HOSTVISOR 1
#define VM1 2

struct ticket_lock { _Atomic unsigned next, now; };

static struct ticket_lock s2page_lock, vm_lock;
static unsigned long s2_owner[2], s2_gfn[2];
static unsigned long vm_saw_owner, vm_saw_gfn;
VRM_PROTECTS(s2page_lock, s2_owner);
VRM_PROTECTS(s2page_lock, s2_gfn);
VRM_PROTECTS(vm_lock, vm_saw_owner);
VRM_PROTECTS(vm_lock, vm_saw_gfn);

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

static void *assign_pfn_to_vm(void *arg)
{
  unsigned long pfn = (unsigned long)arg;
  acquire_lock(&s2page_lock);
  s2_owner[pfn] = VM1;
  s2_gfn[pfn] = 5;
  release_lock(&s2page_lock);
  return 0;
}

static void *verify_vm(void *arg)
{
  unsigned long pfn = (unsigned long)arg;
  acquire_lock(&vm_lock); /* the bug: s2_gfn and s2_owner are the s2page lock's */
  vm_saw_gfn = s2_gfn[pfn];
  vm_saw_owner = s2_owner[pfn];
  release_lock(&vm_lock);
  return 0;
}

int main(void)
{
  s2_owner[0] = HOSTVISOR;
  pthread_t a, b;
  pthread_create(&a, 0, assign_pfn_to_vm, (void *)0);
  pthread_create(&b, 0, verify_vm, (void *)0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
