// expect: holds
/* Remapping with break-before-make: x's virtual page is moved from its own physical page (holding 1)
 * to y's (holding 2). The remapper first writes an invalid entry, completes it (DSB), invalidates
 * the TLBs (TLBI VAAE1IS; DSB), then writes the new entry (DSB) and publishes with a release store.
 * The reader sees the flag (acquire), then synchronises its context (ISB, as an exception entry or
 * return would), so that its translation of x comes after the flag: it reads 2 in every model, and
 * the Arm model raises no warning. Without the ISB see pt-remap-bbm-noisb.c. */
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
  vrm_isb(); /* later translations are made after the flag was read */
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
