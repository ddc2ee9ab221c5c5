// Every atomic shape clang emits: cmpxchg (strong, weak), atomicrmw, fences, relaxed and seq_cst accesses, volatile.
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

atomic_int counter;
_Atomic(uint64_t) wide;
atomic_bool taken;
volatile uint32_t mmio;
int plain;

bool try_lock(void)
{
    bool expected = false;
    return atomic_compare_exchange_strong_explicit(&taken, &expected, true, memory_order_acquire, memory_order_relaxed);
}

void unlock(void) { atomic_store_explicit(&taken, false, memory_order_release); }

void spin_lock(void)
{
    int expected;
    do {
        expected = 0;
    } while (!atomic_compare_exchange_weak_explicit(&counter, &expected, 1, memory_order_acq_rel, memory_order_acquire));
}

uint64_t rmw_all(uint64_t v)
{
    uint64_t r = 0;
    r += atomic_fetch_add_explicit(&wide, v, memory_order_relaxed);
    r += atomic_fetch_sub_explicit(&wide, 1, memory_order_release);
    r += atomic_fetch_and(&wide, 0xff);
    r += atomic_fetch_or_explicit(&wide, 0x100, memory_order_acquire);
    r += atomic_fetch_xor(&wide, 3);
    r += atomic_exchange_explicit(&wide, 7, memory_order_acq_rel);
    r += __atomic_fetch_nand(&plain, 5, __ATOMIC_SEQ_CST);
    r += __atomic_fetch_max(&plain, 5, __ATOMIC_SEQ_CST);
    return r;
}

void fences(void)
{
    atomic_thread_fence(memory_order_acquire);
    atomic_thread_fence(memory_order_release);
    atomic_thread_fence(memory_order_acq_rel);
    atomic_thread_fence(memory_order_seq_cst);
    atomic_signal_fence(memory_order_seq_cst);
}

uint32_t poll(void)
{
    uint32_t v;
    while ((v = mmio) == 0)
        mmio = 1;
    return v + atomic_load_explicit(&counter, memory_order_relaxed) + atomic_load(&counter);
}
