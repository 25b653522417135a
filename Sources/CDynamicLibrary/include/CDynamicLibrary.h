#ifndef CDYNAMICLIBRARY_H
#define CDYNAMICLIBRARY_H
// Opening a shared library on first use, for the loaders of libcurl (CCurl) and libedit (CEdit).
#include <pthread.h>
#include <stddef.h>

/// One symbol to look up, and where to store its address.
struct cdl_symbol {
    const char *name;
    void **slot;
};

/// Whether a library has been opened, or why it could not be. One static instance per library,
/// initialised with CDL_LIBRARY_INIT; C glue, written only under its lock.
struct cdl_library {
    pthread_mutex_t lock;
    int tried;
    int loaded;
    char error[512];
};
#define CDL_LIBRARY_INIT {PTHREAD_MUTEX_INITIALIZER, 0, 0, {0}}

/// The first call opens `name` (a soname) with RTLD_NOW | RTLD_LOCAL, so that its symbols serve
/// only these lookups and never the rest of the process, and stores the address of each of
/// `symbols`; later calls only return the first answer. Returns NULL on success, or the loader's
/// explanation when the library cannot be opened or lacks a symbol. Safe from any thread.
const char *cdl_load(struct cdl_library *library, const char *name, const struct cdl_symbol *symbols, size_t count);
#endif
