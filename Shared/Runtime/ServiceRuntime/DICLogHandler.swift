import Foundation
import Logging
import Synchronization

/// swift-log output for the services: one line per event on standard output, as JSON for log
/// collectors (`DIC_LOG_FORMAT=json`) or as text for people at a terminal.
public struct DICLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:] {
        didSet { sortedMetadata = metadata.sorted { $0.key < $1.key } }
    }
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: RuntimeConfiguration.LogFormat
    let output: LogOutput
    /// `metadata` in key order, kept as it is set: a call's line merges it in, and sorting it for
    /// every line cost more than the merge.
    private var sortedMetadata: [Field] = []

    typealias Field = (key: String, value: Logger.Metadata.Value)
    /// A field of a line's own, always text: a call's line has only such fields, and copying
    /// metadata values (an enum holding an existential) was most of what merging them cost.
    typealias TextField = (key: String, value: String)

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
            level: event.level, message: event.message.description, [],
            over: Self.fields(metadata, metadataProvider?.get(), event.metadata))
    }

    /// A line of `fields`, already sorted by key and taking precedence over the handler's and the
    /// provider's metadata: the line ``log(event:)`` writes for the same metadata, without the
    /// dictionary swift-log carries it in, whose building, hashing and sorting were most of a call
    /// line's cost (for ``CallLoggingInterceptor``, a line per call).
    func log(level: Logger.Level, _ message: String, sortedFields: [TextField]) {
        guard level >= logLevel else { return }
        let provided = metadataProvider?.get()
        let rest = provided?.isEmpty ?? true ? sortedMetadata : Self.fields(metadata, provided, nil)
        write(level: level, message: message, sortedFields, over: rest)
    }

    /// Writes `fields` merged with `rest` (both in key order; a key in both is `fields`').
    private func write(level: Logger.Level, message: String, _ fields: [TextField], over rest: [Field]) {
        let line =
            switch format {
            case .json: jsonLine(level: level, message: message, fields, over: rest)
            case .text: textLine(level: level, message: message, fields, over: rest)
            }
        output.write(line.text)
    }

    /// A line's metadata sorted by key, a later source's value replacing an earlier one's: the
    /// handler's, then the provider's, then the event's. Gathered in an array, not merged into a
    /// new dictionary: the merge (a copy and a resize per line), the sort of its keys and a lookup
    /// of each were a tenth of a health check's CPU.
    static func fields(_ handler: Logger.Metadata, _ provided: Logger.Metadata?, _ event: Logger.Metadata?) -> [Field] {
        var fields: [Field] = []
        fields.reserveCapacity(handler.count + (provided?.count ?? 0) + (event?.count ?? 0))
        for (key, value) in handler where provided?[key] == nil && event?[key] == nil { fields.append((key, value)) }
        for (key, value) in provided ?? [:] where event?[key] == nil { fields.append((key, value)) }
        for (key, value) in event ?? [:] { fields.append((key, value)) }
        fields.sort { $0.key < $1.key }
        return fields
    }

    /// `first` and `second`, each in key order, walked as one list in key order; a key in both is
    /// `first`'s. Nothing is copied: a call's line walks its own fields and the handler's metadata.
    static func merged(
        _ first: [TextField], _ second: [Field], _ firstBody: (borrowing TextField) -> Void,
        _ secondBody: (borrowing Field) -> Void
    ) {
        var (i, j) = (0, 0)
        while i < first.count || j < second.count {
            if j == second.count || (i < first.count && first[i].key <= second[j].key) {
                if j < second.count, first[i].key == second[j].key { j += 1 }
                firstBody(first[i])
                i += 1
            } else {
                secondBody(second[j])
                j += 1
            }
        }
    }

    func textLine(level: Logger.Level, message: String, _ fields: [TextField], over rest: [Field]) -> LogLineBytes {
        var line = LogLineBytes(capacity: 256)
        line.timestamp()
        line.byte(UInt8(ascii: " "))
        line.plain(level.rawValue)
        line.byte(UInt8(ascii: " "))
        line.plain(label)
        line.plain(": ")
        line.controlsEscaped(message)
        Self.merged(fields, rest) { field in
            line.byte(UInt8(ascii: " "))
            line.controlsEscaped(field.key)
            line.byte(UInt8(ascii: "="))
            line.controlsEscaped(field.value)
        } _: { field in
            line.byte(UInt8(ascii: " "))
            line.controlsEscaped(field.key)
            line.byte(UInt8(ascii: "="))
            if case .string(let text) = field.value {
                line.controlsEscaped(text)
            } else {
                line.controlsEscaped(field.value.description)
            }
        }
        line.byte(UInt8(ascii: "\n"))
        return line
    }

    /// The line's own keys in a JSON line, in key order; metadata cannot replace them.
    private static let ownJSONKeys = ["level", "logger", "msg", "ts"]

    /// One JSON object, keys sorted (as ``LogLineFormat/jsonObject(_:into:)`` writes it).
    func jsonLine(level: Logger.Level, message: String, _ fields: [TextField], over rest: [Field]) -> LogLineBytes {
        var line = LogLineBytes(capacity: 320)
        line.byte(UInt8(ascii: "{"))
        var own = 0  // the next of `ownJSONKeys` to write
        var written = 0
        func key(_ key: String) {
            if written > 0 { line.byte(UInt8(ascii: ",")) }
            written += 1
            line.jsonString(key)
            line.byte(UInt8(ascii: ":"))
        }
        func writeOwn(before next: String?) {
            while own < Self.ownJSONKeys.count, next.map({ Self.ownJSONKeys[own] < $0 }) ?? true {
                key(Self.ownJSONKeys[own])
                switch own {
                case 0: line.jsonString(level.rawValue)
                case 1: line.jsonString(label)
                case 2: line.jsonString(message)
                default:
                    line.byte(UInt8(ascii: "\""))
                    line.timestamp()
                    line.byte(UInt8(ascii: "\""))
                }
                own += 1
            }
        }
        func isOwn(_ key: String) -> Bool {
            writeOwn(before: key)
            return own < Self.ownJSONKeys.count && Self.ownJSONKeys[own] == key
        }
        Self.merged(fields, rest) { field in
            guard !isOwn(field.key) else { return }
            key(field.key)
            line.jsonString(field.value)
        } _: { field in
            guard !isOwn(field.key) else { return }
            key(field.key)
            line.jsonValue(field.value)
        }
        writeOwn(before: nil)
        line.plain("}\n")
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
