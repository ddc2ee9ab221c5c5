// expect: holds
// expect(promising): confidentiality violation
/* scrub-publish.c with the flag published by a relaxed store: no SC execution leaks, an Arm one does. */
#define BUG_RELAXED_PUBLISH
#include "scrub-publish.c"
