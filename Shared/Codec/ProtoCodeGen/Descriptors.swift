import ProtoWire

// The parts of `google/protobuf/descriptor.proto` and `compiler/plugin.proto` the generator reads,
// written by hand: the generator cannot generate the types it needs to read its own input.
// Decoding only (the response is written by `CodeGeneratorResponse.serializedBytes()`); fields the
// generator does not use are skipped.

/// Decoding entry point shared by the descriptor types below.
protocol DescriptorDecodable {
    init()
    mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError)
}

extension DescriptorDecodable {
    init(reader: inout ProtoReader) throws(ProtoDecodingError) {
        self.init()
        while let tag = try reader.nextTag() {
            try decodeField(tag, from: &reader)
        }
    }

    init(bytes: [UInt8]) throws(ProtoDecodingError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ProtoDecodingError) -> Self in
                var reader = try ProtoReader(buffer: buffer)
                return try Self(reader: &reader)
            }
        }
        self = try result.get()
    }
}

extension ProtoReader {
    mutating func skipUnused(_ tag: ProtoTag) throws(ProtoDecodingError) {
        var ignored = ProtoUnknownFields()
        try skip(tag, into: &ignored)
    }

    mutating func embedded<T: DescriptorDecodable>(_ tag: ProtoTag, as _: T.Type) throws(ProtoDecodingError) -> T {
        var sub = try readEmbedded(tag)
        return try T(reader: &sub)
    }
}

struct CodeGeneratorRequest: DescriptorDecodable {
    var fileToGenerate: [String] = []
    var parameter = ""
    var protoFiles: [FileDescriptorProto] = []

    mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
        switch tag.fieldNumber {
        case 1: fileToGenerate.append(try reader.read(ProtoString.self, tag))
        case 2: parameter = try reader.read(ProtoString.self, tag)
        case 15:
            // Keep the raw bytes too: they are what gets embedded for reflection.
            let raw = Array(try reader.read(ProtoBytes.self, tag))
            var file = try FileDescriptorProto(bytes: raw)
            file.serialized = raw
            protoFiles.append(file)
        default: try reader.skipUnused(tag)
        }
    }
}

struct FileDescriptorProto: DescriptorDecodable {
    var name = ""
    var package = ""
    var dependencies: [String] = []
    var messageTypes: [DescriptorProto] = []
    var enumTypes: [EnumDescriptorProto] = []
    var services: [ServiceDescriptorProto] = []
    var swiftPrefix = ""
    var sourceCodeInfo = SourceCodeInfo()
    var syntax = ""
    var serialized: [UInt8] = []

    mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
        switch tag.fieldNumber {
        case 1: name = try reader.read(ProtoString.self, tag)
        case 2: package = try reader.read(ProtoString.self, tag)
        case 3: dependencies.append(try reader.read(ProtoString.self, tag))
        case 4: messageTypes.append(try reader.embedded(tag, as: DescriptorProto.self))
        case 5: enumTypes.append(try reader.embedded(tag, as: EnumDescriptorProto.self))
        case 6: services.append(try reader.embedded(tag, as: ServiceDescriptorProto.self))
        case 8:
            var options = try reader.readEmbedded(tag)
            while let optionTag = try options.nextTag() {
                if optionTag.fieldNumber == 39 {
                    swiftPrefix = try options.read(ProtoString.self, optionTag)
                } else {
                    try options.skipUnused(optionTag)
                }
            }
        case 9: sourceCodeInfo = try reader.embedded(tag, as: SourceCodeInfo.self)
        case 12: syntax = try reader.read(ProtoString.self, tag)
        default: try reader.skipUnused(tag)
        }
    }

    /// The serialized descriptor without `source_code_info` (field 9): comments are for the
    /// generator, not for clients asking over reflection.
    func serializedWithoutSourceInfo() throws(ProtoDecodingError) -> [UInt8] {
        var kept = ProtoUnknownFields()
        let result = serialized.withUnsafeBytes { buffer in
            Result { () throws(ProtoDecodingError) -> ProtoUnknownFields in
                var reader = try ProtoReader(buffer: buffer)
                var fields = ProtoUnknownFields()
                while let tag = try reader.nextTag() {
                    if tag.fieldNumber == 9 {
                        try reader.skipUnused(tag)
                    } else {
                        try reader.skip(tag, into: &fields)
                    }
                }
                return fields
            }
        }
        kept = try result.get()
        return kept.bytes
    }
}

struct DescriptorProto: DescriptorDecodable {
    var name = ""
    var fields: [FieldDescriptorProto] = []
    var nestedTypes: [DescriptorProto] = []
    var enumTypes: [EnumDescriptorProto] = []
    var oneofNames: [String] = []
    var isMapEntry = false

    mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
        switch tag.fieldNumber {
        case 1: name = try reader.read(ProtoString.self, tag)
        case 2: fields.append(try reader.embedded(tag, as: FieldDescriptorProto.self))
        case 3: nestedTypes.append(try reader.embedded(tag, as: DescriptorProto.self))
        case 4: enumTypes.append(try reader.embedded(tag, as: EnumDescriptorProto.self))
        case 7:
            var options = try reader.readEmbedded(tag)
            while let optionTag = try options.nextTag() {
                if optionTag.fieldNumber == 7 {
                    isMapEntry = try options.read(ProtoBool.self, optionTag)
                } else {
                    try options.skipUnused(optionTag)
                }
            }
        case 8:
            var oneof = try reader.readEmbedded(tag)
            var oneofName = ""
            while let oneofTag = try oneof.nextTag() {
                if oneofTag.fieldNumber == 1 {
                    oneofName = try oneof.read(ProtoString.self, oneofTag)
                } else {
                    try oneof.skipUnused(oneofTag)
                }
            }
            oneofNames.append(oneofName)
        default: try reader.skipUnused(tag)
        }
    }
}

struct FieldDescriptorProto: DescriptorDecodable {
    enum Label: Int32 { case optional = 1, required = 2, repeated = 3 }

    /// `FieldDescriptorProto.Type`, numbered as in descriptor.proto.
    enum FieldType: Int32 {
        case double = 1, float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message, bytes,
            uint32, `enum`, sfixed32, sfixed64, sint32, sint64
    }

    var name = ""
    var number: Int32 = 0
    var label = Label.optional
    var type = FieldType.int32
    var typeName = ""
    var oneofIndex: Int32?
    var proto3Optional = false
    /// `[packed = ...]` when the file says it; proto3 packs by default.
    var packed: Bool?
    /// `[(dic.common.v1.long_text) = true]`: a string bounded by the message alone.
    var longText = false

    /// The number of `dic.common.v1.long_text` (options.proto) among `google.protobuf.FieldOptions`.
    static let longTextOption = 50002

    mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
        switch tag.fieldNumber {
        case 1: name = try reader.read(ProtoString.self, tag)
        case 3: number = try reader.read(ProtoInt32.self, tag)
        case 4: label = Label(rawValue: try reader.read(ProtoInt32.self, tag)) ?? .optional
        case 5: type = FieldType(rawValue: try reader.read(ProtoInt32.self, tag)) ?? .int32
        case 6: typeName = try reader.read(ProtoString.self, tag)
        case 8:
            var options = try reader.readEmbedded(tag)
            while let optionTag = try options.nextTag() {
                if optionTag.fieldNumber == 2 {
                    packed = try options.read(ProtoBool.self, optionTag)
                } else if optionTag.fieldNumber == Self.longTextOption {
                    longText = try options.read(ProtoBool.self, optionTag)
                } else {
                    try options.skipUnused(optionTag)
                }
            }
        case 9: oneofIndex = try reader.read(ProtoInt32.self, tag)
        case 17: proto3Optional = try reader.read(ProtoBool.self, tag)
        default: try reader.skipUnused(tag)
        }
    }
}

struct EnumDescriptorProto: DescriptorDecodable {
    struct Value: DescriptorDecodable {
        var name = ""
        var number: Int32 = 0

        mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
            switch tag.fieldNumber {
            case 1: name = try reader.read(ProtoString.self, tag)
            case 2: number = try reader.read(ProtoInt32.self, tag)
            default: try reader.skipUnused(tag)
            }
        }
    }

    var name = ""
    var values: [Value] = []

    mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
        switch tag.fieldNumber {
        case 1: name = try reader.read(ProtoString.self, tag)
        case 2: values.append(try reader.embedded(tag, as: Value.self))
        default: try reader.skipUnused(tag)
        }
    }
}

struct ServiceDescriptorProto: DescriptorDecodable {
    var name = ""
    var methods: [MethodDescriptorProto] = []

    mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
        switch tag.fieldNumber {
        case 1: name = try reader.read(ProtoString.self, tag)
        case 2: methods.append(try reader.embedded(tag, as: MethodDescriptorProto.self))
        default: try reader.skipUnused(tag)
        }
    }
}

struct MethodDescriptorProto: DescriptorDecodable {
    var name = ""
    var inputType = ""
    var outputType = ""
    /// Raw `MethodOptions`: custom options (such as the role a method needs) are read from these.
    var options: [UInt8] = []
    var clientStreaming = false
    var serverStreaming = false

    mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
        switch tag.fieldNumber {
        case 1: name = try reader.read(ProtoString.self, tag)
        case 2: inputType = try reader.read(ProtoString.self, tag)
        case 3: outputType = try reader.read(ProtoString.self, tag)
        case 4: options = try reader.read(ProtoBytes.self, tag)
        case 5: clientStreaming = try reader.read(ProtoBool.self, tag)
        case 6: serverStreaming = try reader.read(ProtoBool.self, tag)
        default: try reader.skipUnused(tag)
        }
    }
}

struct SourceCodeInfo: DescriptorDecodable {
    struct Location: DescriptorDecodable {
        var path: [Int32] = []
        var leadingComments = ""
        var trailingComments = ""

        mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
            switch tag.fieldNumber {
            case 1: try reader.readRepeated(ProtoInt32.self, tag, into: &path)
            case 3: leadingComments = try reader.read(ProtoString.self, tag)
            case 4: trailingComments = try reader.read(ProtoString.self, tag)
            default: try reader.skipUnused(tag)
            }
        }
    }

    var locations: [Location] = []

    mutating func decodeField(_ tag: ProtoTag, from reader: inout ProtoReader) throws(ProtoDecodingError) {
        if tag.fieldNumber == 1 {
            locations.append(try reader.embedded(tag, as: Location.self))
        } else {
            try reader.skipUnused(tag)
        }
    }

    /// Leading comments (else trailing) keyed by descriptor path, such as `[4, 0, 2, 1]`.
    func commentsByPath() -> [[Int32]: String] {
        var result: [[Int32]: String] = [:]
        for location in locations {
            let text = location.leadingComments.isEmpty ? location.trailingComments : location.leadingComments
            if !text.isEmpty { result[location.path] = text }
        }
        return result
    }
}

struct CodeGeneratorResponse {
    struct File {
        var name: String
        var content: String
    }

    var error: String?
    var files: [File] = []
    /// FEATURE_PROTO3_OPTIONAL: protoc refuses `optional` fields for plugins that do not claim it.
    var supportedFeatures: UInt64 = 1

    func serializedBytes() -> [UInt8] {
        func fileSize(_ file: File) -> Int {
            ProtoSize.field(ProtoString.self, 1, file.name) + ProtoSize.field(ProtoString.self, 15, file.content)
        }
        var size =
            ProtoSize.optional(ProtoString.self, 1, error) + ProtoSize.field(ProtoUInt64.self, 2, supportedFeatures)
        for file in files {
            size += ProtoSize.tag(15) + ProtoSize.lengthDelimited(fileSize(file))
        }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var writer = ProtoWriter(buffer: UnsafeMutableRawBufferPointer(buffer))
            writer.writeOptional(ProtoString.self, 1, error)
            writer.write(ProtoUInt64.self, 2, supportedFeatures)
            for file in files {
                writer.writeTag(15, .lengthDelimited)
                writer.writeVarint(UInt64(fileSize(file)))
                writer.write(ProtoString.self, 1, file.name)
                writer.write(ProtoString.self, 15, file.content)
            }
            count = size
        }
    }
}
