#ifndef CEDIT_H
#define CEDIT_H
// libedit's readline-compatible API, for the REPL. Included as <editline/readline.h> so that a
// machine that also has GNU readline's headers cannot pick the wrong one; its declarations give
// the types and are what the functions below are checked against.
//
// libedit is not linked: it is opened with dlopen when the REPL starts on a terminal
// (cedit_load), so that scripts, which never edit a line, start without mapping and relocating
// it and the libraries it needs (libtinfo, libbsd, libmd).
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

/// Opens libedit and looks up every function and variable below, once (later calls return
/// the first answer). Returns NULL on success, or the loader's explanation. Every other
/// function of this header may only be called after a successful cedit_load.
const char *cedit_load(void);

char *cedit_readline(const char *prompt);
int cedit_initialize(void);
void cedit_using_history(void);
int cedit_add_history(const char *line);
void cedit_stifle_history(int limit);
HIST_ENTRY *cedit_history_get(int index);
int cedit_read_history(const char *path);
int cedit_write_history(const char *path);
char **cedit_completion_matches(const char *text, rl_compentry_func_t *generator);

// Swift 6 rejects every read or write of a C mutable global ("not concurrency-safe"), and the
// loaded library's globals are only reachable through the addresses dlsym gives: the few
// readline globals the REPL needs are reached through these functions. They are only called
// from the thread that runs the REPL.

/// Names the program for ~/.editrc ("djs:bind -v") and installs the completion callback.
/// `word_breaks` must outlive every readline() call (the caller passes a strdup'd copy).
void cedit_configure(rl_completion_func_t *completion, const char *word_breaks);

/// Without this, libedit falls back to completing file names when we offer nothing.
void cedit_completion_over(void);

/// The whole line being edited and the cursor, as a byte offset into it.
const char *cedit_line_buffer(void);
int cedit_point(void);

/// History entries are numbered from history_base (which moves once the list is stifled).
int cedit_history_base(void);
int cedit_history_length(void);
#endif
