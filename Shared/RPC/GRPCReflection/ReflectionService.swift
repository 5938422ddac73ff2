import ProtoWire
import RPCCore

/// Server reflection (`grpc.reflection.v1`, and the older `v1alpha` that many grpcurl builds ask
/// for): lists the services and serves the embedded file descriptors, so grpcurl and other dynamic
/// clients work with no `.proto` file at hand.
public struct ReflectionService: ServerReflectionService.ServiceProtocol {
    let services: [String]
    let files: [String: ProtoFileDescriptor]
    let fileOfSymbol: [String: String]

    /// - Parameters:
    ///   - services: the services to list.
    ///   - files: their `.proto` files and every file those import.
    public init(services: [ProtoServiceDescriptor], files: [ProtoFileDescriptor]) {
        let all = files + [ReflectionProtoFile.descriptor, V1AlphaReflectionProtoFile.descriptor]
        self.services =
            (services.map(\.fullName) + [ServerReflectionService.name, V1AlphaServerReflectionService.name])
            .sorted()
        self.files = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var symbols: [String: String] = [:]
        for file in all {
            for symbol in file.symbols { symbols[symbol] = file.name }
        }
        self.fileOfSymbol = symbols
    }

    public func registerMethods(with router: inout RPCRouter) {
        // v1alpha's messages are wire-identical to v1's, so one implementation serves both paths.
        for method in [
            ServerReflectionService.serverReflectionInfo, V1AlphaServerReflectionService.serverReflectionInfo,
        ] {
            router.registerBidirectionalStreaming(method, ServerReflectionRequest.self, ServerReflectionResponse.self) {
                requests, responses, context in
                try await self.serverReflectionInfo(requests, responses: responses, context: context)
            }
        }
    }

    public func serverReflectionInfo(
        _ requests: RPCInbound<ServerReflectionRequest>, responses: RPCWriter<ServerReflectionResponse>,
        context: ServerContext
    ) async throws {
        for try await request in requests {
            try await responses.write(answer(request))
        }
    }

    func answer(_ request: ServerReflectionRequest) -> ServerReflectionResponse {
        var response = ServerReflectionResponse(validHost: request.host, originalRequest: request)
        switch request.messageRequest {
        case .listServices?:
            response.messageResponse = .listServicesResponse(
                ListServiceResponse(service: services.map { ServiceResponse(name: $0) }))
        case .fileByFilename(let name)?:
            response.messageResponse = fileResponse(name) ?? error(.notFound, "no file named '\(name)'")
        case .fileContainingSymbol(let symbol)?:
            response.messageResponse =
                fileName(containing: symbol).flatMap(fileResponse) ?? error(.notFound, "no symbol '\(symbol)'")
        case .fileContainingExtension(let request)?:
            response.messageResponse = error(
                .notFound, "no extension \(request.extensionNumber) of '\(request.containingType)'")
        case .allExtensionNumbersOfType(let type)?:
            response.messageResponse =
                fileOfSymbol[type] == nil
                ? error(.notFound, "no type '\(type)'")
                : .allExtensionNumbersResponse(ExtensionNumberResponse(baseTypeName: type))
        case nil:
            response.messageResponse = error(.invalidArgument, "the request names no question")
        }
        return response
    }

    /// The file declaring `symbol`; a method (`pkg.Service.Method`) or nested name resolves through
    /// its parent.
    func fileName(containing symbol: String) -> String? {
        var name = Substring(symbol)
        while !name.isEmpty {
            if let file = fileOfSymbol[String(name)] { return file }
            guard let dot = name.lastIndex(of: ".") else { return nil }
            name = name[..<dot]
        }
        return nil
    }

    /// The file and, after it, every file it imports transitively (each once).
    func fileResponse(_ name: String) -> ServerReflectionResponse.MessageResponse? {
        guard files[name] != nil else { return nil }
        var ordered: [[UInt8]] = []
        var seen: Set<String> = []
        var pending = [name]
        while let next = pending.first {
            pending.removeFirst()
            guard seen.insert(next).inserted, let file = files[next] else { continue }
            ordered.append(file.serialized)
            pending.append(contentsOf: file.dependencies)
        }
        return .fileDescriptorResponse(FileDescriptorResponse(fileDescriptorProto: ordered))
    }

    func error(_ code: StatusCode, _ message: String) -> ServerReflectionResponse.MessageResponse {
        .errorResponse(ErrorResponse(errorCode: Int32(code.rawValue), errorMessage: message))
    }
}
