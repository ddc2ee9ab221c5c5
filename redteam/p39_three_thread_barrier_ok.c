#include <pthread.h>
#include <assert.h>
pthread_barrier_t bar; int d[3];
void *t(void *a) { long i = (long)a; d[i] = 1; pthread_barrier_wait(&bar); assert(d[(i+1)%3] == 1); return 0; }
int main() {
  pthread_t th[3];
  pthread_barrier_init(&bar, 0, 3);
  for (long i = 0; i < 3; i++) pthread_create(&th[i], 0, t, (void*)i);
  for (int i = 0; i < 3; i++) pthread_join(th[i], 0);
  return 0;
}
