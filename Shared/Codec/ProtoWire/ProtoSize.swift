/// Encoded sizes, mirroring ``ProtoWriter`` call for call: a message's `serializedSize()` is the sum
/// of these for the fields its `encode(to:)` writes.
public enum ProtoSize {
    @inlinable
    public static func varint(_ value: UInt64) -> Int {
        // Bits needed, rounded up to 7-bit groups; `| 1` makes zero take one byte.
        let bits = 64 - (value | 1).leadingZeroBitCount
        return (bits + 6) / 7
    }

    @inlinable
    public static func tag(_ fieldNumber: Int) -> Int {
        varint(UInt64(truncatingIfNeeded: fieldNumber << 3))
    }

    @inlinable
    public static func lengthDelimited(_ count: Int) -> Int {
        varint(UInt64(count)) + count
    }

    @inlinable
    public static func field<T: ProtoFieldType>(_: T.Type, _ fieldNumber: Int, _ value: T.Value) -> Int {
        tag(fieldNumber) + T.size(of: value)
    }

    @inlinable
    public static func singular<T: ProtoFieldType>(_: T.Type, _ fieldNumber: Int, _ value: T.Value) -> Int {
        T.isDefault(value) ? 0 : field(T.self, fieldNumber, value)
    }

    @inlinable
    public static func optional<T: ProtoFieldType>(_: T.Type, _ fieldNumber: Int, _ value: T.Value?) -> Int {
        guard let value else { return 0 }
        return field(T.self, fieldNumber, value)
    }

    @inlinable
    public static func packedPayload<T: ProtoFieldType>(_: T.Type, _ values: [T.Value]) -> Int {
        if let width = T.fixedWidth {
            return width * values.count
        }
        var total = 0
        for value in values {
            total &+= T.size(of: value)
        }
        return total
    }

    @inlinable
    public static func repeated<T: ProtoFieldType>(
        _: T.Type, _ fieldNumber: Int, _ values: [T.Value], packed: Bool = true
    ) -> Int {
        guard !values.isEmpty else { return 0 }
        if T.isPackable && packed {
            return tag(fieldNumber) + lengthDelimited(packedPayload(T.self, values))
        }
        var total = tag(fieldNumber) * values.count
        for value in values {
            total &+= T.size(of: value)
        }
        return total
    }

    @inlinable
    static func mapEntry<K: ProtoFieldType, V: ProtoFieldType>(
        _: K.Type, _: V.Type, _ key: K.Value, _ value: V.Value
    ) -> Int {
        field(K.self, 1, key) + field(V.self, 2, value)
    }

    @inlinable
    public static func map<K: ProtoMapKeyType, V: ProtoFieldType>(
        _: K.Type, _: V.Type, _ fieldNumber: Int, _ map: [K.Value: V.Value]
    ) -> Int {
        var total = 0
        let tagSize = tag(fieldNumber)
        for (key, value) in map {
            total &+= tagSize + lengthDelimited(mapEntry(K.self, V.self, key, value))
        }
        return total
    }
}
