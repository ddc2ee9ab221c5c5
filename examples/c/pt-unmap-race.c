// expect: invalid access
/* Unmapping a page while another CPU still uses it: the unmapper invalidates x's page-table entry
 * and flushes the TLBs (DSB; TLBI VAAE1IS; DSB) with no agreement with the reader, which may then
 * translate x through the invalid entry: a translation fault, under SC (the write of the entry
 * comes first in some interleaving) and on Arm alike. */
#include <pthread.h>
#include "vrm.h"

int x vrm_page = 1; /* a translated page: &x is virtual, the entry PTE(x) maps it */

static void *unmapper(void *arg)
{
  (void)arg;
  *vrm_pte_of(&x) = 0; /* invalid entry */
  vrm_dsb();
  vrm_tlbi_page(&x);
  vrm_dsb();
  return 0;
}

static void *reader(void *arg)
{
  (void)arg;
  int r = vrm_read_once(x); /* may fault: nothing keeps the page mapped */
  vrm_assert(r == 1);
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
