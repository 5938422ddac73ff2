import Geo

/// A zone's outline as stored, `[[latitude,longitude],...]` (JSON), read without JSONDecoder: a
/// plan holds up to 100,000 vertices and every site check and GetPlan reads all of them, where
/// the generic decoder spends microseconds on each number.
enum StoredOutline {
    /// The vertices, or nil when the text is not a list of pairs of numbers inside the globe.
    static func vertices(_ text: String) -> [GeoPoint]? {
        var reader = Reader(bytes: Array(text.utf8))
        var points: [GeoPoint] = []
        guard reader.take(UInt8(ascii: "[")) else { return nil }
        if reader.take(UInt8(ascii: "]")) { return reader.atEnd ? points : nil }
        repeat {
            guard reader.take(UInt8(ascii: "[")), let latitude = reader.number(), reader.take(UInt8(ascii: ",")),
                let longitude = reader.number(), reader.take(UInt8(ascii: "]")),
                let point = GeoPoint(latitude: latitude, longitude: longitude)
            else { return nil }
            points.append(point)
        } while reader.take(UInt8(ascii: ","))
        guard reader.take(UInt8(ascii: "]")), reader.atEnd else { return nil }
        return points
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return index == bytes.count
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A JSON number; its characters checked here, its value by the standard library.
        mutating func number() -> Double? {
            skipSpace()
            let start = index
            while index < bytes.count, index - start < 32 {
                switch bytes[index] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                    UInt8(ascii: "e"), UInt8(ascii: "E"):
                    index += 1
                default:
                    return Double(String(decoding: bytes[start..<index], as: UTF8.self))
                }
            }
            return nil
        }

        private mutating func skipSpace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x09
                    || bytes[index] == 0x0D
            {
                index += 1
            }
        }
    }
}
