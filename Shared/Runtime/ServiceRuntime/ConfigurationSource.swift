import Foundation
import OperatorFiles

/// Raw setting values from flags, the environment and a JSON file, looked up in that order of
/// precedence; every value remembers where it came from, so an error can say.
public struct ConfigurationSource: Sendable {
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        case flag, environment, file(String), defaultValue

        public var description: String {
            switch self {
            case .flag: "command line"
            case .environment: "environment"
            case .file(let path): "file \(path)"
            case .defaultValue: "default"
            }
        }
    }

    let flags: [String: String]
    let environment: [String: String]
    let file: [String: String]
    let filePath: String?

    /// - Parameters:
    ///   - arguments: command-line arguments (`--listen 0.0.0.0:50051` or `--listen=...`); unknown
    ///     ones are left for the executable's own parser.
    ///   - environment: usually `ProcessInfo.processInfo.environment`.
    public init(arguments: [String], environment: [String: String], keys: [ConfigurationKey]) throws(ConfigurationError)
    {
        var flags: [String: String] = [:]
        let known = Set((keys + [.configFile]).map(\.flag).filter { !$0.isEmpty })
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if let equals = argument.firstIndex(of: "="), known.contains(String(argument[..<equals])) {
                flags[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
            } else if known.contains(argument) {
                guard index + 1 < arguments.count else {
                    throw ConfigurationError(key: argument, value: "", origin: .flag, reason: "needs a value")
                }
                flags[argument] = arguments[index + 1]
                index += 1
            }
            index += 1
        }
        self.flags = flags
        self.environment = environment
        let path = flags[ConfigurationKey.configFile.flag] ?? environment[ConfigurationKey.configFile.environment]
        self.filePath = path
        guard let path else {
            self.file = [:]
            return
        }
        let origin: Origin = flags[ConfigurationKey.configFile.flag] != nil ? .flag : .environment
        let data: Data
        do {
            data = Data(try OperatorFile.read(path, atMost: 1 << 20))
        } catch {
            throw ConfigurationError(
                key: "DIC_CONFIG", value: path, origin: origin, reason: "cannot read the file: \(error)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigurationError(key: "DIC_CONFIG", value: path, origin: .file(path), reason: "not a JSON object")
        }
        var file: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: file[key] = text
            case let number as NSNumber: file[key] = number.stringValue
            default:
                let secret = keys.contains { $0.json == key && $0.isSecret }
                throw ConfigurationError(
                    key: key, value: secret ? "(secret, not shown)" : "\(value)", origin: .file(path),
                    reason: "must be a string or a number")
            }
        }
        let knownJSON = Set(keys.map(\.json))
        if let unknown = file.keys.sorted().first(where: { !knownJSON.contains($0) }) {
            // The value is not echoed: a misspelt key may well hold a secret.
            throw ConfigurationError(
                key: unknown, value: "(not shown)", origin: .file(path), reason: "unknown setting")
        }
        self.file = file
    }

    /// The value of `key` and where it came from, by precedence: flag, environment, file.
    public func value(_ key: ConfigurationKey) -> (String, Origin)? {
        if let value = flags[key.flag] { return (value, .flag) }
        if let value = environment[key.environment] { return (value, .environment) }
        if let value = file[key.json], let filePath { return (value, .file(filePath)) }
        return nil
    }

    /// Parses `key` with `parse`, or gives `fallback`; a value that does not parse is an error
    /// naming the key, the value, where it came from and why.
    public func get<T>(
        _ key: ConfigurationKey, default fallback: T, _ parse: (String) -> Result<T, ConfigurationReason>
    ) throws(ConfigurationError) -> T {
        guard let (raw, origin) = value(key) else { return fallback }
        switch parse(raw) {
        case .success(let value): return value
        case .failure(let reason):
            throw ConfigurationError(
                key: key.environment, value: key.isSecret ? "(secret, not shown)" : Self.hidingPassword(raw),
                origin: origin, reason: reason.text)
        }
    }
}

extension ConfigurationSource {
    /// A URL's password (`scheme://user:password@host`) is not echoed in an error.
    static func hidingPassword(_ raw: String) -> String {
        guard let scheme = raw.range(of: "://"), let at = raw[scheme.upperBound...].firstIndex(of: "@"),
            let colon = raw[scheme.upperBound..<at].firstIndex(of: ":")
        else { return raw }
        return String(raw[..<raw.index(after: colon)]) + "(not shown)" + String(raw[at...])
    }
}

/// Why a value did not parse, for ``ConfigurationError``.
public struct ConfigurationReason: Error, Sendable {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// A setting whose value cannot be used; start-up stops with this message.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let key: String
    public let value: String
    public let origin: ConfigurationSource.Origin
    public let reason: String

    public var description: String { "\(key)=\(Self.shown(value)) (from \(origin)): \(reason)" }

    /// A value as the message shows it: control characters escaped (the message goes to a
    /// terminal and a log) and cut at 200 characters, with its length (a file's contents set by
    /// mistake, 100 KB of it, filled the screen with one line).
    static func shown(_ value: String) -> String {
        var shown = ""
        for (index, character) in value.enumerated() {
            guard index < 200 else { return shown + "… (\(value.count) characters)" }
            if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                shown += character.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
            } else {
                shown.append(character)
            }
        }
        return shown
    }
}
