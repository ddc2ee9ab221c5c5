// The values atomic read-modify-writes return, and what they leave in memory.
#include <assert.h>
#include <stdatomic.h>
#include <stdint.h>

atomic_int a = 5;
_Atomic int8_t a8 = -3;
_Atomic uint16_t a16 = 65535;
_Atomic int64_t a64 = -1;
int five = 5, three = 3;

int main(void)
{
    assert(atomic_fetch_add(&a, three) == 5);
    assert(atomic_fetch_sub(&a, 10) == 8);
    assert(atomic_load(&a) == -2);
    assert(atomic_fetch_and(&a, 0xF0) == -2);
    assert(atomic_fetch_or(&a, five) == 0xF0);
    assert(atomic_fetch_xor(&a, 0xFF) == 0xF5);
    assert(atomic_exchange(&a, -100) == 0x0A);
    int expected = -99;
    assert(!atomic_compare_exchange_strong(&a, &expected, 1));
    assert(expected == -100);
    assert(atomic_compare_exchange_strong(&a, &expected, 1));
    assert(atomic_load(&a) == 1);
    // narrow and wide atomics wrap at their width
    assert(atomic_fetch_add(&a8, -126) == -3);
    assert(atomic_load(&a8) == 127);
    assert(atomic_fetch_sub(&a16, 65535u) == 65535);
    assert(atomic_fetch_sub(&a16, 1) == 0);
    assert(atomic_load(&a16) == 65535);
    assert(atomic_fetch_add(&a64, 2) == -1);
    assert(atomic_exchange(&a64, INT64_MIN) == 1);
    int64_t e64 = INT64_MIN;
    assert(atomic_compare_exchange_strong(&a64, &e64, five));
    assert(atomic_fetch_and(&a64, ~1LL) == 5);
    assert(atomic_load(&a64) == 4);
#ifdef WRONG
    assert(atomic_fetch_add(&a, 1) == 2);
#endif
    return 0;
}
