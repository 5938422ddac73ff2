import ConformanceMessages
import ProtoWire
import Testing

/// Malformed inputs, each with the exact error the decoder must give. None may crash or hang.
struct ProtoDecodingErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let expected: ProtoDecodingError
        var testDescription: String { name }
    }

    static let scalarsCases: [Case] = [
        Case(name: "truncated varint value", bytes: [0x08], expected: .init(.truncated, fieldPath: ["f_int32"])),
        Case(
            name: "truncated varint continuation", bytes: [0x08, 0x80],
            expected: .init(.truncated, fieldPath: ["f_int32"])),
        Case(name: "truncated tag", bytes: [0x80], expected: .init(.truncated)),
        Case(
            name: "varint of 11 bytes", bytes: [0x10] + Array(repeating: 0xFF, count: 10) + [0x01],
            expected: .init(.varintTooLong, fieldPath: ["f_int64"])),
        Case(
            name: "tag varint of 11 bytes", bytes: Array(repeating: 0x80, count: 10) + [0x01],
            expected: .init(.varintTooLong)),
        Case(
            name: "string length past the end", bytes: [0x72, 0x05, 0x61],
            expected: .init(.lengthOutOfBounds(length: 5, available: 1), fieldPath: ["f_string"])),
        Case(
            name: "huge length", bytes: [0x7A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
            expected: .init(.lengthOutOfBounds(length: 0xFFFF_FFFF, available: 0), fieldPath: ["f_bytes"])),
        Case(
            name: "truncated fixed32", bytes: [0x3D, 0x01, 0x02], expected: .init(.truncated, fieldPath: ["f_fixed32"])),
        Case(name: "truncated fixed64", bytes: [0x41, 0x01], expected: .init(.truncated, fieldPath: ["f_fixed64"])),
        Case(
            name: "wrong wire type for int32", bytes: [0x0D, 0, 0, 0, 0],
            expected: .init(.wrongWireType(expected: .varint, actual: .fixed32), fieldPath: ["f_int32"])),
        Case(
            name: "wrong wire type for string", bytes: [0x70, 0x01],
            expected: .init(.wrongWireType(expected: .lengthDelimited, actual: .varint), fieldPath: ["f_string"])),
        Case(name: "group start", bytes: [0x0B], expected: .init(.groupNotSupported)),
        Case(name: "group end", bytes: [0x0C], expected: .init(.groupNotSupported)),
        Case(name: "wire type 6", bytes: [0x0E], expected: .init(.invalidWireType(6))),
        Case(name: "wire type 7", bytes: [0x0F], expected: .init(.invalidWireType(7))),
        Case(name: "field number 0", bytes: [0x00, 0x01], expected: .init(.invalidFieldNumber(0))),
        Case(
            name: "field number above 2^29-1", bytes: [0x80, 0x80, 0x80, 0x80, 0x10, 0x00],
            expected: .init(.invalidFieldNumber(1 << 29))),
        Case(
            name: "invalid UTF-8", bytes: [0x72, 0x02, 0xC3, 0x28],
            expected: .init(.invalidUTF8, fieldPath: ["f_string"])),
        Case(
            name: "UTF-16 surrogate in UTF-8", bytes: [0x72, 0x03, 0xED, 0xA0, 0x80],
            expected: .init(.invalidUTF8, fieldPath: ["f_string"])),
        Case(
            name: "overlong UTF-8", bytes: [0x72, 0x02, 0xC0, 0x80],
            expected: .init(.invalidUTF8, fieldPath: ["f_string"])),
        Case(name: "unknown field truncated", bytes: [0xF8, 0x01], expected: .init(.truncated)),
    ]

    @Test(arguments: scalarsCases)
    func malformedScalars(_ testCase: Case) {
        #expect(throws: testCase.expected) { try Scalars(serializedBytes: testCase.bytes) }
    }

    @Test func errorNamesTheFullFieldPath() {
        // Everything.repeateds (3) -> Repeateds.r_message (17) -> Scalars.f_string (14) with bad UTF-8.
        let scalars: [UInt8] = [0x72, 0x01, 0xFF]
        let repeateds: [UInt8] = [0x8A, 0x01, UInt8(scalars.count)] + scalars
        let everything: [UInt8] = [0x1A, UInt8(repeateds.count)] + repeateds
        #expect(throws: ProtoDecodingError(.invalidUTF8, fieldPath: ["repeateds", "r_message", "f_string"])) {
            try Everything(serializedBytes: everything)
        }
        let error = ProtoDecodingError(.invalidUTF8, fieldPath: ["repeateds", "r_message", "f_string"])
        #expect(error.description == "repeateds.r_message.f_string: string is not valid UTF-8")
    }

    @Test func mapEntryErrorsNameKeyOrValue() {
        // Maps.m_string_string (1) entry whose value (2) is not UTF-8.
        let entry: [UInt8] = [0x0A, 0x01, 0x61, 0x12, 0x01, 0xFE]
        #expect(throws: ProtoDecodingError(.invalidUTF8, fieldPath: ["m_string_string", "value"])) {
            try Maps(serializedBytes: [0x0A, UInt8(entry.count)] + entry)
        }
    }

    @Test func aStringLongerThanTheOptionsAllowIsRefusedNamingItsField() throws {
        let bounded = ProtoDecodingOptions(maxStringBytes: 4)
        // Scalars.f_string (14): four bytes pass, five do not; unbounded by default.
        #expect(try Scalars(serializedBytes: [0x72, 0x04] + Array("abcd".utf8), options: bounded).fString == "abcd")
        let five: [UInt8] = [0x72, 0x05] + Array("abcde".utf8)
        #expect(try Scalars(serializedBytes: five).fString == "abcde")
        #expect(throws: ProtoDecodingError(.stringTooLong(length: 5, limit: 4), fieldPath: ["f_string"])) {
            try Scalars(serializedBytes: five, options: bounded)
        }
        // The limit reaches nested and repeated strings, and counts bytes: "ễ" is three.
        let letters: [UInt8] = [0x72, 0x06] + Array("ễễ".utf8)
        let repeateds: [UInt8] = [0x8A, 0x01, UInt8(letters.count)] + letters
        #expect(
            throws: ProtoDecodingError(
                .stringTooLong(length: 6, limit: 4), fieldPath: ["repeateds", "r_message", "f_string"])
        ) {
            try Everything(serializedBytes: [0x1A, UInt8(repeateds.count)] + repeateds, options: bounded)
        }
        // A field marked long text reads past it.
        let long = try five.withUnsafeBytes { bytes in
            var reader = try ProtoReader(buffer: UnsafeRawBufferPointer(rebasing: bytes[1...]), options: bounded)
            return try ProtoLongString.read(from: &reader)
        }
        #expect(long == "abcde")
        #expect(
            ProtoDecodingError(.stringTooLong(length: 20000, limit: 16384), fieldPath: ["support", "household"])
                .description == "support.household: text of 20000 bytes exceeds the limit of 16384 bytes")
    }

    @Test func aNULInAStringIsProtobufUnlessTheOptionsRefuseIt() throws {
        let refusing = ProtoDecodingOptions(refusesNULInStrings: true)
        // Scalars.f_string (14) = "a\0b": valid protobuf, kept by default.
        let scalars: [UInt8] = [0x72, 0x03, 0x61, 0x00, 0x62]
        #expect(try Scalars(serializedBytes: scalars).fString == "a\u{0}b")
        #expect(throws: ProtoDecodingError(.nulInString, fieldPath: ["f_string"])) {
            try Scalars(serializedBytes: scalars, options: refusing)
        }
        #expect(try Scalars(serializedBytes: [0x72, 0x03, 0x61, 0x09, 0x62], options: refusing).fString == "a\tb")
        // Nested and repeated: the option reaches every level, and the path names it.
        let repeateds: [UInt8] = [0x8A, 0x01, UInt8(scalars.count)] + scalars
        let everything: [UInt8] = [0x1A, UInt8(repeateds.count)] + repeateds
        #expect(throws: ProtoDecodingError(.nulInString, fieldPath: ["repeateds", "r_message", "f_string"])) {
            try Everything(serializedBytes: everything, options: refusing)
        }
        // A map's key.
        let entry: [UInt8] = [0x0A, 0x02, 0x00, 0x61, 0x12, 0x01, 0x62]
        #expect(throws: ProtoDecodingError(.nulInString, fieldPath: ["m_string_string", "key"])) {
            try Maps(serializedBytes: [0x0A, UInt8(entry.count)] + entry, options: refusing)
        }
        #expect(
            ProtoDecodingError(.nulInString, fieldPath: ["content", "name"]).description
                == "content.name: may not hold a NUL character (U+0000)")
    }

    @Test func packedFixedWidthMustBeWholeElements() {
        // Repeateds.r_fixed32 (7) packed with 5 bytes.
        #expect(throws: ProtoDecodingError(.malformedPackedField, fieldPath: ["r_fixed32"])) {
            try Repeateds(serializedBytes: [0x3A, 0x05, 1, 2, 3, 4, 5])
        }
    }

    @Test func nestingBeyondTheLimitIsRefused() {
        // Node.left (2) nested 150 deep; the default limit is 100.
        var bytes: [UInt8] = []
        for _ in 0..<150 {
            bytes = [0x12] + varint(bytes.count) + bytes
        }
        #expect(throws: ProtoDecodingError.self) { try Node(serializedBytes: bytes) }
        do {
            _ = try Node(serializedBytes: bytes)
        } catch {
            #expect(error.kind == .nestingTooDeep(limit: 100))
            // 100 levels are allowed; the path names them and the one refused.
            #expect(error.fieldPath.count == 101)
            #expect(error.fieldPath.allSatisfy { $0 == "left" })
        }
        // Within a raised limit the same input decodes, and re-encodes to the same bytes.
        let node = try? Node(serializedBytes: bytes, options: ProtoDecodingOptions(maxDepth: 200))
        #expect(node?.serializedBytes() == bytes)
    }

    @Test func inputOverTheSizeLimitIsRefused() {
        let bytes = [UInt8](repeating: 0, count: 1025)
        #expect(throws: ProtoDecodingError(.messageTooLarge(size: 1025, limit: 1024))) {
            try Scalars(serializedBytes: bytes, options: ProtoDecodingOptions(maxMessageSize: 1024))
        }
    }

    @Test func everyTruncationOfAValidMessageFailsCleanly() throws {
        var message = Everything()
        message.scalars = Scalars(fInt64: -1, fString: "Bắc Kạn", fBytes: [1, 2, 3])
        message.repeateds = Repeateds(rInt32: [1, -1, 300], rString: ["a", "đ"])
        message.maps = Maps(mStringString: ["k": "v"])
        message.tree = Node(name: "root", left: Node(name: "l"), link: .leaf("x"))
        let bytes = message.serializedBytes()
        #expect(try Everything(serializedBytes: bytes) == message)
        for length in 0..<bytes.count {
            // A prefix either fails or (when it ends on a field boundary) decodes to something else.
            let prefix = Array(bytes[0..<length])
            if let decoded = try? Everything(serializedBytes: prefix) {
                #expect(decoded != message)
            }
        }
    }

    func varint(_ value: Int) -> [UInt8] {
        var v = UInt64(value)
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }
}
