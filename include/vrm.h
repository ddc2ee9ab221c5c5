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
 * --model sc and promising explore them (promising: in the threads, not in main before it starts them);
 * --model arm refuses a program that uses them. */
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

/* TLBI IPAS2E1IS of the intermediate physical page of ipa (ipa >> 12): invalidates every CPU's cached stage-2
 * translation of that page for the VM whose tables changed (KVM's __tlb_flush_vmid_ipa). Complete it with vrm_dsb(). */
static inline void vrm_tlbi_ipa(unsigned long ipa)
{
  __asm__ __volatile__("tlbi ipas2e1is, %0" ::"r"(ipa >> 12) : "memory");
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

/* ---- Kernel annotations: `vrm wdrf FILE.c` checks VRM's five wDRF conditions ----
 * Threads are CPUs running the kernel, except those whose function is marked vrm_user: user or VM code,
 * modelled as a data oracle (loads and stores of arbitrary addresses through its own translation).
 * The declarations below are constant data vrm reads before running anything; they cost no execution. */

/* This CPU now holds `lock`: call it right after an acquisition succeeds (SeKVM's log_hold). */
extern void vrm_hold(void *lock);

/* This CPU gives `lock` up: call it right before the write that releases it. pthread mutexes do both themselves. */
extern void vrm_release(void *lock);

struct vrm_protect_decl { const void *lock; const void *start; unsigned long size; const char *name; const char *lock_name; unsigned long lock_size; };
struct vrm_private_decl { const void *start; unsigned long size; const char *name; };
struct vrm_root_decl { const char *name; const void *table; long start_level; long kind; long id; };

#define VRM_CAT_(a, b) a##b
#define VRM_CAT(a, b) VRM_CAT_(a, b)
#define VRM_DECL_(name) __attribute__((used, section(name)))

/* `lock` protects `object` (a variable, array or struct): kernel CPUs touch it only while they hold the lock.
 * One lock may protect many objects; one object has one lock. The lock's own words (sizeof lock) are how it is
 * taken and given up, never memory it protects, even inside an object it protects (a VM record holding its
 * lock). At file scope: VRM_PROTECTS(pt_lock, owner); */
#define VRM_PROTECTS(lock, object) \
  static const struct vrm_protect_decl VRM_CAT(vrm_protect_, __COUNTER__) VRM_DECL_("vrm_protect") = \
      { &(lock), &(object), sizeof(object), #object, #lock, sizeof(lock) }

/* `lock` protects `size` bytes from `start` (a constant address, such as &pool[2]). */
#define VRM_PROTECTS_RANGE(lock, start, size) \
  static const struct vrm_protect_decl VRM_CAT(vrm_protect_, __COUNTER__) VRM_DECL_("vrm_protect") = \
      { &(lock), (start), (size), #start, #lock, sizeof(lock) }

/* `object` is kernel-private: no user or VM translation may map it, no user or VM access may reach it. */
#define VRM_KERNEL_PRIVATE(object) \
  static const struct vrm_private_decl VRM_CAT(vrm_private_, __COUNTER__) VRM_DECL_("vrm_private") = \
      { &(object), sizeof(object), #object }

/* Whose translation a root is. */
#define VRM_ROOT_KERNEL 0 /* the kernel's own table: its mappings are written once (Write-Once-Kernel-Mapping) */
#define VRM_ROOT_USER 1   /* a user process's stage-1 table (id: its ASID) */
#define VRM_ROOT_VM 2     /* a VM's stage-2 table, as VTTBR_EL2 points to it (id: its VMID) */

/* `table` (a 4096-byte aligned array of 512 vrm_desc_t) is the top table of a translation whose walk starts at
 * `start_level` (0 for four levels, 1 for three...). Tables are arrays the C code allocates and writes itself,
 * with real AArch64 descriptors (4 KiB granule): VRM_DESC_TABLE(&next), VRM_DESC_PAGE(&page, attrs)... */
#define VRM_ROOT(table, start_level, kind, id) \
  static const struct vrm_root_decl VRM_CAT(vrm_root_, __COUNTER__) VRM_DECL_("vrm_root") = \
      { #table, (table), (start_level), (kind), (id) }

/* A 64-bit translation table descriptor. */
typedef __UINT64_TYPE__ vrm_desc_t;

/* A table descriptor (levels 0-2) pointing to the next-level table at `next` (a page-aligned address). */
#define VRM_DESC_TABLE(next) ((((vrm_desc_t)(unsigned long)(next)) & VRM_PTE_ADDR_MASK) | 3UL)

/* A level-3 page descriptor mapping the page at `pa`, with attribute bits (e.g. VRM_PTE_AF | VRM_PTE_EL0). */
#define VRM_DESC_PAGE(pa, attrs) ((((vrm_desc_t)(unsigned long)(pa)) & VRM_PTE_ADDR_MASK) | 3UL | (attrs))

/* Marks a thread function as user or VM code (pthread_create it, or without main it starts as vrm_thread does). */
#define vrm_user __attribute__((noinline, used, section("vrm_user")))

/* A user/VM load or store of 8 bytes at virtual address `va`, translated through `root` (a VRM_ROOT table) by
 * walking the tables as they are in memory at that moment. An address the tables do not map faults: the
 * access does not happen (a load gives 0) and the thread goes on, as after the kernel handled the fault. */
extern long vrm_user_load(const void *root, unsigned long va);
extern void vrm_user_store(const void *root, unsigned long va, long value);

/* The value a data oracle stores: one value that the kernel's own data never holds, so it is seen if it leaks. */
#define VRM_ORACLE_VALUE 0x0bad

/* The body of a user/VM thread as a data oracle: `steps` accesses, each a load or a store of VRM_ORACLE_VALUE
 * at the start of any page from va_lo to va_hi (inclusive), through `root`. Each choice is a branch of the search:
 * keep the range and the steps small. */
#define VRM_ORACLE(root, va_lo, va_hi, steps) \
  for (int vrm_step_ = 0; vrm_step_ < (steps); vrm_step_++) { \
    unsigned long vrm_va_ = (unsigned long)vrm_nondet_range((long)((va_lo) >> 12), (long)((va_hi) >> 12)) << 12; \
    if (vrm_nondet_range(0, 1)) \
      vrm_user_store((root), vrm_va_, VRM_ORACLE_VALUE); \
    else \
      (void)vrm_user_load((root), vrm_va_); \
  }

/* ---- Principals and secrets: noninterference, checked by `vrm check` when a program declares them ----
 * A principal is a small number the program chooses (say 0 the host, 1 and 2 two VMs); threads without
 * VRM_PRINCIPAL are the kernel. A principal observes every value its threads load outside kernel code
 * (vrm_kernel_enter ... vrm_kernel_exit), every value passed to vrm_observe, and at the end the objects
 * declared VRM_OBSERVABLE for it. Its secrets are the objects declared VRM_SECRET for it and its inputs
 * (vrm_input). vrm runs every execution twice with the same schedule: confidentiality holds when no other
 * principal observes a difference as the secrets and inputs of one principal change; integrity holds when a
 * principal's secret objects end the same as the inputs and secrets of all the others change. */

struct vrm_principal_decl { const void *function; long principal; };
struct vrm_memory_decl { const void *start; unsigned long size; long principal; const char *name; };

/* Threads started from `function` run for `principal`. At file scope: VRM_PRINCIPAL(vm1, 1); */
#define VRM_PRINCIPAL(function, principal) \
  static const struct vrm_principal_decl VRM_CAT(vrm_principal_, __COUNTER__) VRM_DECL_("vrm_principal") = \
      { (const void *)(function), (principal) }

/* `object` is secret to `principal` (a VM's pages, its saved registers): others must not learn it, nor change it
 * (except through memory not declared secret, such as a page the VM shares on purpose). */
#define VRM_SECRET(principal, object) \
  static const struct vrm_memory_decl VRM_CAT(vrm_secret_, __COUNTER__) VRM_DECL_("vrm_secret") = \
      { &(object), sizeof(object), (principal), #object }

/* `principal` can read `object` (its final value is one of its observations). */
#define VRM_OBSERVABLE(principal, object) \
  static const struct vrm_memory_decl VRM_CAT(vrm_observable_, __COUNTER__) VRM_DECL_("vrm_observable") = \
      { &(object), sizeof(object), (principal), #object }

/* An invariant of the shared state (SeKVM's shared_inv: host_iso, vm_iso...): `check` is an `int check(void)`
 * function that only reads memory. vrm check evaluates it at every state where no CPU holds a lock (after each
 * step, vrm_hold/vrm_release and pthread mutexes tell) and reports the first state where it returns 0, with
 * the trace there. At file scope: VRM_INVARIANT(host_iso); */
#define VRM_INVARIANT(check) \
  static __attribute__((noinline, used, section("vrm_invariant"))) void VRM_CAT(vrm_invariant_, check)(void) \
  { \
    vrm_assert(check()); \
  }

/* A value the calling thread's principal chooses (data it writes, a hypercall argument it controls). */
extern long vrm_input(void);

/* The calling thread runs kernel code on behalf of its principal (a trap or hypercall handler) until
 * vrm_kernel_exit(): what it loads meanwhile is the kernel's, not the principal's. */
extern void vrm_kernel_enter(void);
extern void vrm_kernel_exit(void);

/* The calling thread's principal observes `value` (a hypercall's return value, a register it gets back). */
extern void vrm_observe(long value);

/* Kernel code ends `principal` (a VM powered off, whose memory the host may then reclaim and scrub): from here on
 * its secrets are no longer its own, and integrity does not hold another principal's choices to leaving them alone
 * (a host that chooses to tear a VM down changes that VM's pages by design). Confidentiality is unchanged. */
extern void vrm_principal_ends(long principal);

/* ---- Operations and atomic specifications: refinement, checked by `vrm check` ----
 * `spec` is plain C that does what `operation` does, in one atomic step, on the specification's own globals (an
 * abstract state no implementation code touches), and returns the result a caller must see. It takes at most two
 * arguments, the operation's first two; vrm_assume(c) in it says the operation can only take effect where c holds
 * (an atomic lock's acquire: vrm_assume(!held)). vrm records each call of `operation` (its arguments and result) and
 * checks on every complete SC execution that some order of the specifications, respecting real-time order (a call
 * that returned before another began comes first), gives every call its result: linearizability. Untrusted
 * callers are harness threads that call operations with arguments from vrm_nondet_range, bad ones included.
 * At file scope: VRM_SPEC(counter_inc, spec_counter_inc); */
struct vrm_spec_decl { const void *operation; const void *spec; };
#define VRM_SPEC(operation, spec) \
  static const struct vrm_spec_decl VRM_CAT(vrm_spec_, __LINE__) VRM_DECL_("vrm_spec") = \
      { (const void *)(operation), (const void *)(spec) }

/* The abstraction relation between the implementation's state and the specifications' (an abstraction function
 * written as a check): `int relation(void)` reads both and returns non-zero when the specifications' globals
 * describe the implementation's state. vrm evaluates it at the end of every complete execution, on the
 * implementation's final memory with the specifications' globals as the linearization left them: some order that
 * explains the results must also end related. It catches operations whose results look right but whose effect on
 * the state is wrong. At file scope: VRM_ABSTRACTION(map_matches); */
#define VRM_ABSTRACTION(relation) \
  static const struct vrm_spec_decl VRM_CAT(vrm_abstraction_, __LINE__) VRM_DECL_("vrm_abstraction") = \
      { (const void *)0, (const void *)(relation) }

#endif /* VRM_H */
