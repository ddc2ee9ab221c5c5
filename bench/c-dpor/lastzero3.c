/* lastzero (Abdulla et al., source-DPOR benchmarks), N = 3, loops written out: t0 looks for the last zero
 * in a[0..3] from the top; t_j sets a[j] = a[j-1] + 1. A known case of sleep-set blocking for source-DPOR. */
#include <pthread.h>
#include <stdatomic.h>

atomic_int a[4];

static void *t0(void *arg)
{
  (void)arg;
  if (atomic_load(&a[3]) == 0)
    return 0;
  if (atomic_load(&a[2]) == 0)
    return 0;
  if (atomic_load(&a[1]) == 0)
    return 0;
  (void)atomic_load(&a[0]);
  return 0;
}

static void *t1(void *arg) { (void)arg; atomic_store(&a[1], atomic_load(&a[0]) + 1); return 0; }
static void *t2(void *arg) { (void)arg; atomic_store(&a[2], atomic_load(&a[1]) + 1); return 0; }
static void *t3(void *arg) { (void)arg; atomic_store(&a[3], atomic_load(&a[2]) + 1); return 0; }

int main(void)
{
  pthread_t p0, p1, p2, p3;
  pthread_create(&p0, 0, t0, 0);
  pthread_create(&p1, 0, t1, 0);
  pthread_create(&p2, 0, t2, 0);
  pthread_create(&p3, 0, t3, 0);
  pthread_join(p0, 0);
  pthread_join(p1, 0);
  pthread_join(p2, 0);
  pthread_join(p3, 0);
  return 0;
}
