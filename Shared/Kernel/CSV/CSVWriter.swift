/// Writes RFC 4180 CSV: fields holding a comma, a quote or a line break are quoted, quotes
/// doubled; lines end with CRLF as the RFC and spreadsheets expect.
public struct CSVWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            let field = Self.neutralised(field)
            if field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                bytes.append(0x22)
                for byte in field.utf8 {
                    if byte == 0x22 { bytes.append(0x22) }
                    bytes.append(byte)
                }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: field.utf8)
            }
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    /// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a
    /// leading apostrophe, which spreadsheets show as text; ``CSVRow/text(_:)`` takes it off again on
    /// import, so an export still reads back as the same register. Plain numbers are left alone.
    static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first, Self.formulaStarts.contains(first), Double(field) == nil else {
            return field
        }
        return "'" + field
    }

    static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    /// Hands over what was written so far and starts empty, for streaming in chunks.
    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}
