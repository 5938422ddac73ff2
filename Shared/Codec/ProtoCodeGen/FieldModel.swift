/// One proto field as generated Swift sees it: storage shape, codec, Swift type and default.
struct FieldModel {
    enum Shape {
        /// proto3 implicit presence: omitted on the wire when it holds the default.
        case implicit
        /// Explicit presence (`optional`, message fields): a Swift optional.
        case optional(boxed: Bool)
        case repeated(packed: Bool)
        case map(key: FieldDescriptorProto, value: FieldDescriptorProto)
        /// A case of a real `oneof`.
        case oneofMember(oneof: Int)
    }

    let proto: FieldDescriptorProto
    let shape: Shape
    /// The property name (or oneof case name), unescaped.
    let swiftName: String
    /// The codec type, such as `ProtoSInt32` or `ProtoMessageType<Meta>`.
    let codec: String
    /// The element Swift type: `Int32`, `Meta`, `[UInt8]`.
    let swiftType: String

    var number: Int { Int(proto.number) }
    var isMessage: Bool { proto.type == .message }

    /// The property's declared type.
    var propertyType: String {
        switch shape {
        case .implicit: swiftType
        case .optional: swiftType + "?"
        case .repeated: "[\(swiftType)]"
        case .map: swiftType
        case .oneofMember: swiftType
        }
    }

    /// The property's initial value.
    func defaultLiteral(registry: TypeRegistry) -> String {
        switch shape {
        case .implicit: Self.scalarDefault(proto, registry: registry)
        case .optional: "nil"
        case .repeated: "[]"
        case .map: "[:]"
        case .oneofMember: "nil"
        }
    }

    static func scalarDefault(_ field: FieldDescriptorProto, registry: TypeRegistry) -> String {
        switch field.type {
        case .bool: "false"
        case .string: "\"\""
        case .bytes: "[]"
        case .float, .double: "0"
        case .enum:
            if let info = registry.enums[field.typeName],
                let zero = info.descriptor.values.first(where: { $0.number == 0 })
            {
                "." + SwiftNaming.escaped(SwiftNaming.enumCase(zero.name, enumName: info.descriptor.name))
            } else {
                ".init(rawValue: 0)"
            }
        case .message: "nil"
        default: "0"
        }
    }

    /// Codec and Swift type for a scalar, enum or message field.
    static func types(of field: FieldDescriptorProto, registry: TypeRegistry) throws -> (codec: String, swift: String) {
        switch field.type {
        case .double: return ("ProtoDouble", "Double")
        case .float: return ("ProtoFloat", "Float")
        case .int64: return ("ProtoInt64", "Int64")
        case .uint64: return ("ProtoUInt64", "UInt64")
        case .int32: return ("ProtoInt32", "Int32")
        case .fixed64: return ("ProtoFixed64", "UInt64")
        case .fixed32: return ("ProtoFixed32", "UInt32")
        case .bool: return ("ProtoBool", "Bool")
        case .string: return (field.longText ? "ProtoLongString" : "ProtoString", "String")
        case .bytes: return ("ProtoBytes", "[UInt8]")
        case .uint32: return ("ProtoUInt32", "UInt32")
        case .sfixed32: return ("ProtoSFixed32", "Int32")
        case .sfixed64: return ("ProtoSFixed64", "Int64")
        case .sint32: return ("ProtoSInt32", "Int32")
        case .sint64: return ("ProtoSInt64", "Int64")
        case .enum:
            guard let info = registry.enums[field.typeName] else {
                throw GeneratorError("field '\(field.name)': unknown enum type \(field.typeName)")
            }
            return ("ProtoEnumType<\(info.swiftName)>", info.swiftName)
        case .message:
            guard let info = registry.messages[field.typeName] else {
                throw GeneratorError("field '\(field.name)': unknown message type \(field.typeName)")
            }
            return ("ProtoMessageType<\(info.swiftName)>", info.swiftName)
        case .group:
            throw GeneratorError("field '\(field.name)': groups are not supported (proto3 has none)")
        }
    }
}

/// A generation failure, reported to protoc (which prints it and fails).
struct GeneratorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
