// expect: holds
// expect(promising): holds
/* A stage-2 map operation that returns nothing, so its results cannot show what it did: only an abstraction
 * relation ties the page table to the abstract map gfn -> (pfn, permissions) (SeKVM's map_s2pt refines an atomic
 * update of the VM's abstract stage-2 map). map_s2pt(gfn, page) installs a level-3 entry under the page-table
 * lock, page = pfn | READ_ONLY or pfn; s2_relation checks at the end that every gfn the abstract map holds is
 * mapped to that pfn's frame with those permissions in the table, and no other gfn is mapped.
 * With -DBUG_WRONG_FRAME the entry points at the next frame: every history is still linearizable, but no
 * linearization ends in an abstract map the relation ties to the table. */
#include <pthread.h>
#include "vrm.h"

#define GFNS 2
#define FRAMES 3
#define READ_ONLY 0x100 /* in a page argument: map without write permission */
#define PFN(page) ((page) & 0xff)
#define ATTRS(page) (VRM_PTE_AF | ((page) & READ_ONLY ? VRM_PTE_RDONLY : 0))
static vrm_desc_t s2_l3[512] __attribute__((aligned(4096)));
static unsigned long frames[FRAMES][512] __attribute__((aligned(4096)));
static pthread_mutex_t npt_lock;

static void map_s2pt(long gfn, long page)
{
#ifdef BUG_WRONG_FRAME
  long frame = (PFN(page) + 1) % FRAMES;
#else
  long frame = PFN(page);
#endif
  pthread_mutex_lock(&npt_lock);
  if (s2_l3[gfn] == 0)
    s2_l3[gfn] = VRM_DESC_PAGE(frames[frame], ATTRS(page));
  pthread_mutex_unlock(&npt_lock);
}

/* The abstract map: 0 unmapped, page + 1 mapped (the pfn and its permissions). */
static long spec_map[GFNS];

static void spec_map_s2pt(long gfn, long page)
{
  if (spec_map[gfn] == 0)
    spec_map[gfn] = page + 1;
}

VRM_SPEC(map_s2pt, spec_map_s2pt);

static int s2_relation(void)
{
  for (int gfn = 0; gfn < GFNS; gfn++) {
    long page = spec_map[gfn] - 1;
    vrm_desc_t want = spec_map[gfn] == 0 ? 0 : VRM_DESC_PAGE(frames[PFN(page)], ATTRS(page));
    if (s2_l3[gfn] != want)
      return 0;
  }
  return 1;
}

VRM_ABSTRACTION(s2_relation);

static void *cpu1(void *arg)
{
  map_s2pt(1, 1);
  return arg;
}

static void *cpu2(void *arg)
{
  map_s2pt(1, 2 | READ_ONLY);
  return arg;
}

int main(void)
{
  pthread_t a, b;
  pthread_create(&a, 0, cpu1, 0);
  pthread_create(&b, 0, cpu2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
