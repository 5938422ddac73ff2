// The Swift half of the codec conformance test (Tests/Interop/test_codec_conformance.py).
//
//   ProtoConformanceRunner roundtrip          records on stdin -> results on stdout
//   ProtoConformanceRunner generate SEED N    N seeded random messages per type on stdout
//
// A record is: u32 LE name length, name, u32 LE payload length, payload. A roundtrip result is
// one status byte (0 ok, 1 decode error) then u32 LE length and either the re-encoded bytes or
// the error's description.
import ConformanceMessages
import ProtoWire

#if canImport(Glibc)
import Glibc
#endif

func readAll() -> [UInt8] {
    var input: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = read(0, &chunk, chunk.count)
        if count <= 0 { break }
        input.append(contentsOf: chunk[0..<count])
    }
    return input
}

func fail(_ message: String) -> Never {
    let bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

/// Buffered record output on stdout.
struct RecordWriter {
    var output: [UInt8] = []

    mutating func emit(_ bytes: [UInt8]) { output.append(contentsOf: bytes) }

    mutating func emitLength(_ count: Int) {
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: count >> shift)) }
    }

    mutating func flush(force: Bool = false) {
        guard force || output.count > 1 << 20 else { return }
        var written = 0
        while written < output.count {
            let count = output[written...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if count <= 0 { exit(1) }
            written += count
        }
        output.removeAll(keepingCapacity: true)
    }
}

func roundTrip<M: ProtoMessage>(_: M.Type, _ payload: [UInt8]) -> Result<[UInt8], ProtoDecodingError> {
    Result { () throws(ProtoDecodingError) -> [UInt8] in try M(serializedBytes: payload).serializedBytes() }
}

func roundTrip(name: String, _ payload: [UInt8]) -> Result<[UInt8], ProtoDecodingError> {
    switch name {
    case Scalars.protoMessageName: roundTrip(Scalars.self, payload)
    case Optionals.protoMessageName: roundTrip(Optionals.self, payload)
    case Repeateds.protoMessageName: roundTrip(Repeateds.self, payload)
    case Maps.protoMessageName: roundTrip(Maps.self, payload)
    case Choice.protoMessageName: roundTrip(Choice.self, payload)
    case Node.protoMessageName: roundTrip(Node.self, payload)
    case Everything.protoMessageName: roundTrip(Everything.self, payload)
    case Older.protoMessageName: roundTrip(Older.self, payload)
    case Newer.protoMessageName: roundTrip(Newer.self, payload)
    default: fail("unknown message type \(name)")
    }
}

func runRoundTrip() {
    let input = readAll()
    var out = RecordWriter()
    var offset = 0
    func take(_ count: Int) -> [UInt8] {
        if offset + count > input.count { fail("truncated record stream") }
        defer { offset += count }
        return Array(input[offset..<offset + count])
    }
    func takeLength() -> Int {
        let bytes = take(4)
        return Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
    }
    while offset < input.count {
        let name = String(decoding: take(takeLength()), as: UTF8.self)
        let payload = take(takeLength())
        switch roundTrip(name: name, payload) {
        case .success(let bytes):
            out.emit([0])
            out.emitLength(bytes.count)
            out.emit(bytes)
        case .failure(let error):
            let text = Array(error.description.utf8)
            out.emit([1])
            out.emitLength(text.count)
            out.emit(text)
        }
        out.flush()
    }
    out.flush(force: true)
}

func runGenerate(seed: UInt64, count: Int) {
    var random = RandomMessages(seed: seed)
    var out = RecordWriter()
    func record<M: ProtoMessage>(_ message: M) {
        let name = Array(M.protoMessageName.utf8)
        let bytes = message.serializedBytes()
        out.emitLength(name.count)
        out.emit(name)
        out.emitLength(bytes.count)
        out.emit(bytes)
    }
    for _ in 0..<count {
        record(random.scalars())
        record(random.optionals())
        record(random.repeateds())
        record(random.maps())
        record(random.choice())
        record(random.node(depth: 0))
        record(random.everything())
        out.flush()
    }
    out.flush(force: true)
}

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "roundtrip":
    runRoundTrip()
case "generate" where arguments.count == 4:
    guard let seed = UInt64(arguments[2]), let count = Int(arguments[3]) else {
        fail("generate SEED COUNT: both must be whole numbers")
    }
    runGenerate(seed: seed, count: count)
default:
    fail("usage: ProtoConformanceRunner roundtrip | generate SEED COUNT")
}
