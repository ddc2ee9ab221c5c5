// expect: integrity violation
// expect(promising): integrity violation
/* hvc-write.c without the ownership check: the host writes into the VM's page. */
#define BUG_NO_OWNER_CHECK
#include "hvc-write.c"
