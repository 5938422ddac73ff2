/// The call a write belongs to, so that ``Database/write(_:)`` can account for it. Set for the
/// length of a call by the audit interceptor; writes outside any call (migrations, seed data at
/// start-up) are not audited.
public struct AuditCall: Sendable, Hashable {
    public var principal: String
    public var method: String
    public var requestID: String

    public init(principal: String, method: String, requestID: String) {
        self.principal = principal
        self.method = method
        self.requestID = requestID
    }

    @TaskLocal public static var current: AuditCall?
}
