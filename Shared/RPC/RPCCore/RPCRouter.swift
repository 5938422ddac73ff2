import ProtoWire
import Synchronization

/// The methods a server offers, by path (`/package.Service/Method`), with interceptors around them.
public struct RPCRouter: Sendable {
    /// One registered method: its descriptor and a handler that decodes, runs and encodes.
    public struct Method: Sendable {
        public let descriptor: ProtoMethodDescriptor
        let handler: @Sendable (ServerContext, ServerCallInbound, any ServerCallResponder) async throws -> Void

        /// Whether the transport should collect the single request message before dispatching.
        public var takesSingleRequest: Bool {
            descriptor.kind == .unary || descriptor.kind == .serverStreaming
        }
    }

    public private(set) var methods: [String: Method] = [:]
    public var interceptors: [any ServerInterceptor] {
        didSet { (chain, admissions, refusalObservers) = Self.roles(of: interceptors) }
    }
    /// The interceptors a call runs through once admitted, in order.
    private var chain: [any ServerInterceptor]
    /// The interceptors that can decide on headers alone, in chain order.
    private var admissions: [any ServerCallAdmission]
    private var refusalObservers: [any ServerRefusalObserver]

    /// How requests are decoded: the platform's services refuse a NUL in any text and a string
    /// over 16 KiB (``requestDecoding``); a router for another contract may accept what protobuf
    /// accepts.
    public let decoding: ProtoDecodingOptions

    /// Requests as the platform's services read them. 16 KiB is some 5,000 Vietnamese letters,
    /// pages of text for a note or a finding; a field that carries a file is marked
    /// `(dic.common.v1.long_text)` and bounded by the message alone.
    public static let requestDecoding = ProtoDecodingOptions(refusesNULInStrings: true, maxStringBytes: 16 << 10)

    public init(interceptors: [any ServerInterceptor] = [], decoding: ProtoDecodingOptions = Self.requestDecoding) {
        self.interceptors = interceptors
        self.decoding = decoding
        (chain, admissions, refusalObservers) = Self.roles(of: interceptors)
    }

    private static func roles(
        of interceptors: [any ServerInterceptor]
    ) -> ([any ServerInterceptor], [any ServerCallAdmission], [any ServerRefusalObserver]) {
        (
            interceptors.filter(\.wrapsAdmittedCalls),
            interceptors.compactMap { $0 as? any ServerCallAdmission },
            interceptors.compactMap { $0 as? any ServerRefusalObserver }
        )
    }

    /// Runs the admission checks on a call's headers; nil when it may proceed (and `head` then
    /// names the principal). A refusal is reported to the refusal observers.
    public func admit(_ method: Method, head: inout ServerCallHead) -> RPCError? {
        var principal: String?
        for admission in admissions {
            switch admission.admit(method: method.descriptor, head: head) {
            case .success(let found): principal = found ?? principal
            case .failure(let error):
                for observer in refusalObservers {
                    observer.refused(method: method.descriptor, head: head, principal: principal, error: error)
                }
                return error
            }
        }
        head.admitted = true
        head.principal = principal
        return nil
    }

    public subscript(path: String) -> Method? { methods[path] }

    /// Adds every method of `service`.
    public mutating func add(_ service: some RPCService) {
        service.registerMethods(with: &self)
    }

    mutating func register(
        _ descriptor: ProtoMethodDescriptor,
        handler: @escaping @Sendable (ServerContext, ServerCallInbound, any ServerCallResponder) async throws -> Void
    ) {
        methods[descriptor.path] = Method(descriptor: descriptor, handler: handler)
    }

    /// Runs one call to completion: interceptors, handler, and exactly one `finish` on the responder.
    /// Never throws: every failure becomes the call's status.
    public func handle(
        _ method: Method, head: ServerCallHead, inbound: ServerCallInbound, responder: any ServerCallResponder
    ) async {
        var head = head
        if !head.admitted, let refusal = admit(method, head: &head) {
            responder.finish(status: refusal.status, trailers: refusal.metadata)
            return
        }
        var context = ServerContext(
            method: method.descriptor, metadata: head.metadata, peer: head.peer, deadline: head.deadline,
            requestID: RequestID.accept(head.metadata["x-request-id"]), peerIdentity: head.peerIdentity)
        context.principal = head.principal
        context.isAdmitted = true
        do {
            try await run(index: 0, context: context) { context in
                try await method.handler(context, inbound, responder)
            }
            responder.finish(status: .ok, trailers: context.response.takeTrailers())
        } catch {
            let rpcError = RPCError(converting: error)
            var trailers = context.response.takeTrailers()
            trailers.add(contentsOf: rpcError.metadata)
            responder.finish(status: rpcError.status, trailers: trailers)
        }
    }

    private func run(
        index: Int, context: ServerContext, handler: @escaping @Sendable (ServerContext) async throws -> Void
    ) async throws {
        guard index < chain.count else {
            try await handler(context)
            return
        }
        try await chain[index].intercept(context: context) { context in
            try await run(index: index + 1, context: context, handler: handler)
        }
    }
}

/// A service implementation; generated service protocols refine this.
public protocol RPCService: Sendable {
    func registerMethods(with router: inout RPCRouter)
}

/// Short random identifiers for calls that arrive without an `x-request-id`.
package enum RequestID {
    /// The caller's request id when it is a plausible one (it reaches logs and audit records),
    /// otherwise a new one.
    package static func accept(_ offered: String?) -> String {
        guard let offered, !offered.isEmpty, offered.utf8.count <= 128,
            offered.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return make() }
        return offered
    }

    /// Sixteen hex digits: a counter hashed (SipHash, through `Hasher`) with a key drawn at start.
    /// Without the key, ids cannot be predicted, nor tell how many calls came between two of them
    /// (an invertible mix of the counter would have told that); they repeat no more often than
    /// random ones. Asking the system for random bytes on every call was a system call per call.
    static func make() -> String {
        var hasher = Hasher()
        hasher.combine(key)
        hasher.combine(issued.add(1, ordering: .relaxed).oldValue)
        let value = UInt64(bitPattern: Int64(hasher.finalize()))
        return String(unsafeUninitializedCapacity: 16) { text in
            for index in 0..<16 {
                let digit = UInt8(truncatingIfNeeded: value >> (60 - 4 * index)) & 0xF
                text[index] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
            }
            return 16
        }
    }

    private static let key = UInt64.random(in: .min ... .max)
    private static let issued = Atomic<Int>(0)
}
