/* Two writers and two readers that read x and y in opposite orders (IRIW under SC), plus a thread that
 * reads y and, only when it saw 0, x: the conditional read is the shape that makes source sets
 * insufficient without wakeup trees (sleep-set-blocked explorations). */
#include <pthread.h>
#include <stdatomic.h>

atomic_int x, y;

static void *wx(void *arg) { (void)arg; atomic_store(&x, 1); return 0; }
static void *wy(void *arg) { (void)arg; atomic_store(&y, 1); return 0; }
static void *rxy(void *arg) { (void)arg; (void)atomic_load(&x); (void)atomic_load(&y); return 0; }
static void *ryx(void *arg) { (void)arg; (void)atomic_load(&y); (void)atomic_load(&x); return 0; }
static void *cond(void *arg)
{
  (void)arg;
  if (atomic_load(&y) == 0)
    (void)atomic_load(&x);
  return 0;
}

int main(void)
{
  pthread_t t[5];
  pthread_create(&t[0], 0, wx, 0);
  pthread_create(&t[1], 0, wy, 0);
  pthread_create(&t[2], 0, rxy, 0);
  pthread_create(&t[3], 0, ryx, 0);
  pthread_create(&t[4], 0, cond, 0);
  pthread_join(t[0], 0);
  pthread_join(t[1], 0);
  pthread_join(t[2], 0);
  pthread_join(t[3], 0);
  pthread_join(t[4], 0);
  return 0;
}
