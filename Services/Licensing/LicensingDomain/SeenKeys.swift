/// Keys an import has seen, each with the line it was first seen on, kept as 128-bit digests
/// rather than the strings: 24 bytes a key instead of some 100 for a licence's type, number and
/// year, which a file of millions of licences would otherwise make the service hold.
///
/// The digest is two SipHash values under the process's random seed, so a caller cannot choose
/// keys that collide; two different keys of one file share a digest with odds near 2^-128 at
/// the size limits of a file, far below any other failure of the machine.
package struct SeenKeys: Sendable {
    private struct Digest: Hashable, Sendable {
        var high: UInt64
        var low: UInt64

        init(_ key: String) {
            var first = Hasher()
            first.combine(0 as UInt8)
            first.combine(key)
            var second = Hasher()
            second.combine(1 as UInt8)
            second.combine(key)
            high = UInt64(UInt(bitPattern: first.finalize()))
            low = UInt64(UInt(bitPattern: second.finalize()))
        }
    }

    private var lines: [Digest: Int] = [:]

    package init() {}

    package var count: Int { lines.count }

    /// The line `key` was recorded on, or nil when it has not been.
    package subscript(key: String) -> Int? {
        get { lines[Digest(key)] }
        set { lines[Digest(key)] = newValue }
    }
}
