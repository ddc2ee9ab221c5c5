// expect: holds
// expect(promising): holds
/* A host hypercall that writes a value the host chooses into a page the host names by number. The kernel
 * checks that the host owns the page; page 1 belongs to the VM, whose contents are its secret. With
 * -DBUG_NO_OWNER_CHECK the host can change the VM's memory: an integrity violation. */
#include <pthread.h>
#include "vrm.h"

#define HOST 0
#define VM 1

static unsigned long pages[2][4];
static long owner[2] = {HOST, VM};
static pthread_mutex_t lock;

VRM_PROTECTS(lock, owner);
VRM_SECRET(VM, pages[1]);

static long hvc_write(long pfn, unsigned long value)
{
  long ret = -1;
  vrm_kernel_enter();
  pthread_mutex_lock(&lock);
#ifndef BUG_NO_OWNER_CHECK
  if (owner[pfn] == HOST)
#endif
  {
    pages[pfn][0] = value;
    ret = 0;
  }
  pthread_mutex_unlock(&lock);
  vrm_kernel_exit();
  return ret;
}

static void *host(void *arg)
{
  long pfn = vrm_nondet_range(0, 1);
  vrm_observe(hvc_write(pfn, vrm_input()));
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
