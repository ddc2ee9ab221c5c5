#include <pthread.h>
#include <stdatomic.h>
#include <assert.h>
atomic_int lk; int cnt;
void *t(void *a) {
  while (atomic_exchange_explicit(&lk, 1, memory_order_acquire)) ;
  cnt++;
  atomic_store_explicit(&lk, 0, memory_order_release);
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t, 0); pthread_create(&b, 0, t, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(cnt == 2);
  return 0;
}
