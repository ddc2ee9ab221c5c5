// expect: holds
/* Unmapping done right: the reader announces with a release store that it no longer uses x, and
 * the unmapper waits for that (acquire) before it invalidates the entry and flushes the TLBs. The
 * reader's walk and access are ordered before its release, so they cannot see the invalid entry:
 * no fault in any model. */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

int x vrm_page = 1;
atomic_int done; /* physical memory: accessed untranslated */

static void *unmapper(void *arg)
{
  (void)arg;
  while (!atomic_load_explicit(&done, memory_order_acquire))
    ; /* await the reader */
  *vrm_pte_of(&x) = 0;
  vrm_dsb();
  vrm_tlbi_page(&x);
  vrm_dsb();
  return 0;
}

static void *reader(void *arg)
{
  (void)arg;
  int r = vrm_read_once(x);
  vrm_assert(r == 1);
  atomic_store_explicit(&done, 1, memory_order_release);
  return 0;
}

int main(void)
{
  pthread_t u, r;
  pthread_create(&u, 0, unmapper, 0);
  pthread_create(&r, 0, reader, 0);
  pthread_join(u, 0);
  pthread_join(r, 0);
  return 0;
}
