// expect: holds
/* NOVA-style semaphore hypercall behind a capability check, called by an untrusted thread with every selector
 * (invalid ones included) and both operations, while a trusted thread signals. sm_ctrl must behave like its
 * atomic specification, error results included: BAD_CAP for a selector that names nothing or a capability
 * without the permission, WOULD_BLOCK for a down on zero. With -DBUG_NO_PERM_CHECK the permission check is
 * missing: a down through an up-only capability succeeds, which the specification does not allow. */
#include <pthread.h>
#include "vrm.h"

#define PERM_UP 1
#define PERM_DOWN 2
#define SM_UP 0
#define SM_DOWN 1
#define BAD_CAP (-1)
#define WOULD_BLOCK (-2)
#define SELECTORS 2

/* The implementation: a capability table of permissions per selector, a count per semaphore, one lock. */
static const long caps[SELECTORS] = {PERM_UP | PERM_DOWN, PERM_UP};
static long count[SELECTORS];
static pthread_mutex_t lock;

static long sm_ctrl(long sel, long op)
{
  if (sel < 0 || sel >= SELECTORS || (op != SM_UP && op != SM_DOWN))
    return BAD_CAP;
  long ret = 0;
  pthread_mutex_lock(&lock);
#ifndef BUG_NO_PERM_CHECK
  if (!(caps[sel] & (op == SM_UP ? PERM_UP : PERM_DOWN)))
    ret = BAD_CAP;
  else
#endif
  if (op == SM_UP)
    count[sel]++;
  else if (count[sel] == 0)
    ret = WOULD_BLOCK;
  else
    count[sel]--;
  pthread_mutex_unlock(&lock);
  return ret;
}

/* The specification: the same decision in one atomic step, on its own state. */
static long spec_count[SELECTORS];

static long spec_sm_ctrl(long sel, long op)
{
  if (sel < 0 || sel >= SELECTORS || (op != SM_UP && op != SM_DOWN))
    return BAD_CAP;
  if (!(caps[sel] & (op == SM_UP ? PERM_UP : PERM_DOWN)))
    return BAD_CAP;
  if (op == SM_UP) {
    spec_count[sel]++;
    return 0;
  }
  if (spec_count[sel] == 0)
    return WOULD_BLOCK;
  spec_count[sel]--;
  return 0;
}
VRM_SPEC(sm_ctrl, spec_sm_ctrl);

/* Untrusted: any selector from -1 to 2, any of three operation numbers, twice. */
static void *untrusted(void *arg)
{
  for (int i = 0; i < 2; i++)
    sm_ctrl(vrm_nondet_range(-1, SELECTORS), vrm_nondet_range(0, 2));
  return 0;
}

static void *trusted(void *arg)
{
  sm_ctrl(1, SM_UP);
  return 0;
}

int main(void)
{
  pthread_t u, t;
  pthread_create(&u, 0, untrusted, 0);
  pthread_create(&t, 0, trusted, 0);
  pthread_join(u, 0);
  pthread_join(t, 0);
  return 0;
}
