import ProtoWire

/// The access each method of a service declares, read from the descriptors once at start-up so
/// that the per-call check is a dictionary lookup shared by authentication and audit, not a parse
/// of the method's options on every call.
public struct AccessPolicy: Sendable {
    let byPath: [String: MethodAccess]

    public init(services: [ProtoServiceDescriptor]) {
        var byPath: [String: MethodAccess] = [:]
        for method in services.flatMap(\.methods) {
            if let access = MethodAccess(method) { byPath[method.path] = access }
        }
        self.byPath = byPath
    }

    /// nil when the method declares nothing (or is not one of these services): it stays closed.
    public func access(of method: ProtoMethodDescriptor) -> MethodAccess? { byPath[method.path] }
}
