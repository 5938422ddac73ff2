import ProtoWire

/// What an idempotent write that made or changed one record answers with: that record's key. Kept
/// as a message with the key in field 1, which is how a `Get...Request(id:)` was recorded before
/// stores stopped returning wire types, so a retry that spans an upgrade still reads back.
struct RecordKey: ProtoMessage {
    var key = ""
    var unknownFields = ProtoUnknownFields()

    static let protoMessageName = "dic.storage.RecordKey"

    init() {}

    init(_ key: String) { self.key = key }

    mutating func merge(from reader: inout ProtoReader) throws(ProtoDecodingError) {
        while let tag = try reader.nextTag() {
            if tag.fieldNumber == 1 {
                key = try reader.read(ProtoString.self, tag)
            } else {
                try reader.skip(tag, into: &unknownFields)
            }
        }
    }

    func serializedSize() -> Int {
        unknownFields.bytes.count + ProtoSize.singular(ProtoString.self, 1, key)
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeSingular(ProtoString.self, 1, key)
        writer.write(unknownFields)
    }
}
