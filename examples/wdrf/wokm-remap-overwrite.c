// expect: Write-Once-Kernel-Mapping
/* remap_vm_image trusting the slot the host names (load_idx) instead of taking the next empty one: two
 * images named with the same slot, and the second remap overwrites the first image's mapping in KCore's own
 * table. KCore flushes the TLB for it, so each critical section is a proper transaction; but a KCore mapping
 * must never change once made (code may hold on to the first image's address), and now one does. */
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

VRM_ROOT(kcore_pgd, 1, VRM_ROOT_KERNEL, 0);
VRM_KERNEL_PRIVATE(kcore_data);
VRM_PROTECTS(core_lock, kcore_pgd);
VRM_PROTECTS(core_lock, kcore_l2);
VRM_PROTECTS(core_lock, kcore_l3);
VRM_PROTECTS(core_lock, kcore_remap_pt);

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

struct remap_request { unsigned long load_idx; unsigned long *image; };

static void *remap_vm_image(void *arg)
{
  struct remap_request *r = arg;
  unsigned long va = REMAP_START + r->load_idx * PAGE;
  acquire_lock(&core_lock);
  kcore_remap_pt[r->load_idx] = VRM_DESC_PAGE(r->image, VRM_PTE_AF); /* the bug: the slot may be in use */
  vrm_dsb();
  vrm_tlbi_page((void *)va);
  vrm_dsb();
  release_lock(&core_lock);
  return 0;
}

static struct remap_request requests[2] = { { 0, vm_image[0] }, { 0, vm_image[1] } };

int main(void)
{
  kcore_pgd[0] = VRM_DESC_TABLE(kcore_l2);
  kcore_l2[0] = VRM_DESC_TABLE(kcore_l3);
  kcore_l2[(REMAP_START >> 21) & 511] = VRM_DESC_TABLE(kcore_remap_pt);
  kcore_l3[0] = VRM_DESC_PAGE(kcore_data, VRM_PTE_AF);
  pthread_t a, b;
  pthread_create(&a, 0, remap_vm_image, &requests[0]);
  pthread_create(&b, 0, remap_vm_image, &requests[1]);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
