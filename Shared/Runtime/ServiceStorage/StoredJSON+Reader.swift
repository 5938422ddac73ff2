#if canImport(Glibc)
import Glibc
#endif

extension StoredJSON {
    /// Reads the one value `text` holds with `body`, straight from its bytes, without making a
    /// ``StoredJSON`` of it first (a tree of arrays and strings, most of a small object's cost);
    /// nil when `body` gives nil or anything follows the value.
    package static func read<T>(_ text: String, _ body: (inout Reader) -> T?) -> T? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            guard let value = body(&reader) else { return nil }
            reader.skipSpace()
            return reader.index == bytes.count ? value : nil
        }
    }

    /// RFC 8259's grammar over the UTF-8 bytes of a String (valid UTF-8, which it relies on); every
    /// method returns nil at the first fault.
    package struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// An object's members in their written order: `member` reads each one's value (or skips it)
        /// and says whether it could. False at the first fault, or when `member` says so.
        package mutating func members(depth: Int, _ member: (inout Reader, String) -> Bool) -> Bool {
            members(depth: depth, key: { $0.string() }, member)
        }

        /// ``members(depth:_:)`` with each name as it stands in the text, compared without making a
        /// String of it; false for a name with an escape (which the stored forms never write).
        package mutating func plainMembers(depth: Int, _ member: (inout Reader, Key) -> Bool) -> Bool {
            members(depth: depth, key: { $0.plainKey() }, member)
        }

        /// A member's name as it stands in the text: valid while its member is being read.
        package struct Key {
            let bytes: UnsafeBufferPointer<UInt8>

            package static func ~= (name: StaticString, key: Key) -> Bool {
                name.utf8CodeUnitCount == key.bytes.count
                    && (key.bytes.isEmpty || memcmp(name.utf8Start, key.bytes.baseAddress!, key.bytes.count) == 0)
            }
        }

        private mutating func plainKey() -> Key? {
            index += 1  // "
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                guard bytes[index] >= 0x20, bytes[index] != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            index += 1
            return Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]))
        }

        private mutating func members<K>(
            depth: Int, key readKey: (inout Reader) -> K?, _ member: (inout Reader, K) -> Bool
        ) -> Bool {
            guard let empty = opened(UInt8(ascii: "{"), UInt8(ascii: "}"), depth: depth) else { return false }
            if empty { return true }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = readKey(&self) else {
                    return false
                }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                index += 1
                guard member(&self, key) else { return false }
                guard let closed = afterItem(closing: UInt8(ascii: "}")) else { return false }
                if closed { return true }
            }
        }

        /// A value of any kind, read and let go (a member a reader does not know).
        package mutating func skipValue(depth: Int) -> Bool { value(depth: depth) != nil }

        package mutating func stringValue() -> String? {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            return string()
        }

        package mutating func boolValue() -> Bool? {
            skipSpace()
            if word("true") { return true }
            return word("false") ? false : nil
        }

        package mutating func intValue() -> Int? { numberValue()?.int }

        package mutating func doubleValue() -> Double? { numberValue()?.double }

        /// An array's items in order: `item` reads each one and says whether it could. False at the
        /// first fault, or when `item` says so.
        package mutating func items(depth: Int, _ item: (inout Reader) -> Bool) -> Bool {
            guard let empty = opened(UInt8(ascii: "["), UInt8(ascii: "]"), depth: depth) else { return false }
            if empty { return true }
            while true {
                guard item(&self) else { return false }
                guard let closed = afterItem(closing: UInt8(ascii: "]")) else { return false }
                if closed { return true }
            }
        }

        /// At an opening bracket, past it: nil if it is not there (or nests too deep), true when the
        /// container is empty (and passed whole), false when items follow.
        private mutating func opened(_ open: UInt8, _ close: UInt8, depth: Int) -> Bool? {
            skipSpace()
            guard depth <= StoredJSON.maximumDepth, index < bytes.count, bytes[index] == open else { return nil }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == close else { return false }
            index += 1
            return true
        }

        /// Past an item or member: true past the closing bracket, false past a comma, nil otherwise.
        private mutating func afterItem(closing: UInt8) -> Bool? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                return false
            case closing:
                index += 1
                return true
            default: return nil
            }
        }

        /// An array of strings, as a list of names is stored.
        package mutating func stringsValue() -> [String]? {
            var strings: [String] = []
            let read = items(depth: 1) { reader in
                guard let string = reader.stringValue() else { return false }
                strings.append(string)
                return true
            }
            return read ? strings : nil
        }

        private mutating func numberValue() -> StoredJSON? {
            skipSpace()
            return number()
        }

        mutating func skipSpace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
            {
                index += 1
            }
        }

        mutating func value(depth: Int) -> StoredJSON? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"): return object(depth: depth + 1)
            case UInt8(ascii: "["): return array(depth: depth + 1)
            case UInt8(ascii: "\""): return string().map(StoredJSON.string)
            case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return word("null") ? .null : nil
            default: return number()
            }
        }

        mutating func word(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
            index += count
            return true
        }

        mutating func object(depth: Int) -> StoredJSON? {
            var members: [(key: String, value: StoredJSON)] = []
            let read = self.members(depth: depth) { reader, key in
                // A repeated key is read differently by different readers: leave it to Foundation.
                guard !members.contains(where: { $0.key == key }), let value = reader.value(depth: depth) else {
                    return false
                }
                members.append((key, value))
                return true
            }
            return read ? .object(members) : nil
        }

        mutating func array(depth: Int) -> StoredJSON? {
            var values: [StoredJSON] = []
            let read = items(depth: depth) { reader in
                guard let value = reader.value(depth: depth) else { return false }
                values.append(value)
                return true
            }
            return read ? .array(values) : nil
        }

        /// A string, at its opening quote.
        mutating func string() -> String? {
            index += 1  // "
            let start = index
            // Most stored text has no escape: it is taken as it stands.
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                guard bytes[index] >= 0x20 else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                // The text read is a String's, so valid UTF-8, and so is any part of it between ASCII
                // quotes: decoded as it is (String's validating initializer took a generic path, 3%
                // of a read by key, to find nothing wrong).
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
            }
            var decoded = Array(bytes[start..<index])
            while bytes[index] != UInt8(ascii: "\"") {
                // At a backslash.
                index += 1
                guard index < bytes.count else { return nil }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(bytes[index])
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = escapedScalar() else { return nil }
                    decoded.append(contentsOf: String(Character(scalar)).utf8)
                    index -= 1  // escapedScalar ends past the escape; the others end on its last byte
                default: return nil
                }
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                    guard bytes[index] >= 0x20 else { return nil }
                    decoded.append(bytes[index])
                    index += 1
                }
                guard index < bytes.count else { return nil }
            }
            index += 1  // "
            return String(decoding: decoded, as: UTF8.self)  // escapes decode to whole characters
        }

        /// `\uXXXX`, or a surrogate pair of two, at the `u`; the index ends past it.
        mutating func escapedScalar() -> Unicode.Scalar? {
            guard let high = hex4() else { return nil }
            if (0xD800..<0xDC00).contains(high) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else { return nil }
                index += 1
                guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(high)  // nil for a lone low surrogate
        }

        /// Four hex digits after the `u` at the index; the index ends past them.
        mutating func hex4() -> UInt32? {
            guard bytes.count - index >= 5 else { return nil }
            var value: UInt32 = 0
            for offset in 1...4 {
                let byte = bytes[index + offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            index += 5
            return value
        }

        mutating func number() -> StoredJSON? {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { return nil }
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, isDigit(bytes[index]) else { return nil }
                skipDigits()
            }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        mutating func skipDigits() {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
    }
}
