import ArgumentParser
import EchoContract
import HTTP2Transport
import ProtoWire
import RPCCore

/// Our HTTP/2 client against any Echo server (the interop tests point it at Python grpcio).
/// Runs one scenario; prints `PASS name` and exits 0, or `FAIL name: why` and exits 1.
@main
struct EchoInteropClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-interop-client", abstract: "Run an interop scenario against an Echo server.")

    @Option var host = "127.0.0.1"
    @Option var port: Int
    @Argument(help: "Scenario to run: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")).")
    var scenario: Scenario

    enum Scenario: String, CaseIterable, ExpressibleByArgument {
        case unaryMetadata = "unary-metadata"
        case serverStreaming = "server-streaming"
        case clientStreaming = "client-streaming"
        case bidirectional
        case statusCodes = "status-codes"
        case deadline
        case cancelMidStream = "cancel-mid-stream"
        case largeMessages = "large-messages"
        case concurrency
        case unimplemented
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw Failure(description: message()) }
    }

    func run() async throws {
        var configuration = HTTP2ClientConfiguration()
        configuration.maxReceiveMessageSize = 8 << 20
        configuration.maxSendMessageSize = 8 << 20
        let transport = HTTP2ClientTransport(host: host, port: port, configuration: configuration)
        let client = EchoService.Client(RPCClient(transport: transport))
        do {
            try await run(scenario, client)
            print("PASS \(scenario.rawValue)")
            await transport.close()
        } catch {
            print("FAIL \(scenario.rawValue): \(error)")
            await transport.close()
            throw ExitCode.failure
        }
    }

    func run(_ scenario: Scenario, _ client: EchoService.Client) async throws {
        switch scenario {
        case .unaryMetadata:
            var metadata: Metadata = ["x-grpc-test-echo-initial": "xin-chao"]
            metadata.addBinary("x-grpc-test-echo-trailing-bin", [0, 1, 254, 255])
            let request = EchoRequest(text: "Bắc Kạn", id: -5, values: [1, 2], meta: Meta(name: "m", version: 9))
            let response = try await client.getWithMetadata(request, metadata: metadata)
            try check(
                response.message == EchoResponse(text: "Bắc Kạn", id: -5, values: [1, 2], meta: request.meta),
                "response \(response.message)")
            try check(response.headers["x-grpc-test-echo-initial"] == "xin-chao", "headers \(response.headers)")
            try check(
                response.trailers.binaryValues("x-grpc-test-echo-trailing-bin") == [[0, 1, 254, 255]],
                "trailers \(response.trailers)")
        case .serverStreaming:
            let ids = try await client.expand(EchoRequest(values: Array(0..<64))) { responses in
                var ids: [Int64] = []
                for try await response in responses { ids.append(response.id) }
                return ids
            }
            try check(ids == (0..<64).map(Int64.init), "ids \(ids)")
        case .clientStreaming:
            let response = try await client.collect { writer in
                for index in 1...300 { try await writer.write(EchoRequest(text: "\(index % 10)", id: Int64(index))) }
            }
            try check(response.message.id == 45_150 && response.message.text.count == 300, "\(response.message)")
        case .bidirectional:
            let texts = try await client.chat { writer in
                for index in 0..<25 { try await writer.write(EchoRequest(text: "r\(index)")) }
            } onResponses: { responses in
                var texts: [String] = []
                for try await response in responses { texts.append(response.text) }
                return texts
            }
            try check(texts == (0..<25).map { "r\($0)" }, "texts \(texts)")
        case .statusCodes:
            for code in 1...16 {
                do {
                    _ = try await client.get(EchoRequest(failCode: Int32(code), failMessage: "lỗi \(code) — 100%"))
                    throw Failure(description: "code \(code) did not fail")
                } catch let error as RPCError {
                    try check(error.code.rawValue == code, "expected \(code), got \(error)")
                    try check(error.message == "lỗi \(code) — 100%", "message \(error.message)")
                }
            }
        case .deadline:
            let start = ContinuousClock.now
            do {
                _ = try await client.get(EchoRequest(delayMs: 3_000), options: CallOptions(timeout: .milliseconds(200)))
                throw Failure(description: "the call did not time out")
            } catch let error as RPCError {
                try check(error.code == .deadlineExceeded, "got \(error)")
                try check(ContinuousClock.now - start < .seconds(2), "took \(ContinuousClock.now - start)")
            }
        case .cancelMidStream:
            let task = Task {
                try await client.expand(EchoRequest(values: Array(0..<1000), delayMs: 20)) { responses in
                    var count = 0
                    for try await _ in responses { count += 1 }
                    return count
                }
            }
            try await Task.sleep(for: .milliseconds(150))
            task.cancel()
            switch await task.result {
            case .success(let count): throw Failure(description: "the stream finished with \(count) messages")
            case .failure(let error): try check(RPCError(converting: error).code == .cancelled, "got \(error)")
            }
            let after = try await client.get(EchoRequest(text: "after"))
            try check(after.text == "after", "after cancel: \(after)")
        case .largeMessages:
            let big = String(repeating: "ạ", count: (3 << 20) / 3)
            let echoed = try await client.get(EchoRequest(text: big))
            try check(echoed.text == big, "3 MiB request came back different")
            let generated = try await client.get(EchoRequest(responseBytes: 3 << 20))
            try check(generated.text.utf8.count == 3 << 20, "3 MiB response has \(generated.text.utf8.count) bytes")
        case .concurrency:
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<1000 { group.addTask { try await client.get(EchoRequest(id: Int64(index))).id } }
                var ids: [Int64] = []
                for try await id in group { ids.append(id) }
                return ids.sorted()
            }
            try check(ids == (0..<1000).map(Int64.init), "\(ids.count) answers")
        case .unimplemented:
            let missing = ProtoMethodDescriptor(
                service: "bench.Echo", name: "Nope", kind: .unary, inputType: "bench.EchoRequest",
                outputType: "bench.EchoResponse")
            do {
                _ = try await client.rpc.unary(missing, request: EchoRequest(), responseType: EchoResponse.self)
                throw Failure(description: "an unknown method succeeded")
            } catch let error as RPCError {
                try check(error.code == .unimplemented, "got \(error)")
            }
        }
    }
}
