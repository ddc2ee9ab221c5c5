#include <pthread.h>
#include <stdatomic.h>
#include <assert.h>
struct node { int val; atomic_int ready; };
struct node nodes[2];
void *prod(void *a) {
  nodes[1].val = 7;
  atomic_store_explicit(&nodes[1].ready, 1, memory_order_release);
  nodes[0].val = 3;
  atomic_store_explicit(&nodes[0].ready, 1, memory_order_relaxed);
  return 0;
}
void *cons(void *a) {
  if (atomic_load_explicit(&nodes[0].ready, memory_order_acquire)) assert(nodes[0].val == 3);
  return 0;
}
int main() {
  pthread_t a, b;
  pthread_create(&a, 0, prod, 0); pthread_create(&b, 0, cons, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
