// expect: holds
/* examples/refinement/counter-lock.c scaled up for bench/README.md ("Noninterference and refinement"): THREADS
 * workers (default 3) each call inc() CALLS times (default 2); inc is a counter behind a ticket lock and must
 * refine the atomic counter spec_inc. Build the sizes with -DTHREADS=N -DCALLS=M. */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

#ifndef THREADS
#define THREADS 3
#endif
#ifndef CALLS
#define CALLS 2
#endif

struct ticket_lock { _Atomic unsigned next, now; };
static struct ticket_lock lock;
static long counter;
static long spec_counter;

static void acquire(struct ticket_lock *l)
{
  unsigned me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&l->now, memory_order_acquire) != me)
    ;
}

static void release(struct ticket_lock *l)
{
  atomic_store_explicit(&l->now, atomic_load_explicit(&l->now, memory_order_relaxed) + 1, memory_order_release);
}

static long inc(void)
{
  acquire(&lock);
  long old = counter;
  counter = old + 1;
  release(&lock);
  return old;
}

static long spec_inc(void)
{
  return spec_counter++;
}
VRM_SPEC(inc, spec_inc);

static void *worker(void *arg)
{
  for (int i = 0; i < CALLS; i++)
    inc();
  return 0;
}

int main(void)
{
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], 0);
  return 0;
}
