#ifndef CEDIT_SHIM_H
#define CEDIT_SHIM_H
// libedit's readline-compatible API. Included as <editline/readline.h> so that a machine
// that also has GNU readline's headers cannot pick the wrong one.
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

// Swift 6 rejects every read or write of a C mutable global ("not concurrency-safe"), so the
// few readline globals the REPL needs are reached through these one-line functions instead.
// They are only called from the thread that runs the REPL.

/// Names the program for ~/.editrc ("djs:bind -v") and installs the completion callback.
/// `word_breaks` must outlive every readline() call (the caller passes a strdup'd copy).
static inline void cedit_configure(rl_completion_func_t *completion, const char *word_breaks) {
    rl_readline_name = "djs";
    rl_attempted_completion_function = completion;
    rl_basic_word_break_characters = word_breaks;
    // The default ' ' would turn "jobs(" into "jobs( ".
    rl_completion_append_character = '\0';
}

/// Without this, libedit falls back to completing file names when we offer nothing.
static inline void cedit_completion_over(void) { rl_attempted_completion_over = 1; }

/// The whole line being edited and the cursor, as a byte offset into it.
static inline const char *cedit_line_buffer(void) { return rl_line_buffer; }
static inline int cedit_point(void) { return rl_point; }

/// History entries are numbered from history_base (which moves once the list is stifled).
static inline int cedit_history_base(void) { return history_base; }
static inline int cedit_history_length(void) { return history_length; }
#endif
