// expect: holds
/* KCore's own (EL2 stage-1) table and its remap window, as SeKVM's remap_vm_image fills it: each CPU loading
 * a VM image takes the core lock, takes the next remap slot, and maps the image page there only if the slot
 * is still empty. KCore's mappings are only ever added, so it never needs a TLBI for its own table. */
#include <stdatomic.h>
#include <pthread.h>
#include "vrm.h"

#define PAGE 4096
#define REMAP_START 0x2000000UL /* 32 MiB: level-2 index 16 */
#define REMAP_SLOTS 2

struct ticket_lock { _Atomic unsigned next, now; };

static vrm_desc_t kcore_pgd[512] __attribute__((aligned(PAGE)));
static vrm_desc_t kcore_l2[512] __attribute__((aligned(PAGE)));
static vrm_desc_t kcore_l3[512] __attribute__((aligned(PAGE)));       /* KCore's data, from VA 0 */
static vrm_desc_t kcore_remap_pt[512] __attribute__((aligned(PAGE))); /* the remap window */
static unsigned long kcore_data[512] __attribute__((aligned(PAGE)));
static unsigned long vm_image[2][512] __attribute__((aligned(PAGE)));
static struct ticket_lock core_lock;
static unsigned long next_remap_ptr;

VRM_ROOT(kcore_pgd, 1, VRM_ROOT_KERNEL, 0);
VRM_KERNEL_PRIVATE(kcore_data);
VRM_PROTECTS(core_lock, kcore_pgd);
VRM_PROTECTS(core_lock, kcore_l2);
VRM_PROTECTS(core_lock, kcore_l3);
VRM_PROTECTS(core_lock, kcore_remap_pt);
VRM_PROTECTS(core_lock, next_remap_ptr);

static void acquire_lock(struct ticket_lock *l)
{
  unsigned me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
  while (atomic_load_explicit(&l->now, memory_order_relaxed) != me)
    ;
  vrm_hold(l);
  vrm_dsb();
  vrm_isb();
}

static void release_lock(struct ticket_lock *l)
{
  vrm_dsb();
  vrm_release(l);
  atomic_store_explicit(&l->now, atomic_load_explicit(&l->now, memory_order_relaxed) + 1, memory_order_relaxed);
}

static void *remap_vm_image(void *image)
{
  acquire_lock(&core_lock);
  unsigned long slot = next_remap_ptr;
  if (slot < REMAP_SLOTS && kcore_remap_pt[slot] == 0) {
    kcore_remap_pt[slot] = VRM_DESC_PAGE(image, VRM_PTE_AF);
    next_remap_ptr = slot + 1;
  }
  release_lock(&core_lock);
  return 0;
}

int main(void)
{
  kcore_pgd[0] = VRM_DESC_TABLE(kcore_l2);
  kcore_l2[0] = VRM_DESC_TABLE(kcore_l3);
  kcore_l2[(REMAP_START >> 21) & 511] = VRM_DESC_TABLE(kcore_remap_pt);
  kcore_l3[0] = VRM_DESC_PAGE(kcore_data, VRM_PTE_AF);
  pthread_t a, b;
  pthread_create(&a, 0, remap_vm_image, vm_image[0]);
  pthread_create(&b, 0, remap_vm_image, vm_image[1]);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
