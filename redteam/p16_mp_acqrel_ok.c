#include <pthread.h>
#include <stdatomic.h>
#include <assert.h>
int data; atomic_int flag;
void *w(void *a) { data = 42; atomic_store_explicit(&flag, 1, memory_order_release); return 0; }
void *r(void *a) { if (atomic_load_explicit(&flag, memory_order_acquire)) assert(data == 42); return 0; }
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, w, 0); pthread_create(&b, 0, r, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
