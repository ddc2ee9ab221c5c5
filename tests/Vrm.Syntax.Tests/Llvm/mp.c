// Message passing between two pthreads: a plain data write published by a release store.
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

int data;
atomic_int flag;

static inline void dmb_ish(void) { asm volatile("dmb ish" ::: "memory"); }

void *writer(void *arg)
{
    data = 42;
    dmb_ish();
    atomic_store_explicit(&flag, 1, memory_order_release);
    return 0;
}

void *reader(void *arg)
{
    while (atomic_load_explicit(&flag, memory_order_acquire) == 0)
        ;
    assert(data == 42);
    return arg;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, 0, writer, 0);
    pthread_create(&b, 0, reader, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    return 0;
}
