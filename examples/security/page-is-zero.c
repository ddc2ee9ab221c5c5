// expect: implicit flow violation
// expect(promising): confidentiality violation
/* A hypercall that tells the host whether a VM page is still zero: the kernel branches on the VM's secret and
 * the host learns the outcome from what the kernel does (it writes the answer only when the page is zero),
 * an implicit flow. */
#include <pthread.h>
#include "vrm.h"

#define HOST 0
#define VM 1

static unsigned long vm_page[2];
static long answer;

VRM_SECRET(VM, vm_page);
VRM_OBSERVABLE(HOST, answer);

static void *host(void *arg)
{
  vrm_kernel_enter();
  if (vm_page[0] == 0)
    answer = 1;
  vrm_kernel_exit();
  return 0;
}

VRM_PRINCIPAL(host, HOST);

int main(void)
{
  pthread_t h;
  pthread_create(&h, 0, host, 0);
  pthread_join(h, 0);
  return 0;
}
