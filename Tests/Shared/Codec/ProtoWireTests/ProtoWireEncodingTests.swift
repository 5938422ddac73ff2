import ConformanceMessages
import ProtoWire
import Testing

/// Exact encodings from the protobuf encoding guide, and the proto3 rules on defaults and presence.
struct ProtoWireEncodingTests {
    @Test func varintFromTheSpecification() {
        // "150" is the encoding guide's example: 08 96 01.
        #expect(Scalars(fInt32: 150).serializedBytes() == [0x08, 0x96, 0x01])
    }

    @Test func negativeInt32IsTenBytes() {
        #expect(Scalars(fInt32: -1).serializedBytes() == [0x08] + Array(repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func zigzag() throws {
        // sint32 -1 -> 1, 1 -> 2, -2 -> 3; sint64 min -> all ones.
        #expect(Scalars(fSint32: -1).serializedBytes() == [0x28, 0x01])
        #expect(Scalars(fSint32: 1).serializedBytes() == [0x28, 0x02])
        #expect(Scalars(fSint32: -2).serializedBytes() == [0x28, 0x03])
        #expect(Scalars(fSint64: .min).serializedBytes() == [0x30] + Array(repeating: 0xFF, count: 9) + [0x01])
        for value: Int32 in [.min, -1, 0, 1, .max] {
            #expect(try Scalars(serializedBytes: Scalars(fSint32: value).serializedBytes()).fSint32 == value)
        }
    }

    @Test func defaultsAreOmitted() {
        #expect(Scalars().serializedBytes() == [])
        #expect(Scalars(fFloat: 0, fDouble: 0, fString: "", fEnum: .unspecified).serializedBytes() == [])
    }

    @Test func negativeZeroIsNotTheDefault() {
        #expect(Scalars(fDouble: -0.0).serializedBytes() == [0x69, 0, 0, 0, 0, 0, 0, 0, 0x80])
    }

    @Test func explicitPresenceKeepsDefaults() throws {
        let message = Optionals(oInt32: 0, oString: "")
        #expect(message.serializedBytes() == [0x08, 0x00, 0x72, 0x00])
        let decoded = try Optionals(serializedBytes: message.serializedBytes())
        #expect(decoded.oInt32 == 0)
        #expect(decoded.oString == "")
        #expect(decoded.oInt64 == nil)
    }

    @Test func repeatedScalarsArePackedUnlessTheProtoSaysOtherwise() {
        #expect(Repeateds(rInt32: [1, 2, 300]).serializedBytes() == [0x0A, 0x04, 0x01, 0x02, 0xAC, 0x02])
        #expect(Repeateds(rUnpackedInt32: [1, 2]).serializedBytes() == [0x90, 0x01, 0x01, 0x90, 0x01, 0x02])
    }

    /// Up to 12 varints get their length filled in after writing; more are sized first.
    @Test(arguments: [1, 11, 12, 13, 100])
    func packedLengthAroundTheInPlaceLimit(count: Int) throws {
        let values = [Int32](repeating: -1, count: count)  // 10 bytes each on the wire
        let message = Repeateds(rInt32: values)
        let bytes = message.serializedBytes()
        let payload = count * 10
        let length: [UInt8] = payload < 128 ? [UInt8(payload)] : [UInt8(payload & 0x7F) | 0x80, UInt8(payload >> 7)]
        #expect(Array(bytes.prefix(1 + length.count)) == [0x0A] + length)
        #expect(bytes.count == message.serializedSize())
        #expect(try Repeateds(serializedBytes: bytes).rInt32 == values)
    }

    @Test func unknownEnumValuesSurvive() throws {
        let bytes: [UInt8] = [0x80, 0x01, 0x07]  // f_enum (16) = 7, which Colour does not name
        let decoded = try Scalars(serializedBytes: bytes)
        #expect(decoded.fEnum == .unrecognized(7))
        #expect(decoded.serializedBytes() == bytes)
        #expect(Colour(rawValue: -3) == .blue)
    }

    @Test func fieldsAreWrittenInNumberOrder() throws {
        // Input with fields 14 then 1; output puts 1 first.
        let decoded = try Scalars(serializedBytes: [0x72, 0x01, 0x61, 0x08, 0x05])
        #expect(decoded.serializedBytes() == [0x08, 0x05, 0x72, 0x01, 0x61])
    }

    @Test func lastValueWinsAndMessagesMerge() throws {
        // f_int32 twice: the last wins. Everything.scalars twice: merged field by field.
        #expect(try Scalars(serializedBytes: [0x08, 0x01, 0x08, 0x02]).fInt32 == 2)
        let first = Scalars(fInt32: 1, fString: "a").serializedBytes()
        let second = Scalars(fInt64: 9, fString: "b").serializedBytes()
        let bytes = [0x0A, UInt8(first.count)] + first + [0x0A, UInt8(second.count)] + second
        let merged = try Everything(serializedBytes: bytes).scalars
        #expect(merged == Scalars(fInt32: 1, fInt64: 9, fString: "b"))
    }

    @Test func oneofKeepsTheLastMemberSet() throws {
        let bytes = Choice(value: .text("x")).serializedBytes() + Choice(value: .number(5)).serializedBytes()
        #expect(try Choice(serializedBytes: bytes).value == .number(5))
        // A oneof member set to its default value is still written.
        #expect(Choice(value: .number(0)).serializedBytes() == [0x18, 0x00])
    }

    @Test func mapsEncodeSortedAndDecodeLastEntryWins() throws {
        let map = Maps(mInt32Int64: [3: 30, -1: 10, 2: 20])
        let bytes = map.serializedBytes()
        // -1 sorts first; each entry is tag 0x12, length, key 08.., value 10...
        #expect(Array(bytes.prefix(3)) == [0x12, 0x0D, 0x08])
        #expect(try Maps(serializedBytes: bytes) == map)
        let duplicate: [UInt8] = [0x12, 0x04, 0x08, 0x01, 0x10, 0x01, 0x12, 0x04, 0x08, 0x01, 0x10, 0x02]
        #expect(try Maps(serializedBytes: duplicate).mInt32Int64 == [1: 2])
        // An entry without key or value takes the defaults.
        #expect(try Maps(serializedBytes: [0x12, 0x00]).mInt32Int64 == [0: 0])
    }

    @Test func recursiveMessagesRoundTrip() throws {
        let tree = Node(name: "a", left: Node(name: "b", link: .right(Node(name: "c"))), children: [Node(name: "d")])
        let decoded = try Node(serializedBytes: tree.serializedBytes())
        #expect(decoded == tree)
        #expect(decoded.left?.link == .right(Node(name: "c")))
    }

    @Test func unknownFieldsAreRelayed() throws {
        let newer = Newer(name: "n", count: 2, extraNumbers: [1, 2], extraText: "t", extraBigFieldNumber: .max)
        let older = try Older(serializedBytes: newer.serializedBytes())
        #expect(older.name == "n")
        #expect(!older.unknownFields.isEmpty)
        #expect(try Newer(serializedBytes: older.serializedBytes()) == newer)
    }

    @Test func sizeMatchesEncodingForLargeValues() throws {
        let big = String(repeating: "ạ", count: 1 << 19)
        let message = Everything(scalars: Scalars(fString: big), choices: [Choice(label: big)])
        let bytes = message.serializedBytes()
        #expect(bytes.count == message.serializedSize())
        #expect(try Everything(serializedBytes: bytes) == message)
    }

    @Test func emptyInputIsTheDefaultMessage() throws {
        #expect(try Everything(serializedBytes: []) == Everything())
    }

    @Test func base64RoundTrips() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8($0 * 37 & 0xFF) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("Bắc".utf8)) == "QuG6r2M=")
        #expect(Base64.decode("QuG6r2M") == nil)
        #expect(Base64.decode("Qu=6r2M=") == nil)
    }
}
