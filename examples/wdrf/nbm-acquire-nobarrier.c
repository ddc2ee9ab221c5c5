// expect: No-Barrier-Misuse
/* gen-vmid-ok.c without the barrier after log_hold in acquire_lock: on Arm a CPU may read next_vmid before
 * it sees its turn come (its spin loop's control dependency orders no later load), so both VMs get VMID 0
 * and next_vmid ends at 1, which no SC execution reaches. */
#include <stdatomic.h>
#include <pthread.h>
#include "vrm.h"

struct ticket_lock { _Atomic unsigned next, now; };

static struct ticket_lock core_lock;
static unsigned long next_vmid;
static unsigned long vmid_of[2];
VRM_PROTECTS(core_lock, next_vmid);
VRM_PROTECTS(core_lock, vmid_of);

static void acquire_lock(struct ticket_lock *l)
{
  unsigned me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&l->now, memory_order_relaxed) != me)
    ;
  vrm_hold(l); /* log_hold, and no barrier: SeKVM's needs dsb; isb here */
}

static void release_lock(struct ticket_lock *l)
{
  vrm_dsb();
  vrm_release(l); /* before incr_now */
  atomic_store_explicit(&l->now, atomic_load_explicit(&l->now, memory_order_relaxed) + 1, memory_order_relaxed);
}

static void *gen_vmid(void *arg)
{
  unsigned long vm = (unsigned long)arg;
  acquire_lock(&core_lock);
  unsigned long vmid = next_vmid;
  next_vmid = vmid + 1;
  vmid_of[vm] = vmid;
  release_lock(&core_lock);
  return 0;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, gen_vmid, (void *)0);
  pthread_create(&b, 0, gen_vmid, (void *)1);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
