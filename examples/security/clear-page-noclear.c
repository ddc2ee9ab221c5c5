// expect: confidentiality violation
// expect(promising): confidentiality violation
/* clear-page.c without the zeroing: the host gets the page with the VM's data in it. */
#define BUG_NO_CLEAR
#include "clear-page.c"
