import CoreMetrics
import Foundation
import RPCCore

/// A bounded queue of log lines between the threads that log and one writer thread. Callers only
/// take a lock and append; the writer takes everything queued at once and hands it to the sink as
/// one string, so a burst costs one write. When the queue is full the line is dropped and counted.
/// A caller wakes the writer only when it sleeps with nothing queued, and the writer lets lines
/// gather for ``linger`` after each write: waking it for every line of a busy service (a switch
/// of threads per call) cost more than formatting the line.
///
/// `@unchecked Sendable`: every stored variable is read and written only with `condition` held.
final class LogLineQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let maxBytes: Int
    private let sink: @Sendable (String) -> Void
    private var lines: [String] = []
    private var queuedBytes = 0
    /// Dropped since the last line about it was written.
    private var droppedSinceReport = 0
    private var dropped = 0
    /// The writer holds a batch it has not finished writing.
    private var writing = false
    /// The writer waits for a line and must be woken for the next.
    private var idle = false
    /// How long the writer lets lines gather after a write; a line waits at most this long.
    static let linger = Duration.milliseconds(5)

    init(maxBytes: Int, sink: @escaping @Sendable (String) -> Void) {
        self.maxBytes = maxBytes
        self.sink = sink
        let thread = Thread { [self] in run() }
        thread.name = "dic-log-writer"
        thread.start()
    }

    func enqueue(_ line: String) {
        condition.lock()
        let size = line.utf8.count
        guard queuedBytes + size <= maxBytes else {
            dropped += 1
            droppedSinceReport += 1
            condition.unlock()
            Counter(label: "dic_log_lines_dropped_total").increment()
            return
        }
        lines.append(line)
        queuedBytes += size
        if idle {
            idle = false
            condition.broadcast()  // flushes wait on the same condition: wake the writer for sure
        }
        condition.unlock()
    }

    var droppedTotal: Int {
        condition.lock()
        defer { condition.unlock() }
        return dropped
    }

    func flush(timeout: Duration) -> Bool {
        let limit = Date(timeIntervalSinceNow: Double(timeout.saturatingMilliseconds) / 1000)
        condition.lock()
        defer { condition.unlock() }
        while !lines.isEmpty || writing {
            guard condition.wait(until: limit) else { return lines.isEmpty && !writing }
        }
        return true
    }

    private func run() {
        while true {
            condition.lock()
            while lines.isEmpty {
                idle = true
                condition.wait()
            }
            idle = false
            let batch = lines
            let lost = droppedSinceReport
            lines.removeAll(keepingCapacity: true)
            queuedBytes = 0
            droppedSinceReport = 0
            writing = true
            condition.unlock()

            var text = lost > 0 ? "log: \(lost) lines dropped (the log output was not keeping up)\n" : ""
            text.reserveCapacity(batch.reduce(text.utf8.count) { $0 + $1.utf8.count })
            for line in batch { text += line }
            sink(text)

            condition.lock()
            writing = false
            condition.broadcast()
            condition.unlock()
            Thread.sleep(forTimeInterval: Double(Self.linger.saturatingMilliseconds) / 1000)
        }
    }
}
