/* stdlib.h for programs checked by vrm (see assert.h). vrm models malloc/calloc/free as a bounded heap
 * and exit/abort; the other functions are declared so that programs compile, and vrm names any it
 * does not model. */
#ifndef VRM_LIBC_STDLIB_H
#define VRM_LIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *aligned_alloc(size_t alignment, size_t size);
void free(void *p);
void exit(int status) __attribute__((__noreturn__));
void abort(void) __attribute__((__noreturn__));
int abs(int x);
long labs(long x);
int atoi(const char *s);
int rand(void);

#endif
