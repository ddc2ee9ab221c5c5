// expect: not linearizable
/* semaphore-cap.c without the permission check: a down through an up-only capability succeeds. */
#define BUG_NO_PERM_CHECK
#include "semaphore-cap.c"
