// expect: holds
/* Message passing done right: a release store of the flag (STLR on Arm) publishes the plain data
 * written before it; the reader's acquire load (LDAR) that sees the flag synchronises with it, so
 * the data read happens after the write: no data race, and data == 42 in every model. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

int data;
atomic_int flag;

static void *writer(void *arg)
{
  (void)arg;
  data = 42;
  atomic_store_explicit(&flag, 1, memory_order_release);
  return 0;
}

static void *reader(void *arg)
{
  (void)arg;
  while (!atomic_load_explicit(&flag, memory_order_acquire))
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
