// expect: data race
// expect(arm): assertion fails
/* Message passing with a racy payload: the writer stores plain data, then raises a relaxed flag;
 * the reader waits for the flag, then reads the data. Relaxed accesses create no happens-before,
 * so the plain write and read of data race (reported in every interleaving that reaches the read),
 * and on Arm the two stores or the two loads may be reordered: the reader can see data == 0. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

int data;
atomic_int flag;

static void *writer(void *arg)
{
  (void)arg;
  data = 42;
  atomic_store_explicit(&flag, 1, memory_order_relaxed);
  return 0;
}

static void *reader(void *arg)
{
  (void)arg;
  while (!atomic_load_explicit(&flag, memory_order_relaxed))
    ; /* await the flag */
  assert(data == 42);
  return 0;
}

int main(void)
{
  pthread_t w, r;
  pthread_create(&w, 0, writer, 0);
  pthread_create(&r, 0, reader, 0);
  pthread_join(w, 0);
  pthread_join(r, 0);
  return 0;
}
