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
