/* config.h: sizes, kinds, permissions, results, argument encoding, and the two memory-order builds.
 *
 * The default build uses sequentially consistent atomics everywhere (the variant NOVA's proofs cover today).
 * -DNOVA_WEAK uses the orders a microhypervisor on Arm really uses: acquire/release for publication and
 * seqlock reads, relaxed for fields a lock or a seqlock already orders, acq_rel for the reference-count drop,
 * and full fences where the RCU protocol needs store-to-load order. */
#ifndef NOVA_CONFIG_H
#define NOVA_CONFIG_H

#include <stdatomic.h>
#include "vrm.h"

/* The machine: CPUs (harness threads), protection domains, selectors per capability space, kernel objects.
 * A harness may define smaller ones before it includes the kernel (the Promising harnesses do: every slot a
 * revoke scans is a step there). */
#ifndef NCPU
#define NCPU 3
#endif
#ifndef NPD
#define NPD 3
#endif
#ifndef NSEL
#define NSEL 3
#endif
#ifndef NOBJ
#define NOBJ 6
#endif
#define NSLOT (NPD * NSEL)

/* A slot's number: pd * NSEL + sel. */
#define SLOTNO(pd, sel) ((pd) * NSEL + (sel))

/* Object kinds. */
#define K_NONE 0
#define K_SM 1 /* semaphore: a counter and the CPUs waiting on it */
#define K_PT 2 /* portal: an entry point with the id its handler receives */
#define K_PD 3 /* protection domain: a capability to delegate into its capability space */

/* Permission bits; their meaning depends on the kind of the object. */
#define P_UP 1    /* SM: up */
#define P_DN 2    /* SM: down */
#define P_CALL 1  /* PT: call */
#define P_DELEG 1 /* PD: delegate into its space */
#define P_ALL 3

/* Hypercall results (NOVA's status codes, in spirit). */
#define OK 0
#define BAD_CAP (-1) /* the selector names no capability, or one of another kind or without the permission */
#define BAD_PAR (-2) /* an argument is out of range */
#define NO_MEM (-3)  /* no free kernel object */

/* ctrl_sm operations. */
#define SM_UP 0
#define SM_DN 1

/* A hypercall's first argument says who calls: the CPU and the PD whose thread runs on it (the kernel knows
 * both; the harness passes them). The second packs the arguments, 4 bits each (selectors, operation, mask),
 * as NOVA packs a selector and flags into one register; a portal id is the bits from 8 up. */
#define CALLER(cpu, pd) ((cpu) << 4 | (pd))
#define CALLER_CPU(c) ((c) >> 4)
#define CALLER_PD(c) ((c) & 15)
#define ARG(a, i) (((a) >> (4 * (i))) & 15)
#define ARG_HIGH(a) ((a) >> 8)
#define PACK2(x, y) ((x) | (y) << 4)
#define PACK4(x, y, z, w) ((x) | (y) << 4 | (z) << 8 | (w) << 12)

/* Memory orders. */
#ifdef NOVA_WEAK
#define MO_RLX memory_order_relaxed
#define MO_ACQ memory_order_acquire
#define MO_REL memory_order_release
#define MO_AR memory_order_acq_rel
#else
#define MO_RLX memory_order_seq_cst
#define MO_ACQ memory_order_seq_cst
#define MO_REL memory_order_seq_cst
#define MO_AR memory_order_seq_cst
#endif
#define MO_SC memory_order_seq_cst

/* The order of the lookup's first read of the mapping database's sequence number. */
#ifdef BUG_LOOKUP_RELAXED
#define MO_LOOKUP memory_order_relaxed
#else
#define MO_LOOKUP MO_ACQ
#endif

#define LOAD(p, mo) atomic_load_explicit((p), (mo))
#define STORE(p, v, mo) atomic_store_explicit((p), (v), (mo))
#define FENCE(mo) atomic_thread_fence(mo)

#endif
