// expect: holds
// expect(promising): holds
/* A host hypercall that zeroes a page the host names by number; the kernel checks that the host owns it. Page 1
 * is the VM's. With -DBUG_NO_OWNER_CHECK the host can zero the VM's page: an integrity violation, though the value
 * written is a constant and no secret or input of the host's reaches it. Only the host's choice of page decides
 * whether the VM's page changes, so the check groups executions (SC) or final states (relaxed) by the host's
 * choices: the VM's page must be able to end the same ways whichever page the host names. */
#include <pthread.h>
#include "vrm.h"

#define HOST 0
#define VM 1

static unsigned long pages[2][2] = {{1, 1}, {0x5ec, 0x5ec}};
static long owner[2] = {HOST, VM};
static pthread_mutex_t lock;

VRM_PROTECTS(lock, owner);
VRM_SECRET(VM, pages[1]);

static void hvc_clear(long pfn)
{
  vrm_kernel_enter();
  pthread_mutex_lock(&lock);
#ifndef BUG_NO_OWNER_CHECK
  if (owner[pfn] == HOST)
#endif
    pages[pfn][0] = 0;
  pthread_mutex_unlock(&lock);
  vrm_kernel_exit();
}

static void *host(void *arg)
{
  hvc_clear(vrm_nondet_range(0, 1));
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
