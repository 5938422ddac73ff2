import Foundation
import Synchronization

/// A progress bar on standard error for long imports and exports. Drawn only when standard error
/// is a terminal, so scripts and logs get clean output.
final class ProgressBar: Sendable {
    let total: Int
    let label: String
    let unit: String
    let enabled: Bool
    private let lastDrawn = Mutex(-1)

    init(total: Int, label: String, unit: String, enabled: Bool = isatty(STDERR_FILENO) != 0) {
        self.total = total
        self.label = label
        self.unit = unit
        self.enabled = enabled && total > 0
    }

    /// The line for `done` of `total`, such as `importing [##########----------]  50% 1024/2048 bytes`.
    func line(_ done: Int) -> String {
        let width = 30
        let clamped = max(0, min(done, total))
        let filled = total == 0 ? width : clamped * width / total
        let percent = total == 0 ? 100 : clamped * 100 / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percentText = String(repeating: " ", count: 3 - String(percent).count) + String(percent)
        return "\(label) [\(bar)] \(percentText)% \(clamped)/\(total) \(unit)"
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let percent = min(100, max(0, done * 100 / total))
        let changed = lastDrawn.withLock { last in
            defer { last = percent }
            return last != percent
        }
        if changed { FileHandle.standardError.write(Data(("\r" + line(done)).utf8)) }
    }

    func finish() {
        guard enabled, lastDrawn.withLock({ $0 }) >= 0 else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
