// libFuzzer entry point for the protobuf decoder (`make fuzz`). Built by swiftc as one module with
// ProtoWire and the conformance messages (their `import ProtoWire` is then a harmless no-op).
//
// Property: any input either fails with a ProtoDecodingError, or decodes to a message whose
// encoding decodes again and re-encodes to the same bytes. ASan catches memory errors and leaks,
// libFuzzer's -timeout catches hangs.

@_cdecl("LLVMFuzzerTestOneInput")
public func decodeFuzzer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    guard let message = try? Everything(serializedBytes: input) else { return 0 }
    let first = message.serializedBytes()
    guard first.count == message.serializedSize() else { fatalError("size and encoding disagree") }
    guard let again = try? Everything(serializedBytes: first) else { fatalError("our own encoding does not decode") }
    guard again.serializedBytes() == first else { fatalError("encoding is not a fixed point") }
    return 0
}
