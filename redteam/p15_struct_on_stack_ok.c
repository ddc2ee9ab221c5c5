#include <pthread.h>
#include <assert.h>
struct arg { int in; int out; };
void *t(void *p) { struct arg *a = p; a->out = a->in + 1; return 0; }
int main() {
  pthread_t x, y;
  struct arg a1 = {1, 0}, a2 = {10, 0};
  pthread_create(&x, 0, t, &a1);
  pthread_create(&y, 0, t, &a2);
  pthread_join(x, 0); pthread_join(y, 0);
  assert(a1.out == 2);
  assert(a2.out == 11);
  return 0;
}
