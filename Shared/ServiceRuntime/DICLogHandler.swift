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
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let line =
            switch format {
            case .json: jsonLine(event, merged)
            case .text: textLine(event, merged)
            }
        output.write(line + "\n")
    }

    static let timestampFormat: Date.ISO8601FormatStyle = .iso8601.year().month().day().time(
        includingFractionalSeconds: true)

    func textLine(_ event: LogEvent, _ metadata: Logger.Metadata) -> String {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(Date().formatted(Self.timestampFormat)) \(event.level) \(label): \(event.message)"
            + (fields.isEmpty ? "" : " " + fields)
    }

    func jsonLine(_ event: LogEvent, _ metadata: Logger.Metadata) -> String {
        var object: [String: Any] = [
            "ts": Date().formatted(Self.timestampFormat), "level": event.level.rawValue, "logger": label,
            "msg": event.message.description,
        ]
        for (key, value) in metadata { object[key] = Self.jsonValue(value) }
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return #"{"msg":"unencodable log event"}"# }
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonValue(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(jsonValue)
        case .dictionary(let values): values.mapValues(jsonValue)
        }
    }
}

/// Where log lines go; whole lines are written under a lock so concurrent calls never interleave.
public final class LogOutput: Sendable {
    private let sink: Mutex<(String) -> Void>

    public init(_ sink: @escaping @Sendable (String) -> Void) { self.sink = Mutex(sink) }

    public func write(_ line: String) { sink.withLock { $0(line) } }

    /// File descriptor 1, unbuffered: a line is out before the call returns, even if the
    /// process is killed right after.
    public static let standardOutput = LogOutput { line in
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
