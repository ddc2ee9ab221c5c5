// expect: confidentiality violation
// expect(promising): confidentiality violation
/* hvc-query.c answering from the page's contents: whether the VM's page holds data reaches the host. */
#define BUG_ANSWER_FROM_CONTENTS
#include "hvc-query.c"
