import Foundation
import Logging
import Synchronization

/// swift-log output for the services: one line per event on standard output, as JSON for log
/// collectors (`DIC_LOG_FORMAT=json`) or as text for people at a terminal.
public struct DICLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: RuntimeConfiguration.LogFormat
    let output: LogOutput

    public init(
        label: String, format: RuntimeConfiguration.LogFormat, level: Logger.Level, output: LogOutput = .standardOutput
    ) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.output = output
    }

    /// Installs the handler for every logger of the process.
    public static func bootstrap(format: RuntimeConfiguration.LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in DICLogHandler(label: label, format: format, level: level) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(
            level: event.level, message: event.message.description,
            Self.fields(metadata, metadataProvider?.get(), event.metadata))
    }

    /// A line of `fields`, already sorted by key and taking precedence over the handler's and the
    /// provider's metadata: the line ``log(event:)`` writes for the same metadata, without the
    /// dictionary swift-log carries it in, whose building, hashing and sorting were most of a call
    /// line's cost (for ``CallLoggingInterceptor``, a line per call).
    func log(level: Logger.Level, _ message: String, sortedFields: [(key: String, value: Logger.Metadata.Value)]) {
        guard level >= logLevel else { return }
        var fields = sortedFields
        let provided = metadataProvider?.get()
        func insert(_ key: String, _ value: Logger.Metadata.Value) {
            var index = 0
            while index < fields.count, fields[index].key < key { index += 1 }
            guard index == fields.count || fields[index].key != key else { return }  // the line's own wins
            fields.insert((key, value), at: index)
        }
        for (key, value) in provided ?? [:] { insert(key, value) }
        for (key, value) in metadata where provided?[key] == nil { insert(key, value) }
        write(level: level, message: message, fields)
    }

    private func write(level: Logger.Level, message: String, _ fields: [(key: String, value: Logger.Metadata.Value)]) {
        var line =
            switch format {
            case .json: jsonLine(level: level, message: message, fields)
            case .text: textLine(level: level, message: message, fields)
            }
        line += "\n"
        output.write(line)
    }

    /// A line's metadata sorted by key, a later source's value replacing an earlier one's: the
    /// handler's, then the provider's, then the event's. Gathered in an array, not merged into a
    /// new dictionary: the merge (a copy and a resize per line), the sort of its keys and a lookup
    /// of each were a tenth of a health check's CPU.
    static func fields(
        _ handler: Logger.Metadata, _ provided: Logger.Metadata?, _ event: Logger.Metadata?
    ) -> [(key: String, value: Logger.Metadata.Value)] {
        var fields: [(key: String, value: Logger.Metadata.Value)] = []
        fields.reserveCapacity(handler.count + (provided?.count ?? 0) + (event?.count ?? 0))
        for (key, value) in handler where provided?[key] == nil && event?[key] == nil { fields.append((key, value)) }
        for (key, value) in provided ?? [:] where event?[key] == nil { fields.append((key, value)) }
        for (key, value) in event ?? [:] { fields.append((key, value)) }
        fields.sort { $0.key < $1.key }
        return fields
    }

    func textLine(
        level: Logger.Level, message: String, _ fields: [(key: String, value: Logger.Metadata.Value)]
    ) -> String {
        var line = LogLineFormat.timestamp()
        line.reserveCapacity(256)
        line += " "
        line += level.rawValue
        line += " "
        line += label
        line += ": "
        LogLineFormat.appendControlsEscaped(message, to: &line)
        for (key, value) in fields {
            line += " "
            LogLineFormat.appendControlsEscaped(key, to: &line)
            line += "="
            LogLineFormat.appendControlsEscaped(value.description, to: &line)
        }
        return line
    }

    func jsonLine(
        level: Logger.Level, message: String, _ metadata: [(key: String, value: Logger.Metadata.Value)]
    ) -> String {
        var fields: [(String, Logger.Metadata.Value)] = [
            ("ts", .string(LogLineFormat.timestamp())), ("level", .string(level.rawValue)),
            ("logger", .string(label)), ("msg", .string(message)),
        ]
        // Metadata cannot replace the line's own fields.
        for (key, value) in metadata where !["ts", "level", "logger", "msg"].contains(key) {
            fields.append((key, value))
        }
        var line = ""
        line.reserveCapacity(256)
        LogLineFormat.jsonObject(fields, into: &line)
        return line
    }
}

/// Where log lines go; whole lines are written under a lock so concurrent calls never interleave.
public final class LogOutput: Sendable {
    private let sink: Mutex<(String) -> Void>
    private let queue: LogLineQueue?

    /// Lines go to `sink` before `write` returns (tests, tools).
    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = Mutex(sink)
        self.queue = nil
    }

    /// Lines go to `sink` from a thread of their own, through a queue of at most `maxQueuedBytes`:
    /// a caller never waits for the sink (a stalled log reader must not stall serving), and a line
    /// that does not fit is dropped and counted (`dic_log_lines_dropped_total`, and a line saying
    /// how many once the sink takes lines again).
    public init(buffered maxQueuedBytes: Int, _ sink: @escaping @Sendable (String) -> Void) {
        self.sink = Mutex(sink)
        self.queue = LogLineQueue(maxBytes: maxQueuedBytes, sink: sink)
    }

    public func write(_ line: String) {
        if let queue {
            queue.enqueue(line)
        } else {
            sink.withLock { $0(line) }
        }
    }

    /// Lines dropped because the queue was full, since start.
    public var droppedLines: Int { queue?.droppedTotal ?? 0 }

    /// Waits until the queued lines are written, or `timeout` has passed (at exit).
    @discardableResult
    public func flush(timeout: Duration = .seconds(2)) -> Bool {
        queue?.flush(timeout: timeout) ?? true
    }

    /// File descriptor 1 through a 4 MiB queue.
    public static let standardOutput = LogOutput(buffered: 4 << 20) { line in
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
