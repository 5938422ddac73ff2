import Foundation
import Logging

/// A log line built as UTF-8 bytes, each piece copied in once: a call writes a line, and building
/// it as a string of ~20 appends, with every value scanned through `String.UTF8View`, was an eighth
/// of a health check's CPU. A piece that needs escaping (rare: a caller's control characters, a
/// quote in JSON) takes ``LogLineFormat``'s escaping, so both paths write the same line.
struct LogLineBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// The line as a string; the bytes are valid UTF-8, being strings' bytes and ASCII.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Our own words (levels, labels, separators), which never need escaping.
    mutating func plain(_ piece: String) { bytes.append(contentsOf: piece.utf8) }

    mutating func byte(_ byte: UInt8) { bytes.append(byte) }

    /// `piece` on a text line, control characters escaped (``LogLineFormat/appendControlsEscaped(_:to:)``).
    mutating func controlsEscaped(_ piece: String) {
        guard Self.contains(piece, where: { $0 < 0x20 || $0 == 0x7F }) else {
            bytes.append(contentsOf: piece.utf8)
            return
        }
        var escaped = ""
        LogLineFormat.appendControlsEscaped(piece, to: &escaped)
        bytes.append(contentsOf: escaped.utf8)
    }

    /// `piece` as a JSON string (``LogLineFormat/jsonString(_:into:)``).
    mutating func jsonString(_ piece: String) {
        if Self.contains(piece, where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            var escaped = ""
            LogLineFormat.jsonString(piece, into: &escaped)
            bytes.append(contentsOf: escaped.utf8)
        } else {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: piece.utf8)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Whether a byte of `piece` is one `test` picks, read from the string's own storage (walking
    /// `String.UTF8View` byte by byte cost more than copying the piece).
    private static func contains(_ piece: String, where test: (UInt8) -> Bool) -> Bool {
        piece.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where test(byte) { return true }
            return false
        } ?? piece.utf8.contains(where: test)
    }

    /// A metadata value in JSON: a string as one, anything else as ``LogLineFormat/jsonValue(_:into:)`` writes it.
    mutating func jsonValue(_ value: Logger.Metadata.Value) {
        if case .string(let string) = value {
            jsonString(string)
        } else {
            var text = ""
            LogLineFormat.jsonValue(value, into: &text)
            bytes.append(contentsOf: text.utf8)
        }
    }

    /// Now, in UTC, to the millisecond (``LogLineFormat/timestamp()``), written in place.
    mutating func timestamp() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        timestamp(parts, milliseconds: Int(now.tv_nsec) / 1_000_000)
    }

    /// `parts` and the milliseconds as `YYYY-MM-DDTHH:MM:SS.mmm`.
    mutating func timestamp(_ parts: tm, milliseconds: Int) {
        number(min(max(Int(parts.tm_year) + 1900, 0), 9999), digits: 4)
        byte(UInt8(ascii: "-"))
        number(Int(parts.tm_mon) + 1, digits: 2)
        byte(UInt8(ascii: "-"))
        number(Int(parts.tm_mday), digits: 2)
        byte(UInt8(ascii: "T"))
        number(Int(parts.tm_hour), digits: 2)
        byte(UInt8(ascii: ":"))
        number(Int(parts.tm_min), digits: 2)
        byte(UInt8(ascii: ":"))
        number(Int(parts.tm_sec), digits: 2)
        byte(UInt8(ascii: "."))
        number(milliseconds, digits: 3)
    }

    /// `value` (0 or more) in exactly `digits` decimal digits, padded with zeros, higher ones cut.
    private mutating func number(_ value: Int, digits: Int) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = max(value, 0)
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
