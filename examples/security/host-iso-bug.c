// expect: assertion fails
/* host-iso.c with the page mapped back before its owner is checked: host_iso fails. */
#define BUG_MAP_BEFORE_CHECK
#include "host-iso.c"
