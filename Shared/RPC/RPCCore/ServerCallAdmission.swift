import ProtoWire

/// A decision on a call from its headers alone. Transports ask for it as soon as the headers have
/// arrived, before they buffer or inflate a single request byte, so a call that will be refused
/// costs the server nothing a caller can make large (an unauthenticated 4 MiB upload is never held).
///
/// An interceptor that can decide this way (authentication) conforms as well; the router runs the
/// admissions once per call, from the transport or, when the transport did not, before the
/// interceptor chain.
public protocol ServerCallAdmission: Sendable {
    /// The caller's principal (nil for an anonymous call that may proceed), or why it may not.
    func admit(method: ProtoMethodDescriptor, head: ServerCallHead) -> Result<String?, RPCError>
}

/// Told of every call an admission refused (audit of refused attempts). Must not block: it runs on
/// the transport's event loop.
public protocol ServerRefusalObserver: Sendable {
    func refused(method: ProtoMethodDescriptor, head: ServerCallHead, principal: String?, error: RPCError)
}
