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
        // Appended in place: an array of the fields and one of each field's bytes cost every
        // write a dozen allocations.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(
            64 + principal.utf8.count + method.utf8.count + requestID.utf8.count + entity.utf8.count
                + outcome.utf8.count + previousHash.utf8.count)
        func append(_ field: String) {
            let count = UInt32(field.utf8.count)
            bytes.append(UInt8(count >> 24))
            bytes.append(UInt8(count >> 16 & 0xff))
            bytes.append(UInt8(count >> 8 & 0xff))
            bytes.append(UInt8(count & 0xff))
            bytes.append(contentsOf: field.utf8)
        }
        append(String(seq))
        append(String(atMilliseconds))
        append(principal)
        append(method)
        append(requestID)
        append(entity)
        append(outcome)
        append(previousHash)
        return SHA256.hexDigest(bytes)
    }
}
