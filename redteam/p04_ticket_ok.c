#include <pthread.h>
#include <stdatomic.h>
#include <assert.h>
atomic_uint next, serving; int cnt;
void *t(void *a) {
  unsigned me = atomic_fetch_add_explicit(&next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&serving, memory_order_acquire) != me) ;
  cnt++;
  atomic_store_explicit(&serving, me + 1, memory_order_release);
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t, 0); pthread_create(&b, 0, t, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(cnt == 2);
  return 0;
}
