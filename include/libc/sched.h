/* sched.h for programs checked by vrm (see assert.h): sched_yield changes nothing vrm observes. */
#ifndef VRM_LIBC_SCHED_H
#define VRM_LIBC_SCHED_H

int sched_yield(void);

#endif
