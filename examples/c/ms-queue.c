// expect: holds
/* The Michael-Scott queue over a static node pool, with a dummy node and helping: a lagging tail
 * is swung forward by whichever thread notices. Main enqueues 1, two threads enqueue 2 and 3,
 * main dequeues after the joins: 1 first (FIFO), then 2 and 3 in either order, then empty. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

#define CAS(p, expected, desired, order) \
  atomic_compare_exchange_strong_explicit(p, expected, desired, order, memory_order_relaxed)

struct node {
  int value;
  _Atomic(struct node *) next;
};

struct node pool[4]; /* pool[0] is the initial dummy; a zeroed global, so every next is null */
_Atomic(struct node *) head = &pool[0], tail = &pool[0];

static void enqueue(struct node *n, int value)
{
  n->value = value; /* plain: published by the release CAS that links n */
  for (;;) {
    struct node *t = atomic_load_explicit(&tail, memory_order_acquire);
    struct node *next = atomic_load_explicit(&t->next, memory_order_acquire);
    if (next) {
      CAS(&tail, &t, next, memory_order_release); /* tail lags behind: help, retry */
    } else if (CAS(&t->next, &next, n, memory_order_release)) {
      CAS(&tail, &t, n, memory_order_release); /* fails harmlessly if someone helped */
      return;
    }
  }
}

static int dequeue(void) /* 0 when empty */
{
  for (;;) {
    struct node *h = atomic_load_explicit(&head, memory_order_acquire);
    struct node *t = atomic_load_explicit(&tail, memory_order_acquire);
    struct node *next = atomic_load_explicit(&h->next, memory_order_acquire);
    if (!next)
      return 0;
    if (h == t) {
      CAS(&tail, &t, next, memory_order_release); /* tail lags behind: help, retry */
      continue;
    }
    int value = next->value; /* read before the CAS: next becomes the new dummy */
    if (CAS(&head, &h, next, memory_order_acquire))
      return value;
  }
}

static void *t1(void *arg) { (void)arg; enqueue(&pool[2], 2); return 0; }
static void *t2(void *arg) { (void)arg; enqueue(&pool[3], 3); return 0; }

int main(void)
{
  pthread_t a, b;
  enqueue(&pool[1], 1);
  pthread_create(&a, 0, t1, 0);
  pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  int v1 = dequeue(), v2 = dequeue(), v3 = dequeue();
  assert(v1 == 1);
  assert((v2 == 2 && v3 == 3) || (v2 == 3 && v3 == 2));
  assert(dequeue() == 0);
  return 0;
}
