#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <assert.h>
atomic_int f;
void *t1(void *a) { if (atomic_load(&f) == 0) exit(0); return 0; }
void *t2(void *a) { atomic_store(&f, 1); return 0; }
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(0);
  return 0;
}
