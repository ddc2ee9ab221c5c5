// expect: not linearizable
// expect(promising): not linearizable
/* s2-map-relation.c with the entry pointing at the wrong frame: the results (none) are explained, the table is not. */
#define BUG_WRONG_FRAME
#include "s2-map-relation.c"
