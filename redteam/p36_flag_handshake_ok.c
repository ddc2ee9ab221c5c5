#include <pthread.h>
#include <stdatomic.h>
#include <assert.h>
atomic_int ping, pong; int d;
void *t1(void *a) {
  d = 1;
  atomic_store_explicit(&ping, 1, memory_order_release);
  while (atomic_load_explicit(&pong, memory_order_acquire) == 0) ;
  assert(d == 2);
  return 0;
}
void *t2(void *a) {
  while (atomic_load_explicit(&ping, memory_order_acquire) == 0) ;
  d = 2;
  atomic_store_explicit(&pong, 1, memory_order_release);
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(d == 2);
  return 0;
}
