// expect: integrity violation
// expect(promising): integrity violation
/* host-clear.c without the ownership check: the host zeroes the VM's page by naming it (before, both models said
 * ok: rerunning with the host's inputs changed never changes the page differently). */
#define BUG_NO_OWNER_CHECK
#include "host-clear.c"
