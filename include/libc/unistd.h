/* unistd.h for programs checked by vrm (see assert.h). */
#ifndef VRM_LIBC_UNISTD_H
#define VRM_LIBC_UNISTD_H

#include <stddef.h>

int usleep(unsigned usec);
unsigned sleep(unsigned sec);

#endif
