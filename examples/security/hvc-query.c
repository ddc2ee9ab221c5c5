// expect: holds
// expect(promising): holds
/* A host hypercall that asks about a page by number: the kernel answers with the page's owner, which is no
 * secret. The VM writes its own page meanwhile. With -DBUG_ANSWER_FROM_CONTENTS the kernel answers whether the
 * page holds data instead: for the VM's page that is one bit of the VM's secret, and it depends on which page the
 * host asked about. On a relaxed model the check compares final observations, so the host's own choice of page
 * is one of them: pooled over both choices, the answers {0, 1} would look the same either way. */
#include <pthread.h>
#include "vrm.h"

#define HOST 0
#define VM 1

static unsigned long pages[2][2];
static long owner[2] = {HOST, VM};
static pthread_mutex_t lock;

VRM_PROTECTS(lock, owner);
VRM_SECRET(VM, pages[1]);

static long hvc_query(long pfn)
{
  long answer;
  vrm_kernel_enter();
  pthread_mutex_lock(&lock);
#ifdef BUG_ANSWER_FROM_CONTENTS
  answer = vrm_read_once(pages[pfn][0]) != 0;
#else
  answer = owner[pfn];
#endif
  pthread_mutex_unlock(&lock);
  vrm_kernel_exit();
  return answer;
}

static void *host(void *arg)
{
  vrm_observe(hvc_query(vrm_nondet_range(0, 1)));
  return 0;
}

static void *vm(void *arg)
{
  vrm_write_once(pages[1][0], vrm_input());
  return 0;
}

VRM_PRINCIPAL(host, HOST);
VRM_PRINCIPAL(vm, VM);

int main(void)
{
  pthread_t h, v;
  pthread_create(&v, 0, vm, 0);
  pthread_create(&h, 0, host, 0);
  pthread_join(h, 0);
  pthread_join(v, 0);
  return 0;
}
