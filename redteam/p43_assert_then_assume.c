#include <pthread.h>
#include <stdatomic.h>
#include <assert.h>
#include "vrm.h"
atomic_int x;
void *t1(void *a) { atomic_store(&x, 1); return 0; }
void *t2(void *a) {
  int r = atomic_load(&x);
  assert(r == 0);
  vrm_assume(r == 0);
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
