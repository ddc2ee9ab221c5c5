#include <pthread.h>
#include <stdatomic.h>
atomic_int x, flag;
void *t1(void *a) {
  atomic_store(&x, 1);
  return 0;
}
void *t2(void *a) {
  if (atomic_load(&x) == 1) atomic_store(&flag, 1);
  while (atomic_load(&flag) == 0) ;
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
