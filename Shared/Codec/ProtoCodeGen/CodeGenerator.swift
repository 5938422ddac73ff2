import ProtoWire

/// The plugin's entry point: a serialized `CodeGeneratorRequest` in, a serialized
/// `CodeGeneratorResponse` out. Failures go back to protoc in the response's `error` field.
public enum CodeGenerator {
    public static func run(request bytes: [UInt8]) -> [UInt8] {
        var response = CodeGeneratorResponse()
        do {
            let request = try CodeGeneratorRequest(bytes: bytes)
            response.files = try generate(request)
        } catch {
            response.error = "protoc-gen-dic: \(error)"
        }
        return response.serializedBytes()
    }

    /// Parameters, comma-separated as protoc joins repeated `--dic_opt`:
    /// `import=path/to/file.proto:Module` says the types of that file live in `Module`;
    /// `descriptor_only=path/to/file.proto` embeds only that file's descriptor (for reflection),
    /// which also lets proto2 files such as `google/protobuf/descriptor.proto` be served.
    static func generate(_ request: CodeGeneratorRequest) throws -> [CodeGeneratorResponse.File] {
        var moduleOf: [String: String] = [:]
        var descriptorOnly: Set<String> = []
        for parameter in request.parameter.split(separator: ",") where !parameter.isEmpty {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            if pair.count == 2 && pair[0] == "descriptor_only" {
                descriptorOnly.insert(String(pair[1]))
                continue
            }
            guard pair.count == 2, pair[0] == "import", let colon = pair[1].lastIndex(of: ":") else {
                throw GeneratorError(
                    "unknown parameter '\(parameter)' (expected import=file.proto:Module or descriptor_only=file.proto)"
                )
            }
            moduleOf[String(pair[1][..<colon])] = String(pair[1][pair[1].index(after: colon)...])
        }
        let registry = TypeRegistry(files: request.protoFiles)
        let byName = Dictionary(request.protoFiles.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return try request.fileToGenerate.map { name in
            guard let file = byName[name] else { throw GeneratorError("\(name): not in the request") }
            let imports = Set(file.dependencies.compactMap { moduleOf[$0] }).sorted()
            let generator = FileGenerator(file: file, registry: registry, imports: imports)
            let source = descriptorOnly.contains(name) ? generator.generateDescriptorOnly() : try generator.generate()
            let stem = name.hasSuffix(".proto") ? String(name.dropLast(6)) : name
            return CodeGeneratorResponse.File(name: stem.replacingSlashes() + ".pb.swift", content: source)
        }
    }
}

extension String {
    /// `dic/common/v1/common` -> `dic_common_v1_common`: SwiftPM wants unique file names per target.
    func replacingSlashes() -> String { String(map { $0 == "/" ? "_" : $0 }) }
}
