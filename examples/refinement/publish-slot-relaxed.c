// expect: holds
// expect(promising): not linearizable
/* publish-slot.c with the slot read by a relaxed load: linearizable on SC, not on Arm. */
#define BUG_RELAXED_LOOKUP
#include "publish-slot.c"
