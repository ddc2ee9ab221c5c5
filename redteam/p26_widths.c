#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <assert.h>
_Atomic uint8_t b8; _Atomic uint16_t b16; _Atomic uint64_t b64;
void *t1(void *a) {
  atomic_store_explicit(&b8, 0xff, memory_order_relaxed);
  atomic_store_explicit(&b16, 0xffff, memory_order_relaxed);
  atomic_store_explicit(&b64, 0x100000000ull, memory_order_release);
  return 0;
}
void *t2(void *a) {
  if (atomic_load_explicit(&b64, memory_order_acquire) == 0x100000000ull) {
    assert(atomic_load_explicit(&b8, memory_order_relaxed) == 0xff);
    assert(atomic_load_explicit(&b16, memory_order_relaxed) == 0xffff);
  }
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
