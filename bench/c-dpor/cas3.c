/* Three threads CAS x from 0 to their id and one fetch_add: failed CASes are reads, so traces are
 * the order of the successful updates and which write each failed CAS saw. */
#include <pthread.h>
#include <stdatomic.h>

atomic_int x;

static void *t(void *arg)
{
  int expected = 0;
  atomic_compare_exchange_strong(&x, &expected, (int)(long)arg);
  return 0;
}

static void *inc(void *arg) { (void)arg; atomic_fetch_add(&x, 10); return 0; }

int main(void)
{
  pthread_t p[4];
  pthread_create(&p[0], 0, t, (void *)1);
  pthread_create(&p[1], 0, t, (void *)2);
  pthread_create(&p[2], 0, t, (void *)3);
  pthread_create(&p[3], 0, inc, 0);
  pthread_join(p[0], 0);
  pthread_join(p[1], 0);
  pthread_join(p[2], 0);
  pthread_join(p[3], 0);
  return 0;
}
