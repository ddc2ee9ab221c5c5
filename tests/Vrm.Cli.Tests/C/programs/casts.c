// Sign and zero extension, truncation, and signed/unsigned comparisons at every width.
#include <assert.h>
#include <stdint.h>

int8_t c8 = -5;
int16_t c16 = -300;
int32_t c32 = -70000;
int64_t c64 = 0x123456789ABCDEF0LL;
uint32_t big = 0x12345678u;
int8_t a8 = -1, b8 = 1;
int16_t a16 = -1, b16 = 1;
int32_t a32 = -1, b32 = 1;
int64_t a64 = -1, b64 = 1;

int main(void)
{
    // sext
    int32_t s = c8;
    assert(s == -5);
    int64_t s64 = c32;
    assert(s64 == -70000);
    assert((int64_t)c16 == -300);
    // zext
    assert((uint32_t)(uint8_t)c8 == 251);
    assert((uint32_t)(uint16_t)c16 == 65236);
    assert((uint64_t)(uint32_t)c32 == 4294897296ULL);
    // trunc
    assert((int16_t)big == 0x5678);
    assert((int8_t)big == 0x78);
    assert((uint8_t)(big >> 4) == 0x67);
    assert((int8_t)(big >> 8) == 0x56);
    assert((int32_t)c64 == (int32_t)0x9ABCDEF0);
    assert((int16_t)c64 == (int16_t)0xDEF0);
    assert((uint8_t)c64 == 0xF0);
    assert((int8_t)c64 == -16);
    // comparisons: signed and unsigned at 8, 16, 32, 64 bits
    assert(a8 < b8);
    assert((uint8_t)a8 > (uint8_t)b8);
    assert(a8 <= b8 && !(a8 >= b8));
    assert(a16 < b16);
    assert((uint16_t)a16 > (uint16_t)b16);
    assert(!((uint16_t)a16 <= (uint16_t)b16));
    assert(a32 < b32 && a32 <= b32 && b32 > a32 && b32 >= a32 && a32 != b32);
    assert((uint32_t)a32 > (uint32_t)b32 && (uint32_t)a32 >= (uint32_t)b32);
    assert(!((uint32_t)a32 < (uint32_t)b32) && !((uint32_t)a32 <= (uint32_t)b32));
    assert(a64 < b64 && !(a64 > b64));
    assert((uint64_t)a64 > (uint64_t)b64 && !((uint64_t)a64 < (uint64_t)b64));
    assert((uint64_t)a64 == UINT64_MAX);
    assert(c8 < 0 && c16 < -299 && c32 >= -70000 && c32 <= -70000);
#ifdef WRONG
    assert((uint8_t)a8 < (uint8_t)b8);
#endif
    return 0;
}
