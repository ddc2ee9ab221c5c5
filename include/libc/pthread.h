/* pthread.h for programs checked by vrm (see assert.h). The types have glibc's AArch64 sizes; vrm gives
 * the functions their POSIX meaning: threads, joins, pthread_exit, mutexes (the lock word holds the
 * owner's token; unlock by another thread and use after destroy are reported), barriers. The lock and
 * barrier types are structs, not glibc's unions, so that vrm sees the fields it uses as cells. */
#ifndef VRM_LIBC_PTHREAD_H
#define VRM_LIBC_PTHREAD_H

#include <stddef.h>

typedef unsigned long pthread_t;
typedef union { char size[64]; long align; } pthread_attr_t;
typedef struct { int __lock; unsigned __count; int __owner; int __kind; long __spare[4]; } pthread_mutex_t;
typedef union { char size[8]; int align; } pthread_mutexattr_t;
/* __state: the phase in bits 63:32, the threads arrived in this phase below; __count: the threads to wait for. */
typedef struct { unsigned long __state; unsigned __count; int __spare; long __spare2[2]; } pthread_barrier_t;
typedef union { char size[8]; int align; } pthread_barrierattr_t;
typedef union { char size[48]; long long align; } pthread_cond_t;
typedef union { char size[8]; int align; } pthread_condattr_t;
typedef unsigned int pthread_key_t;

#define PTHREAD_MUTEX_INITIALIZER { 0, 0, 0, 0, { 0 } }
#define PTHREAD_BARRIER_SERIAL_THREAD (-1)

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg);
int pthread_join(pthread_t thread, void **result);
void pthread_exit(void *result) __attribute__((__noreturn__));
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *mutex);
int pthread_mutex_lock(pthread_mutex_t *mutex);
int pthread_mutex_trylock(pthread_mutex_t *mutex);
int pthread_mutex_unlock(pthread_mutex_t *mutex);

int pthread_barrier_init(pthread_barrier_t *barrier, const pthread_barrierattr_t *attr, unsigned count);
int pthread_barrier_destroy(pthread_barrier_t *barrier);
int pthread_barrier_wait(pthread_barrier_t *barrier);

#endif
