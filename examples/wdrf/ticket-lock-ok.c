// expect: holds
/* SeKVM's ticket lock (acquire_lock/release_lock with dsb+isb barriers) protecting a page-ownership array:
 * two CPUs each move one page to a new owner. */
#include <stdatomic.h>
#include <pthread.h>
#include "vrm.h"

struct ticket_lock { _Atomic unsigned next, now; };

static struct ticket_lock pt_lock;
static unsigned long owner[2];
VRM_PROTECTS(pt_lock, owner);

static void acquire(struct ticket_lock *l)
{
  unsigned me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&l->now, memory_order_relaxed) != me)
    ;
  vrm_hold(l);
  vrm_dsb();
  vrm_isb();
}

static void release(struct ticket_lock *l)
{
  vrm_dsb();
  vrm_release(l);
  atomic_store_explicit(&l->now, atomic_load_explicit(&l->now, memory_order_relaxed) + 1, memory_order_relaxed);
}

static void *cpu(void *arg)
{
  unsigned long page = (unsigned long)arg;
  acquire(&pt_lock);
  if (owner[page] == 0)
    owner[page] = page + 1;
  release(&pt_lock);
  return 0;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, cpu, (void *)0);
  pthread_create(&b, 0, cpu, (void *)1);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
