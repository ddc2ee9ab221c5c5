// expect: not linearizable
/* ticket-lock.c whose acquire does not wait for its turn. */
#define BUG_NO_WAIT
#include "ticket-lock.c"
