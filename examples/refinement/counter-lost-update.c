// expect: not linearizable
// expect(promising): not linearizable
/* counter-lock.c with the increment made outside the lock. */
#define BUG_LOST_UPDATE
#include "counter-lock.c"
