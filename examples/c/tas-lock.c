// expect: holds
/* A test-and-test-and-set spinlock: exchange with acquire (SWPA on Arm) to take the lock, a
 * relaxed spin while it is held, a release store (STLR) to free it. Three threads increment a
 * plain counter in the critical section: no data race, and main sees 3. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_int locked;
int counter;

static void spin_lock(void)
{
  while (atomic_exchange_explicit(&locked, 1, memory_order_acquire))
    while (atomic_load_explicit(&locked, memory_order_relaxed))
      ; /* await: spin on a plain read until the lock looks free */
}

static void spin_unlock(void)
{
  atomic_store_explicit(&locked, 0, memory_order_release);
}

static void *worker(void *arg)
{
  (void)arg;
  spin_lock();
  counter++;
  spin_unlock();
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
