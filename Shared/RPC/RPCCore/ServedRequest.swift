import ProtoWire

/// The decoded request of the single-request call being served (unary and server-streaming), for
/// code that must tell two requests apart without the handler passing the request down to it: an
/// idempotent write refuses a request id reused for a different request. Set by the router for the
/// length of the handler; nil outside a call and for client streams.
public enum ServedRequest {
    @TaskLocal public static var message: (any ProtoMessage)?
}
