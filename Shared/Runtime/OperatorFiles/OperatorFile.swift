import Foundation

/// A file an operator names in the configuration (the configuration itself, a key, a password, a
/// list of units), read whole only when it is a regular file of at most `limit` bytes. A path set
/// by mistake to a disk image, a device or a FIFO is refused at once: never read into memory
/// without bound, never waited on.
package enum OperatorFile {
    /// Why the file was not read, without its path (the caller names the setting and the path).
    package struct Refusal: Error, CustomStringConvertible, Equatable {
        package let description: String
    }

    package static func read(_ path: String, atMost limit: Int) throws(Refusal) -> [UInt8] {
        // Non-blocking, so that opening a FIFO with no writer does not wait for one.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Refusal(description: "cannot be read (errno \(errno))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw Refusal(description: "not a regular file")
        }
        guard status.st_size <= limit else { throw Refusal(description: "larger than \(limit) bytes") }
        // The file may grow after the check: read until its end or one byte past the limit.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count <= limit {
            let got = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if got == 0 { break }
            guard got > 0 else {
                if errno == EINTR { continue }
                throw Refusal(description: "cannot be read (errno \(errno))")
            }
            bytes.append(contentsOf: chunk[..<got])
        }
        guard bytes.count <= limit else { throw Refusal(description: "larger than \(limit) bytes") }
        return bytes
    }
}
