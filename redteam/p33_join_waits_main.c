#include <pthread.h>
#include <stdatomic.h>
atomic_int f;
void *t1(void *a) { while (atomic_load(&f) == 0) ; return 0; }
int main() {
  pthread_t a;
  pthread_create(&a, 0, t1, 0);
  pthread_join(a, 0);
  atomic_store(&f, 1);
  return 0;
}
