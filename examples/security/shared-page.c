// expect: holds
/* A VM shares one page with the host on purpose (a virtio ring, say) and keeps the other private. The shared
 * page is not declared secret: what the VM writes there is meant for the host. The host reads both pages'
 * first words through the kernel's copy hypercall, which refuses the private page. */
#include <pthread.h>
#include "vrm.h"

#define HOST 0
#define VM 1

static unsigned long shared[4];
static unsigned long private_page[4];
static long shared_with_host[2] = {1, 0};
static unsigned long *const vm_pages[2] = {shared, private_page};

VRM_SECRET(VM, private_page);

static long hvc_read(long n)
{
  long value = -1;
  vrm_kernel_enter();
  if (shared_with_host[n])
    value = (long)vm_pages[n][0];
  vrm_kernel_exit();
  return value;
}

static void *vm(void *arg)
{
  shared[0] = 7; /* a message for the host */
  private_page[0] = (unsigned long)vrm_input();
  return 0;
}

static void *host(void *arg)
{
  long n = vrm_nondet_range(0, 1);
  vrm_observe(hvc_read(n));
  return 0;
}

VRM_PRINCIPAL(vm, VM);
VRM_PRINCIPAL(host, HOST);

int main(void)
{
  /* The VM runs, then the host asks: the ring protocol's synchronisation is not the point here. */
  pthread_t v, h;
  pthread_create(&v, 0, vm, 0);
  pthread_join(v, 0);
  pthread_create(&h, 0, host, 0);
  pthread_join(h, 0);
  return 0;
}
