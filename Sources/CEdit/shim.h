#ifndef CEDIT_SHIM_H
#define CEDIT_SHIM_H
// libedit's readline-compatible API. Included as <editline/readline.h> so that a machine
// that also has GNU readline's headers cannot pick the wrong one.
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>
#endif
