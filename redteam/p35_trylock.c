#include <pthread.h>
#include <assert.h>
pthread_mutex_t m; int got1, got2;
void *t1(void *a) { if (pthread_mutex_trylock(&m) == 0) { got1 = 1; } return 0; }
void *t2(void *a) { if (pthread_mutex_trylock(&m) == 0) { got2 = 1; } return 0; }
int main() {
  pthread_t a, b;
  pthread_mutex_init(&m, 0);
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(got1 + got2 == 1);
  assert(got1 == 1);
  return 0;
}
