// expect: holds
/* Remapping a live page without break-before-make: the remapper overwrites x's valid entry with one
 * for y's page, then invalidates the TLBs (DSB; TLBI VAAE1IS; DSB) and publishes. The reader that
 * sees the flag reads 2 in every model, so no assertion fails; but the architecture requires an
 * invalid entry (and a TLBI) between two valid ones for different pages, and the Arm model says so
 * with herd's break-before-make warning. */
#include <pthread.h>
#include <stdatomic.h>
#include "vrm.h"

int x vrm_page = 1;
int y vrm_page = 2;
atomic_int flag;

static void *remapper(void *arg)
{
  (void)arg;
  *vrm_pte_of(&x) = vrm_pte_make(vrm_pa_of(&y), VRM_PTE_DEFAULT); /* no break */
  vrm_dsb();
  vrm_tlbi_page(&x);
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
