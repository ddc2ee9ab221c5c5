// Struct fields of mixed sizes, arrays of structs indexed by variables, pointers stored in globals.
#include <assert.h>
#include <stdint.h>

struct item {
    int8_t tag;
    int32_t value;
    int64_t wide;
    int16_t small;
};

struct item items[4] = {
    {1, 10, 100, -1},
    {2, 20, 200, -2},
    {3, 30, 300, -3},
    {4, 40, 400, -4},
};
int i1 = 1, i2 = 2, i3 = 3;
int x = 5, y = 7;
int *p = &x;
int **pp = &p;
struct item *cur = &items[0];

int main(void)
{
    items[i2].value += items[i1].value;
    items[i3].wide -= items[i2].wide * 2;
    items[i1].small = (int16_t)(items[i3].small * 1000);
    items[i2].tag = (int8_t)(items[i1].tag - 3);
    assert(items[2].value == 50);
    assert(items[3].wide == -200);
    assert(items[1].small == -4000);
    assert(items[2].tag == -1);
    assert(items[0].value == 10 && items[3].tag == 4);
    // through pointers kept in globals
    *p += 1;
    p = &y;
    **pp = 3;
    assert(x == 6 && y == 3 && *p == 3);
    cur = &items[i3];
    cur->value = cur[-1].value + cur[-2].small;
    assert(items[3].value == 50 - 4000);
    cur = cur - i2;
    assert(cur->tag == 2 && cur->small == -4000);
#ifdef WRONG
    assert(items[i1].small == 4000);
#endif
    return 0;
}
