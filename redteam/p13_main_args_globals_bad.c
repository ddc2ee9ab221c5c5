#include <pthread.h>
#include <assert.h>
int in1, in2, out1, out2;
void *t1(void *a) { out1 = in1 * 2; return 0; }
void *t2(void *a) { out2 = in2 + 1; return 0; }
int main() {
  pthread_t a, b;
  in1 = 5;
  pthread_create(&a, 0, t1, 0);
  in2 = 7;
  pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(out1 == 10 && out2 == 9);
  return 0;
}
