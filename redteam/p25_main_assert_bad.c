#include <pthread.h>
#include <stdatomic.h>
#include <assert.h>
atomic_int x;
void *t1(void *a) { atomic_store_explicit(&x, 1, memory_order_relaxed); return 0; }
void *t2(void *a) { atomic_store_explicit(&x, 2, memory_order_relaxed); return 0; }
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(x == 2);
  return 0;
}
