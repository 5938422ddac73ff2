import ProtoWire
import Testing

@testable import ProtoCodeGen

#if canImport(Glibc)
import Glibc
#endif

/// Runs the generator the way protoc does, on descriptors protoc itself produced.
struct CodeGeneratorTests {
    /// A CodeGeneratorRequest for `source`, built from protoc's own descriptors (via
    /// --descriptor_set_out); nil when protoc is not installed.
    static func request(for source: String, parameter: String = "") throws -> [UInt8]? {
        let directory = "/tmp/dic-codegen-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(directory, 0o755)
        defer { _ = system("rm -rf \(directory)") }
        guard let file = fopen("\(directory)/sample.proto", "w") else { return nil }
        fputs(source, file)
        fclose(file)
        let setPath = "\(directory)/set.pb"
        let status = system(
            "protoc -I\(directory) --include_source_info --descriptor_set_out=\(setPath) sample.proto 2>/dev/null")
        guard status == 0, let set = readFile(setPath) else { return nil }
        var request: [UInt8] = [0x0A, 12] + Array("sample.proto".utf8)
        if !parameter.isEmpty {
            request += [0x12, UInt8(parameter.utf8.count)] + Array(parameter.utf8)
        }
        // FileDescriptorSet.file (1) holds the same bytes as CodeGeneratorRequest.proto_file (15).
        try set.withUnsafeBytes { buffer in
            var reader = try ProtoReader(buffer: buffer)
            while try reader.nextTag() != nil {
                let payload = try reader.readLengthDelimited()
                request += [0x7A] + varint(payload.count) + Array(payload)
            }
        }
        return request
    }

    /// The Swift generated for `source`; nil (and the test failed) when protoc is not installed.
    static func generated(_ source: String) throws -> String? {
        guard let request = try request(for: source) else {
            Issue.record("protoc is not installed")
            return nil
        }
        let (error, files) = try response(CodeGenerator.run(request: request))
        #expect(error == nil)
        let code = files["sample.pb.swift"]
        #expect(code != nil, "no sample.pb.swift among \(files.keys.sorted())")
        return code
    }

    static func varint(_ value: Int) -> [UInt8] {
        var v = UInt64(value)
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    /// Reads a CodeGeneratorResponse: its error and its files by name.
    static func response(_ bytes: [UInt8]) throws -> (error: String?, files: [String: String]) {
        try bytes.withUnsafeBytes { buffer in
            var reader = try ProtoReader(buffer: buffer)
            var error: String?
            var files: [String: String] = [:]
            while let tag = try reader.nextTag() {
                switch tag.fieldNumber {
                case 1: error = try reader.read(ProtoString.self, tag)
                case 15:
                    var file = try reader.readEmbedded(tag)
                    var name = ""
                    var content = ""
                    while let fileTag = try file.nextTag() {
                        if fileTag.fieldNumber == 1 { name = try file.read(ProtoString.self, fileTag) }
                        if fileTag.fieldNumber == 15 { content = try file.read(ProtoString.self, fileTag) }
                    }
                    files[name] = content
                default: _ = try reader.read(ProtoUInt64.self, tag)
                }
            }
            return (error, files)
        }
    }

    @Test func generatesHandWrittenLookingSwift() throws {
        let source = """
            syntax = "proto3";
            package dic.licensing.v1;
            // The lifecycle of a licence.
            enum LicenceStatus {
              LICENCE_STATUS_UNSPECIFIED = 0;
              LICENCE_STATUS_ACTIVE = 1;
            }
            // A licence as issued.
            message Licence {
              string licence_no = 1;
              LicenceStatus status = 2;
              optional string note = 3;
              map<string, int32> counts = 4;
              oneof holder { string person = 5; int64 org_id = 6; }
              message Version { int32 version_no = 1; }
              repeated Version versions = 7;
            }
            service LicensingService {
              // Issues a licence.
              rpc Issue(Licence) returns (Licence);
              rpc Watch(Licence) returns (stream Licence);
            }
            """
        guard let code = try Self.generated(source) else { return }
        #expect(code.contains("/// The lifecycle of a licence.\npublic enum LicenceStatus: ProtoEnum, CaseIterable {"))
        #expect(code.contains("case active  // = 1"))
        #expect(code.contains("public var licenceNo: String = \"\""))
        #expect(code.contains("public var status: LicenceStatus = .unspecified"))
        #expect(code.contains("public var note: String? = nil"))
        #expect(code.contains("public var counts: [String: Int32] = [:]"))
        #expect(code.contains("public var holder: Holder? = nil"))
        #expect(code.contains("case orgID(Int64)") || code.contains("case orgId(Int64)"))
        #expect(code.contains("public var versions: [Licence.Version] = []"))
        #expect(code.contains("public enum LicensingService {"))
        #expect(code.contains("/// Issues a licence."))
        #expect(code.contains("kind: .serverStreaming"))
        #expect(code.contains("public enum SampleProtoFile {"))
    }

    @Test func swiftPrefixAppliesToDeclarationsAndReferences() throws {
        let source = """
            syntax = "proto3";
            package p.v1alpha;
            option swift_prefix = "V1Alpha";
            message Request { Inner inner = 1; }
            message Inner { int32 x = 1; }
            service Svc { rpc Call(Request) returns (Inner); }
            """
        guard let code = try Self.generated(source) else { return }
        #expect(code.contains("public struct V1AlphaRequest: ProtoMessage {"))
        #expect(code.contains("public var inner: V1AlphaInner? = nil"))
        #expect(code.contains("public enum V1AlphaSvcService {"))
        #expect(code.contains("public enum V1AlphaSampleProtoFile {"))
        #expect(!code.contains("public struct Request:"))
    }

    /// A string marked with the platform's `long_text` option (field option 50002) is read
    /// without the per-string limit; every other string, repeated or not, keeps it.
    @Test func aLongTextFieldIsReadAsProtoLongString() throws {
        let source = """
            syntax = "proto3";
            package p.v1;
            import "google/protobuf/descriptor.proto";
            extend google.protobuf.FieldOptions { bool long_text = 50002; }
            message Upload {
              string name = 1;
              string csv = 2 [(long_text) = true];
              repeated string lines = 3 [(long_text) = true];
              repeated string tags = 4;
            }
            """
        guard let code = try Self.generated(source) else { return }
        #expect(code.contains("case 1: self.name = try reader.read(ProtoString.self, tag)"))
        #expect(code.contains("case 2: self.csv = try reader.read(ProtoLongString.self, tag)"))
        #expect(code.contains("ProtoLongString.self, 3"))
        #expect(code.contains("ProtoString.self, 4"))
    }

    @Test func refusesProto2WithAClearError() throws {
        guard let request = try Self.request(for: "syntax = \"proto2\";\nmessage A { optional int32 x = 1; }\n") else {
            Issue.record("protoc is not installed")
            return
        }
        let (error, files) = try Self.response(CodeGenerator.run(request: request))
        #expect(error == "protoc-gen-dic: sample.proto: only proto3 is supported (syntax is 'proto2')")
        #expect(files.isEmpty)
    }

    @Test func refusesUnknownParameters() throws {
        guard let request = try Self.request(for: "syntax = \"proto3\";\nmessage A {}\n", parameter: "bogus") else {
            Issue.record("protoc is not installed")
            return
        }
        let (error, _) = try Self.response(CodeGenerator.run(request: request))
        #expect(error?.contains("unknown parameter 'bogus'") == true)
    }

    @Test func garbageRequestIsReportedNotCrashed() throws {
        let (error, files) = try Self.response(CodeGenerator.run(request: [0xFF, 0xFF]))
        #expect(error?.hasPrefix("protoc-gen-dic: ") == true)
        #expect(files.isEmpty)
    }
}
