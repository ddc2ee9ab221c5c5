#include <pthread.h>
pthread_mutex_t m1, m2; int x;
void *t1(void *a) {
  pthread_mutex_lock(&m1); pthread_mutex_lock(&m2); x++; pthread_mutex_unlock(&m2); pthread_mutex_unlock(&m1);
  return 0;
}
void *t2(void *a) {
  pthread_mutex_lock(&m2); pthread_mutex_lock(&m1); x++; pthread_mutex_unlock(&m1); pthread_mutex_unlock(&m2);
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_mutex_init(&m1, 0); pthread_mutex_init(&m2, 0);
  pthread_create(&a, 0, t1, 0); pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
