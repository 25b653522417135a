#include "CDynamicLibrary.h"
#include <dlfcn.h>
#include <stdio.h>

// dlerror's text, or `fallback` when it has none.
static void record_error(struct cdl_library *library, const char *fallback) {
    const char *reason = dlerror();
    snprintf(library->error, sizeof library->error, "%s", reason ? reason : fallback);
}

static int open_library(struct cdl_library *library, const char *name, const struct cdl_symbol *symbols, size_t count) {
    void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        record_error(library, name);
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        dlerror();
        *symbols[i].slot = dlsym(handle, symbols[i].name);
        if (*symbols[i].slot == NULL) {
            record_error(library, symbols[i].name);
            return 0;
        }
    }
    return 1;
}

const char *cdl_load(struct cdl_library *library, const char *name, const struct cdl_symbol *symbols, size_t count) {
    pthread_mutex_lock(&library->lock);
    if (!library->tried) {
        library->loaded = open_library(library, name, symbols, count);
        library->tried = 1;
    }
    int loaded = library->loaded;
    pthread_mutex_unlock(&library->lock);
    return loaded ? NULL : library->error;
}
