#include <pthread.h>
#include <stdatomic.h>
pthread_mutex_t m; atomic_int x;
void *t1(void *a) {
  pthread_mutex_lock(&m);
  if (atomic_load(&x) == 1) pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  return 0;
}
void *t2(void *a) { atomic_store(&x, 1); return 0; }
int main() {
  pthread_t a, b;
  pthread_mutex_init(&m, 0);
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
