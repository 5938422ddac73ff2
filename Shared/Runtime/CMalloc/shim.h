// glibc's allocator controls (malloc_trim, mallinfo2), which Swift's Glibc module leaves out:
// ServiceRuntime's MemoryRelease returns memory a large call freed to the system.
#include <malloc.h>
