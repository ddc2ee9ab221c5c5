// expect: not linearizable
// expect(promising): not linearizable
/* s2-map.c with the "already mapped?" test made before the lock is taken. */
#define BUG_CHECK_OUTSIDE_LOCK
#include "s2-map.c"
