/* Counts a process's heap allocations, for `service_bench.py --allocations`: loaded with
 * LD_PRELOAD, it passes every malloc, calloc, realloc and aligned allocation on to glibc and counts
 * it, and a thread of its own writes the count to $DIC_ALLOC_COUNT_DIR/<pid> ten times a second.
 * This machine has no hardware counters and valgrind cannot run the services, so a call's CPU time
 * is only ever measured through its noise; the allocations a call makes are the same every run,
 * and a change that removes some shows at once. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static _Atomic unsigned long allocations;

static inline void counted(void) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); }

void *malloc(size_t size) { counted(); return __libc_malloc(size); }
void *calloc(size_t count, size_t size) { counted(); return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { counted(); return __libc_realloc(pointer, size); }
void *aligned_alloc(size_t alignment, size_t size) { counted(); return __libc_memalign(alignment, size); }
void *memalign(size_t alignment, size_t size) { counted(); return __libc_memalign(alignment, size); }

int posix_memalign(void **out, size_t alignment, size_t size) {
    counted();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return 12; /* ENOMEM */
    *out = pointer;
    return 0;
}

static void *report(void *directory) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%d", (const char *)directory, (int)getpid());
    for (;;) {
        char line[32];
        int length = snprintf(line, sizeof line, "%lu\n", atomic_load(&allocations));
        /* Written whole to a new name and renamed, so a reader never sees half a number. */
        char next[4200];
        snprintf(next, sizeof next, "%s.next", path);
        int file = open(next, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (file >= 0) {
            if (write(file, line, length) == length) rename(next, path);
            close(file);
        }
        usleep(100000);
    }
    return NULL;
}

__attribute__((constructor)) static void start(void) {
    const char *directory = getenv("DIC_ALLOC_COUNT_DIR");
    if (directory == NULL) return;
    pthread_t thread;
    if (pthread_create(&thread, NULL, report, (void *)directory) == 0) pthread_detach(thread);
}
