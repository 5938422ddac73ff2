// Codec benchmark: our ProtoWire codec against swift-protobuf on the same messages, same run.
// Prints a table and ends with `codec ratio vs swift-protobuf: encode E decode D`, where each ratio
// is the geometric mean over the messages of (swift-protobuf time / our time).
import CodecBenchMessages
import EchoContract
import PeerMessages
import ProtoWire
import SwiftProtobuf

#if canImport(Glibc)
import Glibc
#endif

struct Case {
    let name: String
    let size: Int
    let ours: (encode: Measurement, decode: Measurement)
    let peer: (encode: Measurement, decode: Measurement)
}

func fail(_ message: String) -> Never {
    print("codec-bench: \(message)")
    exit(1)
}

/// Measures one message both ways on both codecs, after checking each decodes the other's bytes
/// to the same message.
func compare<Ours: ProtoWire.ProtoMessage, Peer: SwiftProtobuf.Message>(
    _ name: String, _ message: Ours, as _: Peer.Type
) -> Case {
    let bytes = message.serializedBytes()
    let peerMessage: Peer
    do {
        peerMessage = try Peer(serializedBytes: bytes)
        let peerBytes: [UInt8] = try peerMessage.serializedBytes()
        // A map's entries have no defined order on the wire (each encoder iterates its own
        // dictionary), so the two encodings are compared by size and by what they decode to.
        guard peerBytes.count == bytes.count, peerMessage.isEqualTo(message: try Peer(serializedBytes: peerBytes)),
            try Ours(serializedBytes: peerBytes) == message
        else { fail("\(name): the codecs encode the same message differently") }
        guard try Ours(serializedBytes: bytes) == message else { fail("\(name): our decode differs") }
    } catch {
        fail("\(name): \(error)")
    }
    let oursEncode = Measurement.of { blackHole(message.serializedBytes()) }
    let oursDecode = Measurement.of {
        do { blackHole(try Ours(serializedBytes: bytes)) } catch { fail("decode: \(error)") }
    }
    let peerEncode = Measurement.of {
        do { blackHole(try peerMessage.serializedBytes() as [UInt8]) } catch { fail("peer encode: \(error)") }
    }
    let peerDecode = Measurement.of {
        do { blackHole(try Peer(serializedBytes: bytes)) } catch { fail("peer decode: \(error)") }
    }
    return Case(name: name, size: bytes.count, ours: (oursEncode, oursDecode), peer: (peerEncode, peerDecode))
}

func format(_ value: Double, _ digits: Int = 0) -> String {
    var text = String(Int((value * pow(10, Double(digits))).rounded()))
    if digits > 0 {
        while text.count <= digits { text = "0" + text }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    }
    return text
}

func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

// `codec-bench profile` loops our decoders for a profiler to sample.
if CommandLine.arguments.dropFirst().first == "profile" {
    let licence = Fixtures.licence().serializedBytes()
    let sites = Fixtures.sites().serializedBytes()
    let echo = Fixtures.echo().serializedBytes()
    let deadline = Measurement.now() + 5_000_000_000
    if CommandLine.arguments.count > 2 {
        let message = Fixtures.echo()
        while Measurement.now() < deadline {
            for _ in 0..<1000 { blackHole(message.serializedBytes()) }
        }
        exit(0)
    }
    while Measurement.now() < deadline {
        for _ in 0..<100 {
            do {
                blackHole(try Licence(serializedBytes: licence))
                blackHole(try EchoRequest(serializedBytes: echo))
            } catch { fail("\(error)") }
        }
        do { blackHole(try BtsSiteList(serializedBytes: sites)) } catch { fail("\(error)") }
    }
    exit(0)
}

let cases = [
    compare("echo request", Fixtures.echo(), as: Bench_EchoRequest.self),
    compare("licence (3 versions, 5 events)", Fixtures.licence(), as: Codecbench_V1_Licence.self),
    compare("500 BTS sites", Fixtures.sites(), as: Codecbench_V1_BtsSiteList.self),
]

print("Release build, one thread. ns = median nanoseconds per message; allocs and bytes per message.")
print("")
print(
    "message                          bytes  op      ours ns  allocs    bytes   swift-protobuf ns  allocs    bytes  ratio"
)
var encodeRatios: [Double] = []
var decodeRatios: [Double] = []
for item in cases {
    for (operation, ours, peer) in [
        ("encode", item.ours.encode, item.peer.encode), ("decode", item.ours.decode, item.peer.decode),
    ] {
        let ratio = peer.nanosecondsPerOperation / ours.nanosecondsPerOperation
        if operation == "encode" { encodeRatios.append(ratio) } else { decodeRatios.append(ratio) }
        print(
            item.name.padding(toLength: 31, withPad: " ", startingAt: 0) + pad(String(item.size), 7) + "  "
                + operation + pad(format(ours.nanosecondsPerOperation), 11)
                + pad(format(ours.allocationsPerOperation, 1), 8) + pad(format(ours.bytesPerOperation), 9)
                + pad(format(peer.nanosecondsPerOperation), 20) + pad(format(peer.allocationsPerOperation, 1), 8)
                + pad(format(peer.bytesPerOperation), 9) + pad(format(ratio, 2), 7))
    }
}
func geometricMean(_ values: [Double]) -> Double {
    exp(values.map { log($0) }.reduce(0, +) / Double(values.count))
}
print("")
print(
    "codec ratio vs swift-protobuf: encode \(format(geometricMean(encodeRatios), 2)) decode \(format(geometricMean(decodeRatios), 2))"
)
