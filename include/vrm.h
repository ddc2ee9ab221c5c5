/* vrm.h: helpers for C programs checked with `vrm check FILE.c`.
 *
 * vrm compiles the program with clang-14 for AArch64 (-O1 -g) and explores every interleaving
 * (and, with --model arm|promising, every relaxed behaviour). Include this header as
 * `#include "vrm.h"`; vrm passes -I for its include folder (by hand: -Iinclude).
 */
#ifndef VRM_H
#define VRM_H

/* glibc's assertion handler, declared here (same signature as <assert.h>, which may also be
 * included) so that this header needs no libc headers. */
extern void __assert_fail(const char *assertion, const char *file, unsigned int line,
                          const char *function) __attribute__((__noreturn__));

/* An assertion vrm checks on every execution, also under -DNDEBUG (which disables assert()). */
#define vrm_assert(c) \
  ((c) ? (void)0 : __assert_fail(#c, __FILE__, __LINE__, __func__))

/* vrm discards the executions where this is called with 0: use it to constrain inputs or paths. */
extern void __VERIFIER_assume(int);
#define vrm_assume(c) __VERIFIER_assume(!!(c))

/* Marks a thread entry for programs without main: vrm starts one thread per such function,
 * in source order, with no argument. */
#define vrm_thread __attribute__((noinline, used, section("vrm_thread")))

/* The barriers are Arm instructions: on another host target they only compile to LLVM IR
 * (-S -emit-llvm), which is all vrm needs. */

/* DMB ISH: full barrier, orders every earlier access before every later one (smp_mb). */
static inline void vrm_dmb(void) { __asm__ __volatile__("dmb ish" ::: "memory"); }

/* DMB ISHLD: orders earlier loads before later loads and stores (smp_rmb and more). */
static inline void vrm_dmb_ld(void) { __asm__ __volatile__("dmb ishld" ::: "memory"); }

/* DMB ISHST: orders earlier stores before later stores (smp_wmb). */
static inline void vrm_dmb_st(void) { __asm__ __volatile__("dmb ishst" ::: "memory"); }

/* DSB ISH: a DMB that also waits for TLB and cache maintenance to complete. */
static inline void vrm_dsb(void) { __asm__ __volatile__("dsb ish" ::: "memory"); }

/* ISB: context synchronisation, later instructions are fetched after earlier ones complete. */
static inline void vrm_isb(void) { __asm__ __volatile__("isb" ::: "memory"); }

/* TLBI VMALLE1IS: invalidates all stage-1 EL1 TLB entries in the inner-shareable domain. */
static inline void vrm_tlbi_vmalle1is(void) { __asm__ __volatile__("tlbi vmalle1is" ::: "memory"); }

/* TLBI VAE1IS: invalidates the EL1 TLB entries of one page (page = VA >> 12, with ASID). */
static inline void vrm_tlbi_vae1is(unsigned long page)
{
  __asm__ __volatile__("tlbi vae1is, %0" ::"r"(page) : "memory");
}

/* READ_ONCE: a single, untorn, not-elided plain load (a volatile access; races are on you). */
#define vrm_read_once(x) (*(const volatile __typeof__(x) *)&(x))

/* WRITE_ONCE: a single, untorn, not-elided plain store (a volatile access). */
#define vrm_write_once(x, v) ((void)(*(volatile __typeof__(x) *)&(x) = (v)))

#endif /* VRM_H */
