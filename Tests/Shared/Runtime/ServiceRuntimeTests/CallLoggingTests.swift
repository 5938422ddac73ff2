import EchoContract
import Foundation
import Logging
import ProtoWire
import RPCCore
import RPCInProcess
import Synchronization
import Testing

@testable import ServiceRuntime

final class CapturedLines: Sendable {
    let lines = Mutex<[String]>([])
    var output: LogOutput { LogOutput { line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}

/// Refuses every call on its headers, as authentication refuses a bad token.
struct RefusingAdmission: ServerInterceptor, ServerCallAdmission {
    var wrapsAdmittedCalls: Bool { false }

    func admit(method: ProtoMethodDescriptor, head: ServerCallHead) -> Result<String?, RPCError> {
        .failure(RPCError(.unauthenticated, "no valid bearer token"))
    }

    func intercept(context: ServerContext, next: @Sendable (ServerContext) async throws -> Void) async throws {
        try await next(context)
    }
}

/// Fails every call with `error`, as a handler whose storage failed would.
struct FailingInterceptor: ServerInterceptor {
    let error: any Error & Sendable

    func intercept(context: ServerContext, next: @Sendable (ServerContext) async throws -> Void) async throws {
        throw error
    }
}

/// A server-side resource running out, in the words storage logs and the status it sends.
struct DiskFull: Error, RPCErrorConvertible, CustomStringConvertible {
    var description: String { "SQLite error 13: database or disk is full" }
    var rpcError: RPCError { RPCError(.resourceExhausted, "storage: the database's disk is full; nothing was changed") }
}

struct CallLoggingTests {
    @Test func jsonLinesCarryLevelMessageAndMetadata() throws {
        let captured = CapturedLines()
        var logger = Logger(label: "dic.test") { label in
            DICLogHandler(label: label, format: .json, level: .info, output: captured.output)
        }
        logger[metadataKey: "service"] = "licensing"
        logger.info("hello", metadata: ["count": "3"])
        logger.debug("hidden")
        #expect(captured.all.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(captured.all[0].utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "hello")
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "dic.test")
        #expect(object["service"] as? String == "licensing")
        #expect(object["count"] as? String == "3")
        #expect(captured.all[0].hasSuffix("}\n"))
    }

    @Test func textLinesAreReadable() {
        let captured = CapturedLines()
        let logger = Logger(label: "dic.test") { label in
            DICLogHandler(label: label, format: .text, level: .info, output: captured.output)
        }
        logger.warning("disk nearly full", metadata: ["free_mb": "12"])
        #expect(captured.all.first?.contains(" warning dic.test: disk nearly full free_mb=12") == true)
    }

    @Test func aCallersLineBreaksCannotStartALineOfTheirOwn() {
        let captured = CapturedLines()
        let logger = Logger(label: "dic.rpc") { label in
            DICLogHandler(label: label, format: .text, level: .info, output: captured.output)
        }
        let forged = "x'\n2026-12-05T00:00:00.000 info dic.rpc: call rpc.status=OK\r\u{1B}[2J"
        logger.info("call", metadata: ["rpc.message": .string("id: no licence '\(forged)'")])
        let lines = captured.all
        #expect(lines.count == 1)
        #expect(lines[0].filter(\.isNewline).count == 1 && lines[0].hasSuffix("\n"))
        #expect(lines[0].contains(#"x'\n2026-12-05T00:00:00.000 info dic.rpc: call rpc.status=OK\r\u{1B}[2J'"#))
    }

    @Test func aLinesMetadataIsTheLoggersThenTheProvidersThenItsOwnInKeyOrder() {
        let captured = CapturedLines()
        var logger = Logger(label: "dic.test") { label in
            var handler = DICLogHandler(label: label, format: .text, level: .info, output: captured.output)
            handler.metadataProvider = Logger.MetadataProvider { ["b": "provided", "c": "provided"] }
            return handler
        }
        logger.info("plain")
        logger[metadataKey: "a"] = "logger"
        logger[metadataKey: "b"] = "logger"
        logger.info("merged", metadata: ["c": "own", "d": "own"])
        #expect(captured.all.first?.hasSuffix(" info dic.test: plain b=provided c=provided\n") == true)
        #expect(captured.all.last?.hasSuffix(" info dic.test: merged a=logger b=provided c=own d=own\n") == true)
        var bare = Logger(label: "dic.bare") { label in
            DICLogHandler(label: label, format: .text, level: .info, output: captured.output)
        }
        bare.info("own only", metadata: ["z": "1", "y": "2"])
        #expect(captured.all.last?.hasSuffix(" info dic.bare: own only y=2 z=1\n") == true)
        bare[metadataKey: "x"] = "0"
        bare.info("none of its own")
        #expect(captured.all.last?.hasSuffix(" info dic.bare: none of its own x=0\n") == true)
    }

    @Test(arguments: [RuntimeConfiguration.LogFormat.text, .json])
    func aCallsLineIsTheLineItsMetadataMakesThroughSwiftLog(format: RuntimeConfiguration.LogFormat) throws {
        let captured = CapturedLines()
        var handler = DICLogHandler(label: "dic.rpc", format: format, level: .info, output: captured.output)
        handler.metadataProvider = Logger.MetadataProvider { ["peer": "provided", "trace": "t-1"] }
        handler.metadata = ["service": "licensing", "request_id": "handler's", "a": "first"]
        let fields: [(key: String, value: String)] = [
            ("duration_ms", "0.125"), ("error", "disk I/O error"), ("peer", "10.0.0.7:5000"),
            ("request_id", "req-1"), ("rpc.message", "storage: unavailable"), ("rpc.method", "GetLicence"),
            ("rpc.service", "dic.licensing.v1.Licensing"), ("rpc.status", "UNAVAILABLE"),
        ]
        handler.log(level: .warning, "call", sortedFields: fields)
        let logger = Logger(label: "dic.rpc") { _ in handler }
        logger.log(
            level: .warning, "call",
            metadata: Logger.Metadata(uniqueKeysWithValues: fields.map { ($0.key, .string($0.value)) }))
        handler.log(level: .debug, "call", sortedFields: fields)  // below the level: nothing
        let lines = captured.all
        try #require(lines.count == 2)
        // The same line but for the time it was written.
        func withoutTime(_ line: String) throws -> String {
            switch format {
            case .text: return String(line.dropFirst(23))
            case .json:
                var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
                #expect(object.removeValue(forKey: "ts") != nil)
                return "\(object.sorted { $0.key < $1.key })"
            }
        }
        #expect(try withoutTime(lines[0]) == withoutTime(lines[1]))
        if format == .text {
            #expect(
                lines[0].dropFirst(23)
                    == " warning dic.rpc: call a=first duration_ms=0.125 error=disk I/O error peer=10.0.0.7:5000 "
                    + "request_id=req-1 rpc.message=storage: unavailable rpc.method=GetLicence "
                    + "rpc.service=dic.licensing.v1.Licensing rpc.status=UNAVAILABLE service=licensing trace=t-1\n")
        }
    }

    @Test func oneLinePerCallWithStatusAndNoSecrets() async throws {
        let captured = CapturedLines()
        let logger = Logger(label: "dic.rpc") { label in
            DICLogHandler(label: label, format: .json, level: .info, output: captured.output)
        }
        var router = RPCRouter(interceptors: [CallLoggingInterceptor(logger: logger)])
        router.add(EchoHandler())
        try await InProcessTransport.withServer(router) { rpc in
            let client = EchoService.Client(rpc)
            let secret: Metadata = ["authorization": "Bearer top-secret", "x-request-id": "req-42"]
            _ = try await client.get(EchoRequest(text: "ok"), metadata: secret)
            _ = try? await client.get(EchoRequest(failCode: 5, failMessage: "no such licence"), metadata: secret)
        }
        let lines = captured.all
        #expect(lines.count == 2)
        let objects = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["rpc.status"] as? String } == ["OK", "NOT_FOUND"])
        #expect(
            objects.allSatisfy { $0["rpc.service"] as? String == "bench.Echo" && $0["rpc.method"] as? String == "Get" })
        #expect(objects.allSatisfy { $0["request_id"] as? String == "req-42" && $0["peer"] as? String == "in-process" })
        #expect(objects[1]["rpc.message"] as? String == "no such licence")
        #expect(objects.allSatisfy { ($0["duration_ms"] as? String).flatMap(Double.init) != nil })
        #expect(!lines.joined().contains("top-secret"))
    }

    /// A call authentication refuses on its headers never reaches the chain; it is logged all the same.
    @Test func aCallRefusedOnItsHeadersHasItsLine() async throws {
        let captured = CapturedLines()
        let logger = Logger(label: "dic.rpc") { label in
            DICLogHandler(label: label, format: .json, level: .info, output: captured.output)
        }
        var router = RPCRouter(interceptors: [CallLoggingInterceptor(logger: logger), RefusingAdmission()])
        router.add(EchoHandler())
        try await InProcessTransport.withServer(router) { rpc in
            let refused = await #expect(throws: RPCError.self) {
                _ = try await EchoService.Client(rpc).get(
                    EchoRequest(text: "x"), metadata: ["authorization": "Bearer wrong", "x-request-id": "req-7"])
            }
            #expect(refused?.code == .unauthenticated)
        }
        let lines = captured.all
        try #require(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["rpc.status"] as? String == "UNAUTHENTICATED")
        #expect(object["rpc.method"] as? String == "Get" && object["request_id"] as? String == "req-7")
        #expect(object["rpc.message"] as? String == "no valid bearer token")
        #expect(!lines[0].contains("wrong"))
    }

    /// The server's own disk running out is the operator's business: a warning with its cause. A
    /// caller over a limit gets the same status, and that is routine.
    @Test(arguments: [
        (DiskFull() as any Error & Sendable, "warning", "SQLite error 13: database or disk is full"),
        (RPCError(.resourceExhausted, "message larger than 4194304 bytes") as any Error & Sendable, "info", nil),
    ])
    func aResourceTheServerRanOutOfIsAWarningWithItsCause(
        _ error: any Error & Sendable, level: String, cause: String?
    ) async throws {
        let captured = CapturedLines()
        let logger = Logger(label: "dic.rpc") { label in
            DICLogHandler(label: label, format: .json, level: .info, output: captured.output)
        }
        var router = RPCRouter(interceptors: [CallLoggingInterceptor(logger: logger), FailingInterceptor(error: error)])
        router.add(EchoHandler())
        try await InProcessTransport.withServer(router) { rpc in
            let failed = await #expect(throws: RPCError.self) {
                _ = try await EchoService.Client(rpc).get(EchoRequest(text: "x"))
            }
            #expect(failed?.code == .resourceExhausted)
            // What the caller reads never carries the cause's own words.
            #expect(failed?.message.contains("SQLite") == false)
        }
        let lines = captured.all
        try #require(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["rpc.status"] as? String == "RESOURCE_EXHAUSTED")
        #expect(object["level"] as? String == level)
        #expect(object["error"] as? String == cause)
    }
}
