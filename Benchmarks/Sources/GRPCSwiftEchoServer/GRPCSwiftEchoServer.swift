import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import NIOPosix
import PeerMessages

#if canImport(Glibc)
import Glibc
#endif

/// The peer: the same Echo service (the `Get` and `Expand` methods the RPC benchmark drives) on
/// grpc-swift 2 with its NIO HTTP/2 transport, so both stacks are measured the same way.
/// Usage: grpc-swift-echo-server PORT THREADS [CERT KEY]  (with CERT and KEY: TLS)
@main
struct GRPCSwiftEchoServer {
    struct Echo: RegistrableRPCService {
        func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
            router.registerHandler(
                forMethod: MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Get"),
                deserializer: ProtobufDeserializer<Bench_EchoRequest>(),
                serializer: ProtobufSerializer<Bench_EchoResponse>()
            ) { request, _ in
                let single = try await ServerRequest(stream: request)
                return StreamingServerResponse(single: ServerResponse(message: Self.response(to: single.message)))
            }
            router.registerHandler(
                forMethod: MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Expand"),
                deserializer: ProtobufDeserializer<Bench_EchoRequest>(),
                serializer: ProtobufSerializer<Bench_EchoResponse>()
            ) { request, _ in
                let single = try await ServerRequest(stream: request)
                return StreamingServerResponse { writer in
                    for value in single.message.values {
                        var response = Self.response(to: single.message)
                        response.id = Int64(value)
                        response.values = []
                        try await writer.write(response)
                    }
                    return [:]
                }
            }
        }

        static func response(to request: Bench_EchoRequest) -> Bench_EchoResponse {
            var response = Bench_EchoResponse()
            response.text = request.text
            response.id = request.id
            response.values = request.values
            if request.hasMeta { response.meta = request.meta }
            return response
        }
    }

    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 || arguments.count == 5, let port = Int(arguments[1]),
            let threads = Int(arguments[2]), threads > 0
        else {
            print("usage: grpc-swift-echo-server PORT THREADS [CERT KEY]")
            exit(2)
        }
        let security: HTTP2ServerTransport.Posix.TransportSecurity =
            arguments.count == 5
            ? .tls(certificateChain: [.file(path: arguments[3], format: .pem)], privateKey: .file(path: arguments[4], format: .pem))
            : .plaintext
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: port), transportSecurity: security,
            eventLoopGroup: MultiThreadedEventLoopGroup(numberOfThreads: threads))
        let server = GRPCServer(transport: transport, services: [Echo()])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            if let address = try await transport.listeningAddress.ipv4 {
                print("listening on 127.0.0.1:\(address.port)")
                fflush(nil)
            }
        }
    }
}
