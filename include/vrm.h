/* vrm.h: helpers for C programs checked with `vrm check FILE.c`.
 *
 * vrm compiles the program with clang-14 for AArch64 (-O0 -g, its own C headers) and explores every interleaving
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

/* ---- Nondeterministic values ----
 * vrm_nondet_range(lo, hi) returns a value from lo to hi (inclusive; both may be computed), and vrm
 * explores every one of them, as it explores every interleaving: keep ranges small, each value is a
 * branch of the search (at most 4096 values; an empty range discards the execution, as vrm_assume(0)).
 * The SV-COMP functions __VERIFIER_nondet_int() and friends return 0 or 1; for a wider range write,
 * after their declarations, e.g. `#define __VERIFIER_nondet_int() ((int)vrm_nondet_range(-1, 2))`.
 * Only --model sc explores them; arm and promising refuse a program that uses them. */
extern long vrm_nondet_range(long lo, long hi);
extern int __VERIFIER_nondet_int(void);
extern unsigned int __VERIFIER_nondet_uint(void);
extern char __VERIFIER_nondet_char(void);
extern unsigned char __VERIFIER_nondet_uchar(void);
extern short __VERIFIER_nondet_short(void);
extern unsigned short __VERIFIER_nondet_ushort(void);
extern long __VERIFIER_nondet_long(void);
extern unsigned long __VERIFIER_nondet_ulong(void);
extern _Bool __VERIFIER_nondet_bool(void);

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

/* TLBI VAAE1IS of the page of va (page = va >> 12, any ASID): invalidates every CPU's cached
 * translation of that page. Complete it with vrm_dsb() before relying on it (break-before-make:
 * write the entry, vrm_dsb(), vrm_tlbi_page(va), vrm_dsb()). */
static inline void vrm_tlbi_page(void *va)
{
  __asm__ __volatile__("tlbi vaae1is, %0" ::"r"((unsigned long)va >> 12) : "memory");
}

/* ---- Page tables ----
 * A program with vrm_page variables runs with address translation, as kernel code at EL1 does: each
 * such variable has a virtual address (&x), a physical page and a level-3 page-table entry that
 * initially maps the one to the other (valid, accessed, writable, EL0 allowed). Every access through
 * &x first reads the entry (a translation table walk): an invalid entry is a translation fault, a
 * clear access flag an access-flag fault, a write to a read-only page a permission fault; else the
 * access goes to the physical page the entry maps. Other globals and locals are physical memory,
 * accessed untranslated. Under --model arm|promising walks may use stale TLB entries (herd's
 * -variant vmsa); under SC every walk reads the entry in memory (no TLB). A fault is reported with
 * its thread and C line; the faulting thread stops. */

/* Makes a global a translated page: `int x vrm_page;` (at most 4096 bytes). */
#define vrm_page __attribute__((aligned(4096), section("vrm_page")))

/* A page-table entry: a 64-bit AArch64 stage-1 level-3 page descriptor. */
typedef __UINT64_TYPE__ vrm_pte_t;

/* The address of the page-table entry of va's page (herd's PTE(x)); va must be &x, or a constant
 * address inside x, for a vrm_page variable x. Write it to map, unmap or remap the page. */
extern vrm_pte_t *vrm_pte_of(void *va) __attribute__((const));

/* The physical address of va (herd's PA(x)), as the initial mapping places it; same rule for va. */
extern unsigned long vrm_pa_of(void *va) __attribute__((const));

/* Descriptor bits, at their AArch64 positions. */
#define VRM_PTE_VALID (1UL << 0)       /* the entry translates; 0: translation fault */
#define VRM_PTE_PAGE (1UL << 1)        /* descriptor type "page"; vrm_pte_make sets it */
#define VRM_PTE_EL0 (1UL << 6)         /* AP[1]: EL0 may access */
#define VRM_PTE_RDONLY (1UL << 7)      /* AP[2]: read-only; a write is a permission fault */
#define VRM_PTE_AF (1UL << 10)         /* access flag; clear: access-flag fault */
#define VRM_PTE_DBM (1UL << 51)        /* dirty bit modifier (hardware dirty-bit management) */
#define VRM_PTE_ADDR_MASK 0x0000FFFFFFFFF000UL /* bits 47:12, the output (physical) address */

/* The flags of the initial entries: valid, accessed, writable, EL0 allowed. */
#define VRM_PTE_DEFAULT (VRM_PTE_VALID | VRM_PTE_EL0 | VRM_PTE_AF)

/* An entry mapping the physical page of pa with flags: vrm_pte_make(vrm_pa_of(&y), VRM_PTE_DEFAULT). */
static inline vrm_pte_t vrm_pte_make(unsigned long pa, vrm_pte_t flags)
{
  return (pa & VRM_PTE_ADDR_MASK) | VRM_PTE_PAGE | flags;
}

/* READ_ONCE: a single, untorn, not-elided plain load (a volatile access; races are on you). */
#define vrm_read_once(x) (*(const volatile __typeof__(x) *)&(x))

/* WRITE_ONCE: a single, untorn, not-elided plain store (a volatile access). */
#define vrm_write_once(x, v) ((void)(*(volatile __typeof__(x) *)&(x) = (v)))

#endif /* VRM_H */
