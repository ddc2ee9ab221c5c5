// expect: holds
// expect(promising): holds
/* VM teardown: the kernel takes the VM's page back and returns it to the host, zeroing it first. The VM's
 * page holds its secret; the host reads its own pages once the kernel has returned them. With
 * -DBUG_NO_CLEAR the page goes back with the VM's data in it: a confidentiality violation. */
#include <pthread.h>
#include "vrm.h"

#define HOST 0
#define VM 1

static unsigned long page[4] = {11, 12, 13, 14}; /* the VM's data */
static long owner = VM;
static pthread_mutex_t lock;

VRM_PROTECTS(lock, owner);
VRM_SECRET(VM, page);

static void reclaim_page(void)
{
  pthread_mutex_lock(&lock);
  if (owner == VM) {
#ifndef BUG_NO_CLEAR
    for (int i = 0; i < 4; i++)
      page[i] = 0;
#endif
    owner = HOST;
  }
  pthread_mutex_unlock(&lock);
}

static void *kernel(void *arg)
{
  reclaim_page();
  return 0;
}

/* The host reads the page only once it owns it (the kernel maps it back to the host then). */
static void *host(void *arg)
{
  vrm_kernel_enter();
  pthread_mutex_lock(&lock);
  long mine = owner == HOST;
  pthread_mutex_unlock(&lock);
  vrm_kernel_exit();
  if (mine)
    vrm_observe(page[2]);
  return 0;
}

VRM_PRINCIPAL(host, HOST);

int main(void)
{
  pthread_t k, h;
  pthread_create(&k, 0, kernel, 0);
  pthread_create(&h, 0, host, 0);
  pthread_join(k, 0);
  pthread_join(h, 0);
  return 0;
}
