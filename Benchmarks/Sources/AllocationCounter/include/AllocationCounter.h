#ifndef DIC_ALLOCATION_COUNTER_H
#define DIC_ALLOCATION_COUNTER_H
#include <stdint.h>

/// Allocations (malloc, calloc, realloc, aligned) since the process started.
uint64_t dic_allocation_count(void);
/// Bytes requested by those allocations.
uint64_t dic_allocated_bytes(void);
#endif
