/// One entry of a service's audit trail, as stored.
public struct AuditEntry: Sendable, Hashable {
    public var seq: Int64
    public var atMilliseconds: Int64
    public var principal: String
    public var method: String
    public var requestID: String
    public var entity: String
    public var outcome: String
    public var previousHash: String
    public var hash: String

    /// Hex SHA-256 over every field but `hash`, each length-prefixed so that no two different
    /// records can run together into the same bytes.
    public func computedHash() -> String {
        var bytes: [UInt8] = []
        for field in [
            String(seq), String(atMilliseconds), principal, method, requestID, entity, outcome, previousHash,
        ] {
            let utf8 = Array(field.utf8)
            let count = UInt32(utf8.count)
            bytes += [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
            bytes += utf8
        }
        return SHA256.hexDigest(bytes)
    }
}
