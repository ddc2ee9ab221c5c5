// Kernel style: READ_ONCE/WRITE_ONCE, barriers as inline asm, a thread function placed in a section.
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define smp_mb() asm volatile("dmb ish" ::: "memory")
#define smp_wmb() asm volatile("dmb ishst" ::: "memory")
#define barrier() asm volatile("" ::: "memory")
#define __vrm_thread __attribute__((section("vrm_thread"), used))

struct ring {
    unsigned head;
    unsigned tail;
    int slots[8];
};

struct ring ring;
static int seen[8];

static unsigned ldar(const unsigned *p)
{
    unsigned v;
    asm volatile("ldar %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

__vrm_thread void producer(void)
{
    for (int i = 0; i < 4; i++) {
        unsigned h = READ_ONCE(ring.head);
        ring.slots[h % 8] = i + 1;
        smp_wmb();
        WRITE_ONCE(ring.head, h + 1);
    }
}

__vrm_thread void consumer(void)
{
    unsigned t = READ_ONCE(ring.tail);
    while (t != ldar(&ring.head)) {
        seen[t % 8] = ring.slots[t % 8];
        barrier();
        t++;
    }
    smp_mb();
    WRITE_ONCE(ring.tail, t);
    if (seen[0] != 0 && seen[0] != 1)
        __builtin_trap();
}
