// expect: holds
// expect(promising): holds
/* VM teardown without a lock: the kernel scrubs the VM's page, then publishes "the host owns it" with a
 * release store; the host polls the flag with an acquire load and reads the page once it is set. On SC the
 * host can only ever see the scrubbed page. With -DBUG_RELAXED_PUBLISH the flag is published with a relaxed
 * store: every access is still atomic (no data race), SC still shows no leak, but Arm may make the flag
 * visible before the scrub, and the host then reads the VM's secret: caught only by --model promising. */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

#define HOST 0
#define VM 1

static _Atomic long page[1] = {0x5ec7}; /* the VM's data */
static atomic_long host_owns;
static long host_copy;

VRM_SECRET(VM, page);
VRM_OBSERVABLE(HOST, host_copy);

static void *kernel(void *arg)
{
  atomic_store_explicit(&page[0], 0, memory_order_relaxed);
#ifdef BUG_RELAXED_PUBLISH
  atomic_store_explicit(&host_owns, 1, memory_order_relaxed);
#else
  atomic_store_explicit(&host_owns, 1, memory_order_release);
#endif
  return arg;
}

static void *host(void *arg)
{
  if (atomic_load_explicit(&host_owns, memory_order_acquire))
    host_copy = atomic_load_explicit(&page[0], memory_order_relaxed);
  return arg;
}

VRM_PRINCIPAL(host, HOST);

int main(void)
{
  pthread_t k, h;
  pthread_create(&k, 0, kernel, 0);
  pthread_create(&h, 0, host, 0);
  pthread_join(k, 0);
  pthread_join(h, 0);
  return 0;
}
