// select, switch, loops with several phis, and calls returning values (inlined and nested).
#include <assert.h>
#include <stdint.h>

int n = 10, flag = 1, zero = 0, sel_a = 17, sel_b = -4;
int keys[6] = {0, 1, 5, -3, 9, 2};
int8_t s8a = -100, s8b = 20;
int64_t w64 = -5000000000LL;
int hits[4];

static int classify(int v)
{
    switch (v) {
    case 0: return 10;
    case 1: return 20;
    case 5: return 50;
    case -3: return 7;
    case 2: return 3;
    default: return -1;
    }
}

__attribute__((noinline)) static int square(int v) { return v * v; }

__attribute__((noinline)) static int sum_squares(int a, int b) { return square(a) + square(b); }

static int64_t fib(int k)
{
    int64_t a = 0, b = 1;
    for (int i = 0; i < k; i++) {
        int64_t t = a + b;
        a = b;
        b = t;
    }
    return a;
}

int main(void)
{
    // select
    int x = flag ? sel_a : sel_b;
    int y = zero ? sel_a : sel_b;
    assert(x == 17 && y == -4);
    int mx = sel_a > sel_b ? sel_a : sel_b;
    int mn = (unsigned)sel_a < (unsigned)sel_b ? sel_a : sel_b;
    assert(mx == 17 && mn == 17);
    // clang makes these llvm.smax/smin/umax/umin/abs
    int8_t m8 = s8a > s8b ? s8a : s8b;
    int8_t n8 = s8a < s8b ? s8a : s8b;
    uint8_t um8 = (uint8_t)s8a > (uint8_t)s8b ? (uint8_t)s8a : (uint8_t)s8b;
    uint8_t un8 = (uint8_t)s8a < (uint8_t)s8b ? (uint8_t)s8a : (uint8_t)s8b;
    assert(m8 == 20 && n8 == -100 && um8 == 156 && un8 == 20);
    int ab = sel_b < 0 ? -sel_b : sel_b;
    int8_t ab8 = (int8_t)(s8a < 0 ? -s8a : s8a);
    int64_t ab64 = w64 < 0 ? -w64 : w64;
    assert(ab == 4 && ab8 == 100 && ab64 == 5000000000LL);
    // a switch with side effects stays a switch
    for (int i = 0; i < 6; i++) {
        switch (keys[i]) {
        case 1: hits[0]++; break;
        case 5: hits[1] += 2; break;
        case -3: hits[2] += 3; break;
        case 9: hits[3] += 4; /* fall through */
        case 2: hits[0] += 10; break;
        default: hits[3] += 100; break;
        }
    }
    assert(hits[0] == 21 && hits[1] == 2 && hits[2] == 3 && hits[3] == 104);
    // switch
    int total = 0;
    for (int i = 0; i < 6; i++) {
        total = total * 3 + classify(keys[i]);
    }
    assert(total == ((((10 * 3 + 20) * 3 + 50) * 3 + 7) * 3 - 1) * 3 + 3);
    // a loop with several values carried round it
    assert(fib(n) == 55);
    int evens = 0, odds = 0, last = -1;
    for (int i = 0; i < n; i++) {
        if (i % 2 == 0) {
            evens += i;
        } else {
            odds += i;
            last = i;
        }
        if (i == 7) {
            break;
        }
    }
    assert(evens == 12 && odds == 16 && last == 7);
    // calls
    assert(sum_squares(sel_a, sel_b) == 305);
    assert(sum_squares(square(sel_b), 1) == 257);
#ifdef WRONG
    assert(fib(n) == 56);
#endif
    return 0;
}
