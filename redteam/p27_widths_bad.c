#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <assert.h>
_Atomic uint8_t b8; _Atomic uint16_t b16;
void *t1(void *a) {
  atomic_fetch_add_explicit(&b8, 200, memory_order_relaxed);
  atomic_fetch_sub_explicit(&b16, 1, memory_order_relaxed);
  return 0;
}
void *t2(void *a) {
  atomic_fetch_add_explicit(&b8, 100, memory_order_relaxed);
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(b16 == 0xffff);
  assert(b8 == 300);
  return 0;
}
