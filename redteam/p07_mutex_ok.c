#include <pthread.h>
#include <assert.h>
pthread_mutex_t m; int cnt;
void *t(void *a) {
  pthread_mutex_lock(&m); cnt++; pthread_mutex_unlock(&m);
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_mutex_init(&m, 0);
  pthread_create(&a, 0, t, 0); pthread_create(&b, 0, t, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(cnt == 2);
  return 0;
}
