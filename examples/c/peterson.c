// expect: holds
/* Peterson's lock with seq_cst atomics: correct under SC and on Arm (STLR/LDAR are ordered).
 * Two threads each increment a plain counter in the critical section; the lock's release and
 * acquire order the two increments, so there is no data race and main sees 2. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_int flag[2];
atomic_int turn;
int counter;

static void lock(int me)
{
  int other = 1 - me;
  atomic_store_explicit(&flag[me], 1, memory_order_seq_cst);
  atomic_store_explicit(&turn, other, memory_order_seq_cst);
  while (atomic_load_explicit(&flag[other], memory_order_seq_cst) == 1 &&
         atomic_load_explicit(&turn, memory_order_seq_cst) == other)
    ; /* await: the other thread leaves or gives us the turn */
}

static void unlock(int me)
{
  atomic_store_explicit(&flag[me], 0, memory_order_seq_cst);
}

static void *t0(void *arg)
{
  (void)arg;
  lock(0);
  counter++;
  unlock(0);
  return 0;
}

static void *t1(void *arg)
{
  (void)arg;
  lock(1);
  counter++;
  unlock(1);
  return 0;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, t0, 0);
  pthread_create(&b, 0, t1, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  assert(counter == 2);
  return 0;
}
