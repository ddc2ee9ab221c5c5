// expect: holds
/* Each VM's record holds its own ticket lock, written with C11 atomics (the turn read is an acquire, the hand-over
 * a release store), and the lock protects the whole record around it. Two CPUs register a vCPU of VM 0 and one of
 * VM 1; the lock's own words are how it is taken, not memory it protects. */
#include <stdatomic.h>
#include <pthread.h>
#include "vrm.h"

struct ticket { _Atomic unsigned next, now; };
struct vm_record {
  struct ticket lock;
  unsigned long state;
  unsigned long vcpus;
};
static struct vm_record vms[2];
VRM_PROTECTS(vms[0].lock, vms[0]);
VRM_PROTECTS(vms[1].lock, vms[1]);

static void take(struct ticket *t)
{
  unsigned mine = atomic_fetch_add_explicit(&t->next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&t->now, memory_order_acquire) != mine)
    ;
  vrm_hold(t);
}

static void give(struct ticket *t)
{
  unsigned turn = atomic_load_explicit(&t->now, memory_order_relaxed);
  vrm_release(t);
  atomic_store_explicit(&t->now, turn + 1, memory_order_release);
}

static void *register_vcpu(void *arg)
{
  struct vm_record *vm = &vms[(long)arg >> 1];
  take(&vm->lock);
  if (vm->state == 0)
    vm->vcpus = vm->vcpus + 1;
  give(&vm->lock);
  return 0;
}

int main(void)
{
  pthread_t a, b, c;
  pthread_create(&a, 0, register_vcpu, (void *)0);
  pthread_create(&b, 0, register_vcpu, (void *)1);
  pthread_create(&c, 0, register_vcpu, (void *)2);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
  return 0;
}
