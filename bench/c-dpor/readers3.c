/* One writer, three readers of x: each reader reads 0 or 1, so 2^3 = 8 traces. */
#include <pthread.h>
#include <stdatomic.h>

atomic_int x, r1, r2, r3;

static void *w(void *arg) { (void)arg; atomic_store(&x, 1); return 0; }
static void *a(void *arg) { (void)arg; atomic_store(&r1, atomic_load(&x)); return 0; }
static void *b(void *arg) { (void)arg; atomic_store(&r2, atomic_load(&x)); return 0; }
static void *c(void *arg) { (void)arg; atomic_store(&r3, atomic_load(&x)); return 0; }

int main(void)
{
  pthread_t t[4];
  pthread_create(&t[0], 0, w, 0);
  pthread_create(&t[1], 0, a, 0);
  pthread_create(&t[2], 0, b, 0);
  pthread_create(&t[3], 0, c, 0);
  pthread_join(t[0], 0);
  pthread_join(t[1], 0);
  pthread_join(t[2], 0);
  pthread_join(t[3], 0);
  return 0;
}
