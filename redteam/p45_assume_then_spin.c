#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"
atomic_int x, y, w;
void *t1(void *a) {
  int r = atomic_load(&x);
  atomic_store(&w, 1);
  vrm_assume(r == 1);
  while (atomic_load(&y) == 0) ;
  return 0;
}
void *t2(void *a) {
  int s = atomic_load(&w);
  atomic_store(&x, 1);
  if (s == 0) atomic_store(&y, 1);
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
