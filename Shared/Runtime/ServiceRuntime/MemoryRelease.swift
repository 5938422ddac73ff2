import Foundation

#if canImport(Glibc)
import CMalloc
#endif

/// Gives memory the C allocator holds free back to the system. glibc keeps what a large call
/// freed (an import of 100,000 licences leaves some 70 MB) wherever a few live objects pin the
/// pages around it, so a service's RSS would stay at the peak of its largest call for good. The
/// host checks every few seconds and trims only when that much is held free.
enum MemoryRelease {
    /// Free heap beyond which it is returned: small enough to matter, large enough that a quiet
    /// service does not trim over and over.
    static let threshold = 8 << 20

    /// The size from which a block is mapped on its own, and returned when freed; also how much
    /// free memory an arena keeps at its end before giving it back.
    static let fixedThreshold: Int32 = 128 << 10

    /// Holds glibc's mapping and trimming thresholds at their defaults. glibc raises both after a
    /// large block is freed (to the largest freed, up to 32 and 64 MiB), after which blocks of that
    /// size come from the arenas instead, and the end of each thread's arena is kept rather than
    /// returned; `malloc_trim` does not reach those ends. After an import of 100,000 licences that
    /// kept 4 to 8 MiB more in memory until a restart. An operator's own setting
    /// (`GLIBC_TUNABLES` or `MALLOC_*_THRESHOLD_`) is left alone. Says whether it set them.
    @discardableResult
    static func fixThresholds(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        #if canImport(Glibc)
        guard !operatorSetThresholds(environment) else { return false }
        return mallopt(M_MMAP_THRESHOLD, fixedThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, fixedThreshold) == 1
        #else
        return false
        #endif
    }

    /// Whether the environment sets glibc's allocator itself.
    static func operatorSetThresholds(_ environment: [String: String]) -> Bool {
        environment["GLIBC_TUNABLES"]?.contains("glibc.malloc.") == true
            || environment["MALLOC_TRIM_THRESHOLD_"] != nil || environment["MALLOC_MMAP_THRESHOLD_"] != nil
    }

    /// Bytes the allocator holds free now (0 where it cannot say).
    static func heldFree() -> Int {
        #if canImport(Glibc)
        return Int(mallinfo2().fordblks)
        #else
        return 0
        #endif
    }

    /// Trims the heap when more than ``threshold`` is held free; says whether it did.
    @discardableResult
    static func releaseIfLarge() -> Bool {
        #if canImport(Glibc)
        guard heldFree() > threshold else { return false }
        malloc_trim(0)
        return true
        #else
        return false
        #endif
    }
}
