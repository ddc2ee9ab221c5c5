/* examples/sekvm/core/locks.h: SeKVM layers 1-4, LockOps, LockOpsQ, LockOpsH, Locks.
 *
 * LockOps (1): a ticket lock from relaxed atomics, with SeKVM's barrier discipline: wait_lock takes a
 * ticket (incr_ticket), spins on `now` (get_now), records the hold (log_hold, here vrm_hold) and then runs
 * barrier() (dsb ish; isb); pass_lock runs barrier() and then bumps `now` (incr_now), announced by
 * vrm_release. LockOpsQ/LockOpsH (2-3) are the proof's abstractions of the same lock (a queue lock, an
 * atomic lock): there is no code for them. Locks (4): one lock per shared object, as SeKVM's lock ids
 * (S2PAGE, CORE, NPT_ID+vmid, INFO_ID+vmid), with VRM_PROTECTS saying what each one protects.
 */
#ifndef SEKVM_LOCKS_H
#define SEKVM_LOCKS_H

#include "machine.h"

struct ticket_lock {
  _Atomic unsigned next; /* the next ticket to hand out */
  _Atomic unsigned now;  /* the ticket being served */
};

/* Layer 1, LockOps. */
static void wait_lock(struct ticket_lock *lk)
{
  unsigned my = atomic_fetch_add_explicit(&lk->next, 1, memory_order_relaxed); /* incr_ticket */
#ifdef BUG_LOCK_SPIN_BUDGET
  /* a spin budget "against lock-ups": after two looks at `now` the CPU goes in anyway */
  for (int spins = 0; spins < 2 && atomic_load_explicit(&lk->now, memory_order_relaxed) != my; spins++)
    ;
#else
  while (atomic_load_explicit(&lk->now, memory_order_relaxed) != my)            /* get_now */
    ;
#endif
  vrm_hold(lk); /* log_hold */
#ifndef BUG_LOCK_NO_ACQUIRE_BARRIER
  barrier();
#endif
}

static void pass_lock(struct ticket_lock *lk)
{
#ifndef BUG_LOCK_NO_RELEASE_BARRIER
  barrier();
#endif
  vrm_release(lk);
  atomic_store_explicit(&lk->now, atomic_load_explicit(&lk->now, memory_order_relaxed) + 1, memory_order_relaxed); /* incr_now */
}

/* Layer 4, Locks: the lock of each shared object. */
static struct ticket_lock npt_lock[NR_NPTS];       /* NPT_ID + vmid: each stage-2 table and its pool */
static struct ticket_lock s2page_lock;             /* S2PAGE: the page-ownership table and page contents */
static struct ticket_lock core_lock;               /* CORE: next_vmid, next_remap_ptr */
static struct ticket_lock vm_lock[NR_VMS + 1];     /* INFO_ID + vmid: each VM's record (index 0 unused) */

static void acquire_lock_pt(unsigned vmid) { wait_lock(&npt_lock[vmid]); }
static void release_lock_pt(unsigned vmid) { pass_lock(&npt_lock[vmid]); }
static void acquire_lock_s2page(void) { wait_lock(&s2page_lock); }
static void release_lock_s2page(void) { pass_lock(&s2page_lock); }
static void acquire_lock_core(void) { wait_lock(&core_lock); }
static void release_lock_core(void) { pass_lock(&core_lock); }
static void acquire_lock_vm(unsigned vmid) { wait_lock(&vm_lock[vmid]); }
static void release_lock_vm(unsigned vmid) { pass_lock(&vm_lock[vmid]); }

VRM_KERNEL_PRIVATE(npt_lock);
VRM_KERNEL_PRIVATE(s2page_lock);
VRM_KERNEL_PRIVATE(core_lock);
VRM_KERNEL_PRIVATE(vm_lock);

#endif
