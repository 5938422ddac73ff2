// libFuzzer entry point for the transport's header parsing and message framing (`make fuzz`).
// Built by swiftc as one module with ProtoWire, RPCCore, GRPCHeaders.swift and
// GRPCMessageDeframer.swift (their imports of each other are taken out by the Makefile).
//
// The input is a header block, one `name=value` per line (a one-digit name picks a gRPC header, so
// the fuzzer reaches them quickly), then, after an empty line, a request body.
// Properties: parsing never traps; an accepted request has a path and no negative deadline; a
// grpc-timeout that parses formats back to a deadline no shorter (up to the largest the header can
// say); the fields of any refusal are printable ASCII, bounded, and decode to the bounded message;
// the deframer yields only messages within its limit, the same whatever the chunking.

private let names = [
    ":method", ":path", "content-type", "grpc-timeout", "grpc-encoding", "authorization", "x-trace-bin", "te",
    ":scheme", "grpc-accept-encoding",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func headerFuzzer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    var fields: [(String, String)] = []
    var bodyStart = input.count
    var lineStart = 0
    for index in input.indices where input[index] == 0x0A {
        let line = input[lineStart..<index]
        lineStart = index + 1
        if line.isEmpty {
            bodyStart = lineStart
            break
        }
        let separator = line.firstIndex(of: UInt8(ascii: "=")) ?? line.endIndex
        var name = String(decoding: line[line.startIndex..<separator], as: UTF8.self)
        if name.utf8.count == 1, let digit = name.utf8.first, digit >= 0x30, digit <= 0x39 {
            name = names[Int(digit - 0x30)]
        }
        let value = separator < line.endIndex ? String(decoding: line[(separator + 1)...], as: UTF8.self) : ""
        fields.append((name, value))
    }

    switch GRPCHeaders.parseRequest(fields) {
    case .success(let request):
        guard request.path.hasPrefix("/") else { fatalError("accepted a request without a path") }
        if let timeout = request.timeout, timeout < .zero { fatalError("a negative deadline") }
    case .failure(.grpc(let status)):
        checkStatusFields(status)
    case .failure(.http(let status, _)):
        guard (400..<500).contains(status) else { fatalError("a refusal that is not a client error") }
    }

    for (name, value) in fields {
        if name == "grpc-timeout", let parsed = GRPCTimeout.parse(value) {
            guard let again = GRPCTimeout.parse(GRPCTimeout.format(parsed)) else {
                fatalError("a formatted timeout does not parse")
            }
            guard again >= parsed || again == .seconds(99_999_999 * 3600) else {
                fatalError("formatting shortened a deadline")
            }
        }
        _ = GRPCHeaders.decodeValue(name: name + "-bin", value: value)
        _ = PercentEncoding.decode(value)
        checkStatusFields(RPCStatus(code: .invalidArgument, message: value))
    }

    let body = Array(input[bodyStart...])
    let whole = deframe(body, chunk: max(body.count, 1))
    let chunked = deframe(body, chunk: Int(body.first ?? 0) % 13 + 1)
    guard whole == chunked else { fatalError("chunking changed the messages") }
    return 0
}

private func checkStatusFields(_ status: RPCStatus) {
    for (name, value) in GRPCHeaders.statusFields(status) {
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else { fatalError("\(name) is not printable") }
        guard value.utf8.count <= 3 * 1024 + 16 else { fatalError("\(name) is unbounded") }
        if name == "grpc-message" {
            guard PercentEncoding.decode(value) == status.bounded().message else {
                fatalError("grpc-message does not decode to the message sent")
            }
        }
    }
}

private func deframe(_ body: [UInt8], chunk: Int) -> [String] {
    var deframer = GRPCMessageDeframer(maxMessageSize: 256)
    var out: [String] = []
    var offset = 0
    while offset < body.count {
        let end = min(body.count, offset + chunk)
        deframer.append(Array(body[offset..<end]))
        offset = end
        do {
            while let message = try deframer.next() {
                guard message.bytes.count <= 256 else { fatalError("a message beyond the limit") }
                out.append("\(message.compressed) \(message.bytes)")
            }
        } catch {
            out.append("\(error)")
            return out
        }
    }
    out.append("pending \(deframer.bufferedBytes)")
    return out
}
