// Defining malloc and friends in the executable interposes them for every library in the
// process (glibc looks the symbols up in the executable first); the real work is done by glibc's
// __libc_* entry points. Counters are relaxed atomics: the benchmarks read them from one thread.
#include "AllocationCounter.h"

#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static uint64_t count;
static uint64_t bytes;

static inline void note(size_t size) {
    __atomic_fetch_add(&count, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&bytes, size, __ATOMIC_RELAXED);
}

void *malloc(size_t size) {
    note(size);
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
    note(n * size);
    return __libc_calloc(n, size);
}

void *realloc(void *pointer, size_t size) {
    note(size);
    return __libc_realloc(pointer, size);
}

void free(void *pointer) { __libc_free(pointer); }

int posix_memalign(void **out, size_t alignment, size_t size) {
    note(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *out = pointer;
    return 0;
}

void *aligned_alloc(size_t alignment, size_t size) {
    note(size);
    return __libc_memalign(alignment, size);
}

void *memalign(size_t alignment, size_t size) {
    note(size);
    return __libc_memalign(alignment, size);
}

uint64_t dic_allocation_count(void) { return __atomic_load_n(&count, __ATOMIC_RELAXED); }
uint64_t dic_allocated_bytes(void) { return __atomic_load_n(&bytes, __ATOMIC_RELAXED); }
