/* stdio.h for programs checked by vrm (see assert.h): declared so that programs compile; output has no
 * meaning for the checker, and vrm reports a call to printf as unsupported, naming the line. */
#ifndef VRM_LIBC_STDIO_H
#define VRM_LIBC_STDIO_H

#include <stddef.h>

int printf(const char *format, ...);
int fprintf(void *stream, const char *format, ...);
int puts(const char *s);

#endif
