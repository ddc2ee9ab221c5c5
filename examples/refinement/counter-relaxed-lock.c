// expect: holds
// expect(promising): not linearizable
/* counter-lock.c with a relaxed acquire and release: a lock that is linearizable on SC and not on Arm. */
#define BUG_RELAXED_LOCK
#include "counter-lock.c"
