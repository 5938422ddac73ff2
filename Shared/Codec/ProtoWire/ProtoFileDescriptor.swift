/// A `.proto` file as the generator saw it: its serialized `FileDescriptorProto` (without source
/// comments) and the files it imports. The reflection service serves these to clients that have no
/// `.proto` at hand.
public struct ProtoFileDescriptor: Sendable, Hashable {
    /// The path protoc knew the file by, such as `dic/common/v1/common.proto`.
    public let name: String
    public let package: String
    public let dependencies: [String]
    /// Fully qualified names of the messages, enums and services the file declares.
    public let symbols: [String]
    /// The serialized `google.protobuf.FileDescriptorProto`.
    public let serialized: [UInt8]

    public init(name: String, package: String, dependencies: [String], symbols: [String], base64: String) {
        self.name = name
        self.package = package
        self.dependencies = dependencies
        self.symbols = symbols
        self.serialized = Base64.decode(base64) ?? []
    }
}
