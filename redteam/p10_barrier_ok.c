#include <pthread.h>
#include <assert.h>
pthread_barrier_t bar; int d1, d2;
void *t1(void *a) { d1 = 1; pthread_barrier_wait(&bar); assert(d2 == 1); return 0; }
void *t2(void *a) { d2 = 1; pthread_barrier_wait(&bar); assert(d1 == 1); return 0; }
int main() {
  pthread_t a, b;
  pthread_barrier_init(&bar, 0, 2);
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
