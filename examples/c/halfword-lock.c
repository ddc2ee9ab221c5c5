// expect: holds
#include <pthread.h>
#include <assert.h>
#include <stdatomic.h>

/* A 32-bit lock word whose low half is the owner ticket, read with a 16-bit load as Linux does:
   vrm reads the low bytes of the word (narrow reads, README). Expected: ok under every model. */
_Atomic unsigned int lock;
_Atomic int data;

void *writer(void *arg)
{
    atomic_store_explicit(&data, 1, memory_order_relaxed);
    atomic_store_explicit(&lock, 0x20001u, memory_order_release);
    return 0;
}

void *reader(void *arg)
{
    unsigned short owner = atomic_load_explicit((_Atomic unsigned short *)&lock, memory_order_acquire);
    int d = atomic_load_explicit(&data, memory_order_relaxed);
    assert(owner == 0 || owner == 1);
    assert(owner == 0 || d == 1);
    return 0;
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
