// expect: holds
// expect(promising): holds
/* A capability slot filled without a lock, as a microhypervisor's lookup path reads it: create() initialises a
 * kernel object and then publishes it in the slot with a release store; lookup() reads the slot with an acquire
 * load and returns the object's value, or -1 for an empty slot. Both must behave like their atomic
 * specifications (an abstract slot holding a value or nothing). With -DBUG_RELAXED_LOOKUP the slot is read with
 * a relaxed load: every access is still atomic (no data race) and every SC execution is linearizable, but on Arm
 * the object's value may be read before the slot, so lookup can see the slot full and the object not yet
 * initialised, a result no specification gives: caught only by --model promising. */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

static _Atomic long object_value;
static _Atomic long slot; /* 0 empty, 1 holds the object */

static long create(long v)
{
  atomic_store_explicit(&object_value, v, memory_order_relaxed);
  atomic_store_explicit(&slot, 1, memory_order_release);
  return 0;
}

static long lookup(void)
{
#ifdef BUG_RELAXED_LOOKUP
  if (atomic_load_explicit(&slot, memory_order_relaxed) == 0)
#else
  if (atomic_load_explicit(&slot, memory_order_acquire) == 0)
#endif
    return -1;
  return atomic_load_explicit(&object_value, memory_order_relaxed);
}

/* The abstract slot: -1 empty, else the object's value. */
static long spec_slot = -1;

static long spec_create(long v)
{
  spec_slot = v;
  return 0;
}

static long spec_lookup(void)
{
  return spec_slot;
}

VRM_SPEC(create, spec_create);
VRM_SPEC(lookup, spec_lookup);

static void *creator(void *arg)
{
  create(7);
  return arg;
}

static void *reader(void *arg)
{
  lookup();
  return arg;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, creator, 0);
  pthread_create(&b, 0, reader, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
