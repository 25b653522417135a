// Loads libedit when the REPL first needs it; see CEdit.h for why it is not linked.
#include "CEdit.h"
#include <CDynamicLibrary.h>

// The soname of Debian's libedit2 (which libedit-dev depends on).
static const char *const library_name = "libedit.so.2";

// Written once by cdl_load, read-only afterwards: the only mutable state, C glue.
static struct {
    char *(*readline)(const char *);
    int (*initialize)(void);
    void (*using_history)(void);
    int (*add_history)(const char *);
    void (*stifle_history)(int);
    HIST_ENTRY *(*history_get)(int);
    int (*read_history)(const char *);
    int (*write_history)(const char *);
    char **(*completion_matches)(const char *, rl_compentry_func_t *);
    const char **readline_name;
    rl_completion_func_t **attempted_completion_function;
    const char **basic_word_break_characters;
    int *completion_append_character;
    int *attempted_completion_over;
    char **line_buffer;
    int *point;
    int *history_base;
    int *history_length;
} edit;
static struct cdl_library library = CDL_LIBRARY_INIT;

const char *cedit_load(void) {
    struct cdl_symbol const symbols[] = {
        {"readline", (void **)&edit.readline},
        {"rl_initialize", (void **)&edit.initialize},
        {"using_history", (void **)&edit.using_history},
        {"add_history", (void **)&edit.add_history},
        {"stifle_history", (void **)&edit.stifle_history},
        {"history_get", (void **)&edit.history_get},
        {"read_history", (void **)&edit.read_history},
        {"write_history", (void **)&edit.write_history},
        {"rl_completion_matches", (void **)&edit.completion_matches},
        {"rl_readline_name", (void **)&edit.readline_name},
        {"rl_attempted_completion_function", (void **)&edit.attempted_completion_function},
        {"rl_basic_word_break_characters", (void **)&edit.basic_word_break_characters},
        {"rl_completion_append_character", (void **)&edit.completion_append_character},
        {"rl_attempted_completion_over", (void **)&edit.attempted_completion_over},
        {"rl_line_buffer", (void **)&edit.line_buffer},
        {"rl_point", (void **)&edit.point},
        {"history_base", (void **)&edit.history_base},
        {"history_length", (void **)&edit.history_length},
    };
    return cdl_load(&library, library_name, symbols, sizeof symbols / sizeof symbols[0]);
}

char *cedit_readline(const char *prompt) { return edit.readline(prompt); }
int cedit_initialize(void) { return edit.initialize(); }
void cedit_using_history(void) { edit.using_history(); }
int cedit_add_history(const char *line) { return edit.add_history(line); }
void cedit_stifle_history(int limit) { edit.stifle_history(limit); }
HIST_ENTRY *cedit_history_get(int index) { return edit.history_get(index); }
int cedit_read_history(const char *path) { return edit.read_history(path); }
int cedit_write_history(const char *path) { return edit.write_history(path); }
char **cedit_completion_matches(const char *text, rl_compentry_func_t *generator) {
    return edit.completion_matches(text, generator);
}

void cedit_configure(rl_completion_func_t *completion, const char *word_breaks) {
    *edit.readline_name = "djs";
    *edit.attempted_completion_function = completion;
    *edit.basic_word_break_characters = word_breaks;
    // The default ' ' would turn "jobs(" into "jobs( ".
    *edit.completion_append_character = '\0';
}

void cedit_completion_over(void) { *edit.attempted_completion_over = 1; }
const char *cedit_line_buffer(void) { return *edit.line_buffer; }
int cedit_point(void) { return *edit.point; }
int cedit_history_base(void) { return *edit.history_base; }
int cedit_history_length(void) { return *edit.history_length; }
