/* string.h for programs checked by vrm (see assert.h): memset and memcpy are modelled (clang turns them
 * into LLVM intrinsics), as single-byte-free word accesses of the cells they cover. */
#ifndef VRM_LIBC_STRING_H
#define VRM_LIBC_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
