/* assert.h for programs checked by vrm: vrm ships its own C headers so that `vrm check` reads a program
 * the same way on every machine that has clang-14 (no system headers are used; clang's own stdint.h,
 * stddef.h, stdbool.h and stdatomic.h come with clang). Same interface as glibc's. */
#ifndef VRM_LIBC_ASSERT_H
#define VRM_LIBC_ASSERT_H

extern void __assert_fail(const char *assertion, const char *file, unsigned int line,
                          const char *function) __attribute__((__noreturn__));

#ifdef NDEBUG
#define assert(c) ((void)0)
#else
#define assert(c) ((c) ? (void)0 : __assert_fail(#c, __FILE__, __LINE__, __func__))
#endif

#if !defined(__cplusplus)
#define static_assert _Static_assert
#endif

#endif
