// expect: holds
/* A ticket lock: take a ticket with fetch_add on next (LDADD on Arm), wait with acquire loads
 * (LDAR) until owner reaches it, hand over with a release store (STLR) of owner + 1: the same
 * orders as Linux's arm64 ticket lock. Three threads increment a plain counter; main sees 3. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_uint next;  /* the next ticket to hand out */
atomic_uint owner; /* the ticket being served */
int counter;

static void ticket_lock(void)
{
  unsigned me = atomic_fetch_add_explicit(&next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&owner, memory_order_acquire) != me)
    ; /* await our turn */
}

static void ticket_unlock(void)
{
  /* only the holder writes owner, so a plain read-increment-write is enough */
  unsigned o = atomic_load_explicit(&owner, memory_order_relaxed);
  atomic_store_explicit(&owner, o + 1, memory_order_release);
}

static void *worker(void *arg)
{
  (void)arg;
  ticket_lock();
  counter++;
  ticket_unlock();
  return 0;
}

int main(void)
{
  pthread_t a, b, c;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_create(&c, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
  assert(counter == 3);
  return 0;
}
