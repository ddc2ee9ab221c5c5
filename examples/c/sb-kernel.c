// expect: holds
/* Store buffering in kernel style: no main, two vrm_thread entries, WRITE_ONCE/READ_ONCE and
 * smp_mb() (DMB ISH). Each thread writes its variable, then reads the other's: with a full
 * barrier in both threads, at least one of them sees the other's write, in every model.
 * t0 publishes what it read as r0 + 1 (so 0 means "not yet"); t1 waits for it and checks. */
#include "vrm.h"

int x, y;
int r0_plus_1; /* t0's result, published */

vrm_thread void t0(void)
{
  vrm_write_once(x, 1);
  vrm_dmb();
  int r0 = vrm_read_once(y);
  vrm_write_once(r0_plus_1, r0 + 1);
}

vrm_thread void t1(void)
{
  vrm_write_once(y, 1);
  vrm_dmb();
  int r1 = vrm_read_once(x);
  int p;
  while ((p = vrm_read_once(r0_plus_1)) == 0)
    ; /* await t0's result: one location, so no barrier is needed to read it */
  vrm_assert(!(p - 1 == 0 && r1 == 0)); /* not both reads saw 0 */
}
