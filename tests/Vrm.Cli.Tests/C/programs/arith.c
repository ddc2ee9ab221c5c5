// Wrap-around, division, remainder and shifts at every width. The inputs are external globals, which
// clang cannot assume unchanged, so nothing below folds; vrm must compute every result itself.
#include <assert.h>
#include <stdint.h>

int8_t i8a = 100, i8b = 100, i8n = -128, i8m = -7;
uint8_t u8a = 200, u8b = 100;
int16_t i16a = 30000, i16b = 30000, i16m = -7;
uint16_t u16a = 65000, u16b = 1000;
int32_t i32a = 2147483647, i32b = 1, i32m = -7, i32p = 2, i32q = -16;
uint32_t u32a = 4294967295u, u32b = 2, u32h = 0x80000000u;
int64_t i64a = 9223372036854775807LL, i64b = 1, i64m = -7, i64q = -1;
uint64_t u64a = 18446744073709551615ULL, u64b = 2;
int sh = 3, sh31 = 31, sh63 = 63;

int main(void)
{
    // wrap-around of addition, subtraction, multiplication
    assert((int8_t)(i8a + i8b) == -56);
    assert((uint8_t)(u8a + u8b) == 44);
    assert((uint8_t)(u8a * u8b) == 32);
    assert((int16_t)(i16a + i16b) == -5536);
    assert((uint16_t)(u16a + u16b) == 464);
    assert((uint16_t)(u16b - u16a) == 1536);
    assert(u32a + u32b == 1);
    assert(u32b - 3u * u32b == 4294967292u);
    assert(u32a * u32a == 1);
    assert((int32_t)((uint32_t)i32a + (uint32_t)i32b) == INT32_MIN);
    assert(u64a + u64b == 1);
    assert((int64_t)((uint64_t)i64a + (uint64_t)i64b) == INT64_MIN);
    assert(u64a * u64a == 1);

    // signed and unsigned division and remainder, negative operands included
    assert(i32m / i32p == -3);
    assert(i32m % i32p == -1);
    assert(-i32m / -i32p == -3);
    assert(-i32m % -i32p == 1);
    assert(i32m / -i32p == 3);
    assert(i32m % -i32p == -1);
    assert((int8_t)(i8m / (int8_t)i32p) == -3);
    assert((int8_t)(i8m % (int8_t)i32p) == -1);
    assert((int8_t)(i8n / (int8_t)i32p) == -64);
    assert((int16_t)(i16m / 2) == -3);
    assert((int16_t)(i16m % 4) == -3);
    assert(i64m / 2 == -3);
    assert(i64m % 2 == -1);
    assert(i64m / i64q == 7);
    assert((uint8_t)(u8a / 7) == 28);
    assert((uint8_t)(u8a % 7) == 4);
    assert((uint16_t)(u16a / u16b) == 65);
    assert((uint16_t)(u16a % u16b) == 0);
    assert(u32a / u32b == 2147483647u);
    assert(u32a % u32b == 1);
    assert((uint32_t)i32m / u32b == 2147483644u);
    assert((uint32_t)i32m % 10u == 9);
    assert(u64a / u64b == 9223372036854775807ULL);
    assert(u64a % 10 == 5);
    assert((uint64_t)i64m / 2 == 9223372036854775804ULL);

    // shifts: lshr, ashr, shl, by constants and by variables
    assert(u32h >> sh31 == 1);
    assert(u32h >> sh == 0x10000000u);
    assert(i32q >> 2 == -4);
    assert(i32q >> sh == -2);
    assert((int32_t)u32h >> sh31 == -1);
    assert((uint8_t)(u8a << 1) == 144);
    assert((uint8_t)(u8a << sh) == 64);
    assert((uint8_t)(u8a >> sh) == 25);
    assert((int8_t)(i8n >> 1) == -64);
    assert((int8_t)(i8m >> sh) == -1);
    assert((uint16_t)(u16a << sh) == 61248);
    assert((int16_t)(i16m >> 1) == -4);
    assert(u32a << sh == 4294967288u);
    assert(i64q >> sh63 == -1);
    assert(u64a >> sh63 == 1);
    assert(u64a << sh63 == 0x8000000000000000ULL);
    assert(i64m >> 1 == -4);
    assert((uint64_t)i64m >> 60 == 15);
#ifdef WRONG
    assert(i32m / i32p == -4);
#endif
    return 0;
}
