// expect: holds
// expect(promising): holds
/* A stage-2 map operation refining an atomic update of an abstract map gfn -> pfn (SeKVM's map_s2pt against
 * its spec). map_page installs a level-3 entry under the VM's page-table lock and fails with -1 when the gfn is
 * already mapped; lookup walks the table without the lock, as the MMU does, and returns the pfn or -1. With
 * -DBUG_CHECK_OUTSIDE_LOCK the "already mapped?" test is made before taking the lock: two CPUs can both map one
 * gfn and both succeed, which no order of atomic map updates gives. */
#include <pthread.h>
#include "vrm.h"

#define GFNS 2
static vrm_desc_t s2_l3[512] __attribute__((aligned(4096)));
static unsigned long frames[3][512] __attribute__((aligned(4096)));
static pthread_mutex_t npt_lock;

static long pfn_of(vrm_desc_t d) { return (long)(((d & VRM_PTE_ADDR_MASK) - (unsigned long)frames) >> 12); }

static long map_page(long gfn, long pfn)
{
  long ret = 0;
#ifdef BUG_CHECK_OUTSIDE_LOCK
  int mapped = vrm_read_once(s2_l3[gfn]) != 0;
  pthread_mutex_lock(&npt_lock);
#else
  pthread_mutex_lock(&npt_lock);
  int mapped = s2_l3[gfn] != 0;
#endif
  if (mapped)
    ret = -1;
  else
    vrm_write_once(s2_l3[gfn], VRM_DESC_PAGE(frames[pfn], VRM_PTE_AF));
  pthread_mutex_unlock(&npt_lock);
  return ret;
}

static long lookup(long gfn)
{
  vrm_desc_t d = vrm_read_once(s2_l3[gfn]);
  return d == 0 ? -1 : pfn_of(d);
}

/* The abstract map: 0 unmapped, pfn + 1 mapped. */
static long spec_map[GFNS];

static long spec_map_page(long gfn, long pfn)
{
  if (spec_map[gfn] != 0)
    return -1;
  spec_map[gfn] = pfn + 1;
  return 0;
}

static long spec_lookup(long gfn)
{
  return spec_map[gfn] - 1;
}

VRM_SPEC(map_page, spec_map_page);
VRM_SPEC(lookup, spec_lookup);

static void *cpu1(void *arg)
{
  map_page(1, 1);
  return 0;
}

static void *cpu2(void *arg)
{
  map_page(1, 2);
  return 0;
}

static void *walker(void *arg)
{
  lookup(1);
  return 0;
}

int main(void)
{
  pthread_t a, b, w;
  pthread_create(&a, 0, cpu1, 0);
  pthread_create(&b, 0, cpu2, 0);
  pthread_create(&w, 0, walker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(w, 0);
  return 0;
}
