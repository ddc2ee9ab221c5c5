// expect: No-Barrier-Misuse
/* A test-and-set lock on the VMID allocator taken by a relaxed exchange. The acquire load that follows reads
 * the CPU-online flag, not the lock: it orders what comes after it, but not after the exchange, so the read of
 * next_vmid may be satisfied before this CPU owns the lock. Two CPUs can then hand out the same VMID. */
#include <stdatomic.h>
#include <pthread.h>
#include "vrm.h"

static _Atomic int vmid_lock;
static _Atomic int cpu_online;
static unsigned long next_vmid;
static unsigned long vmid_of[2];
VRM_PROTECTS(vmid_lock, next_vmid);
VRM_PROTECTS(vmid_lock, vmid_of);

static void *alloc_vmid(void *arg)
{
  long vm = (long)arg;
  while (atomic_exchange_explicit(&vmid_lock, 1, memory_order_relaxed))
    ;
  (void)atomic_load_explicit(&cpu_online, memory_order_acquire);
  vrm_hold(&vmid_lock);
  vmid_of[vm] = next_vmid;
  next_vmid = next_vmid + 1;
  vrm_release(&vmid_lock);
  atomic_store_explicit(&vmid_lock, 0, memory_order_release);
  return 0;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, alloc_vmid, (void *)0);
  pthread_create(&b, 0, alloc_vmid, (void *)1);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
