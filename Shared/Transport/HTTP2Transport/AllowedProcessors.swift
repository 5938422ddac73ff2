import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// How many processors this process may run on: NIO's count (the machine's, or a container's
/// cpuset or CPU quota) bounded by the process's own CPU affinity (`taskset`, systemd's
/// `CPUAffinity=`), which NIO does not read. A server pinned to one core with an event loop per
/// machine core ran two loops taking turns on that core: 3-6% fewer GetLicence calls a second
/// than with one (Benchmarks/README.md).
package enum AllowedProcessors {
    package static let count: Int = count(machine: System.coreCount, affinity: affinityCount())

    /// At most `machine` and at most `affinity` (when known), and at least one.
    package static func count(machine: Int, affinity: Int?) -> Int {
        max(1, min(machine, affinity ?? machine))
    }

    /// The processors in this process's affinity mask, from `/proc/self/status`; nil where it
    /// cannot be read.
    static func affinityCount() -> Int? {
        #if os(Linux)
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        // The file is a few KiB; the bound keeps a strange /proc from being read for ever.
        while text.count < 1 << 20 {
            let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if read <= 0 { break }
            text.append(contentsOf: chunk[0..<read])
        }
        return affinityCount(status: String(decoding: text, as: UTF8.self))
        #else
        return nil
        #endif
    }

    /// The processors named by the `Cpus_allowed:` line of a `/proc/PID/status` text (a
    /// hexadecimal mask in comma-separated 32-bit groups); nil without one, or for a mask that
    /// is not hexadecimal or allows none.
    package static func affinityCount(status: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix("Cpus_allowed:") {
            let mask = line.dropFirst("Cpus_allowed:".count).filter { $0 != "," && $0 != " " && $0 != "\t" }
            guard !mask.isEmpty else { return nil }
            var allowed = 0
            for digit in mask {
                guard let value = digit.hexDigitValue else { return nil }
                allowed += value.nonzeroBitCount
            }
            return allowed > 0 ? allowed : nil
        }
        return nil
    }
}
