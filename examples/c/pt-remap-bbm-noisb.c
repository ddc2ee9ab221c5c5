// expect: holds
// expect(arm): invalid access
/* pt-remap-bbm.c without the reader's ISB: an acquire orders the reader's later accesses, not its
 * translation table walks, which the hardware may make early. On Arm the reader's walk of x may
 * therefore read the invalid entry of the break, although it sees the flag: a translation fault
 * (Linux takes such spurious faults after a remap and retries the access). Under SC every walk reads
 * the entry in memory, which is the new one once the flag is set: no fault. */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

int x vrm_page = 1;
int y vrm_page = 2;
atomic_int flag;

static void *remapper(void *arg)
{
  (void)arg;
  *vrm_pte_of(&x) = 0; /* break */
  vrm_dsb();
  vrm_tlbi_page(&x);
  vrm_dsb();
  *vrm_pte_of(&x) = vrm_pte_make(vrm_pa_of(&y), VRM_PTE_DEFAULT); /* make */
  vrm_dsb();
  atomic_store_explicit(&flag, 1, memory_order_release);
  return 0;
}

static void *reader(void *arg)
{
  (void)arg;
  while (!atomic_load_explicit(&flag, memory_order_acquire))
    ; /* await the remap */
  int r = vrm_read_once(x); /* may fault on Arm: the walk may read the break's invalid entry */
  vrm_assert(r == 2);
  return 0;
}

int main(void)
{
  pthread_t m, r;
  pthread_create(&m, 0, remapper, 0);
  pthread_create(&r, 0, reader, 0);
  pthread_join(m, 0);
  pthread_join(r, 0);
  return 0;
}
