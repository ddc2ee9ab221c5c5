#include <pthread.h>
#include <stdatomic.h>
#include <assert.h>
atomic_int c;
void *t(void *a) {
  for (int i = 0; i < 3; i++) {
    int v = atomic_load_explicit(&c, memory_order_relaxed);
    atomic_store_explicit(&c, v + 1, memory_order_relaxed);
  }
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t, 0); pthread_create(&b, 0, t, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(c >= 2);
  return 0;
}
