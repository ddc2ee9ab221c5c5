// expect: confidentiality violation
/* assign-page.c with the unmap forgotten: the host keeps its mapping of the page it gave the VM. */
#define BUG_NO_UNMAP
#include "assign-page.c"
