// expect: holds
// expect(arm): assertion fails
/* Remapping without TLB maintenance: the remapper overwrites x's valid entry with one for y's page
 * and publishes, but never invalidates the TLBs. Under SC there is no TLB and the reader reads 2;
 * on Arm its walk may still use the old translation, cached before the remap, and read 1 from x's
 * old page. The Arm model also warns that the valid entry was replaced without break-before-make
 * and that the reader translated x with a stale entry (no TLBI after the write). */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

int x vrm_page = 1;
int y vrm_page = 2;
atomic_int flag;

static void *remapper(void *arg)
{
  (void)arg;
  *vrm_pte_of(&x) = vrm_pte_make(vrm_pa_of(&y), VRM_PTE_DEFAULT);
  vrm_dsb();
  atomic_store_explicit(&flag, 1, memory_order_release);
  return 0;
}

static void *reader(void *arg)
{
  (void)arg;
  while (!atomic_load_explicit(&flag, memory_order_acquire))
    ; /* await the remap */
  int r = vrm_read_once(x);
  vrm_assert(r == 2); /* fails on Arm: stale translation */
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
