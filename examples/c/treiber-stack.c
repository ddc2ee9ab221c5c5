// expect: holds
/* A Treiber stack over a static node pool: two threads push one node each with a CAS loop
 * (release, CASL on Arm), a third pops once (acquire, LDAR/CASA), main pops the rest after the
 * joins. Every value pushed is popped exactly once. Nodes are never reused, so there is no ABA. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

struct node {
  int value;
  struct node *next; /* plain: written before the node is published, read after */
};

struct node pool[2];
_Atomic(struct node *) top;
int popped; /* the third thread's value, 0 when it found the stack empty */

static void push(struct node *n, int value)
{
  n->value = value;
  struct node *old = atomic_load_explicit(&top, memory_order_relaxed);
  do
    n->next = old;
  while (!atomic_compare_exchange_strong_explicit(&top, &old, n, memory_order_release,
                                                  memory_order_relaxed));
}

static int pop(void) /* 0 when empty */
{
  struct node *old = atomic_load_explicit(&top, memory_order_acquire);
  while (old && !atomic_compare_exchange_strong_explicit(&top, &old, old->next,
                                                         memory_order_acquire,
                                                         memory_order_acquire))
    ;
  return old ? old->value : 0;
}

static void *pusher0(void *arg) { (void)arg; push(&pool[0], 1); return 0; }
static void *pusher1(void *arg) { (void)arg; push(&pool[1], 2); return 0; }
static void *popper(void *arg) { (void)arg; popped = pop(); return 0; }

int main(void)
{
  pthread_t a, b, c;
  pthread_create(&a, 0, pusher0, 0);
  pthread_create(&b, 0, pusher1, 0);
  pthread_create(&c, 0, popper, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
  assert(popped == 0 || popped == 1 || popped == 2);
  int v = pop(), w = pop();
  if (popped == 0)
    assert((v == 1 && w == 2) || (v == 2 && w == 1)); /* both, in some order */
  else
    assert(v == 3 - popped && w == 0); /* the other one, then empty */
  assert(pop() == 0);
  return 0;
}
