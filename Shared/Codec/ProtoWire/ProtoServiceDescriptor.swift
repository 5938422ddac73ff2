/// A service as its `.proto` declares it; transports route on `path` (`/package.Service/Method`).
public struct ProtoServiceDescriptor: Sendable, Hashable {
    public let fullName: String
    public let methods: [ProtoMethodDescriptor]

    public init(fullName: String, methods: [ProtoMethodDescriptor]) {
        self.fullName = fullName
        self.methods = methods
    }
}

/// One RPC method of a service.
public struct ProtoMethodDescriptor: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case unary, serverStreaming, clientStreaming, bidirectionalStreaming
    }

    public let service: String
    public let name: String
    public let kind: Kind
    public let inputType: String
    public let outputType: String
    /// The serialized `MethodOptions`, which carry custom options such as the role a method needs.
    public let options: [UInt8]

    /// `/package.Service/Method`: made once, since every call's routing and access check read it.
    public let path: String

    public init(
        service: String, name: String, kind: Kind, inputType: String, outputType: String, options: [UInt8] = []
    ) {
        self.service = service
        self.name = name
        self.kind = kind
        self.inputType = inputType
        self.outputType = outputType
        self.options = options
        self.path = "/\(service)/\(name)"
    }
}
