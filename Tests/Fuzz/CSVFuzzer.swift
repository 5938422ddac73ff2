// libFuzzer entry point for the CSV reader (`make fuzz`). Built by swiftc as one module with
// Shared/CSV.
//
// Properties: any input either reads or fails with a SyntaxError naming a line; the result does not
// depend on how the input is split into chunks; no field, record or file goes beyond the limits;
// what was read, written again by CSVWriter, reads back to the same fields (compared without the
// apostrophe the writer puts before a formula, which an import takes off).
// ASan catches memory errors, libFuzzer's -timeout catches hangs.

@_cdecl("LLVMFuzzerTestOneInput")
public func csvFuzzer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    // Small limits, so the fuzzer reaches every refusal with short inputs.
    var limits = CSVLimits()
    limits.maxFieldBytes = 64
    limits.maxFields = 16
    limits.maxRecordBytes = 512
    limits.maxRecords = 64
    limits.maxTotalBytes = 8192
    let whole = read(input, chunk: max(input.count, 1), limits: limits)
    let split = read(input, chunk: Int(input.first ?? 0) % 7 + 1, limits: limits)
    guard whole == split else { fatalError("chunking changed the result") }
    guard case .success(let records) = whole else { return 0 }
    for record in records {
        guard record.fields.count <= limits.maxFields else { fatalError("more fields than the limit") }
        // The limit counts the bytes read; a byte that is not UTF-8 reads as U+FFFD, three bytes.
        for field in record.fields where field.utf8.count > 3 * limits.maxFieldBytes {
            fatalError("a field beyond the limit")
        }
    }
    var writer = CSVWriter()
    for record in records { writer.write(record.fields) }
    guard case .success(let again) = read(writer.take(), chunk: 4096, limits: CSVLimits()) else {
        fatalError("our own output does not read")
    }
    // A record of one empty field is a blank line, which readers skip; a second byte-order mark at
    // the start reads as the first one.
    guard records.first?.fields.first?.hasPrefix("\u{FEFF}") != true else { return 0 }
    // A field read as `'=1` comes back as `=1` either way: the apostrophe before a formula is the
    // writer's mark, so both sides are compared without it.
    let expected = records.map { $0.fields.map(strippingFormulaGuard) }.filter { $0 != [""] }
    let written = again.map { $0.fields.map(strippingFormulaGuard) }.filter { $0 != [""] }
    guard written == expected else {
        fatalError("write then read changed the fields")
    }
    return 0
}

private enum Outcome: Equatable {
    case success([CSVReader.Record])
    case failure(CSVReader.SyntaxError)
}

private func read(_ bytes: [UInt8], chunk: Int, limits: CSVLimits) -> Outcome {
    var reader = CSVReader(limits: limits)
    var records: [CSVReader.Record] = []
    do {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            records += try reader.feed(bytes[offset..<end])
            offset = end
        }
        records += try reader.finish()
    } catch {
        guard error.line >= 1 else { fatalError("an error without a line") }
        return .failure(error)
    }
    return .success(records)
}

private func strippingFormulaGuard(_ field: String) -> String {
    let bytes = Array(field.utf8)
    guard bytes.count > 1, bytes[0] == 0x27, CSVWriter.formulaStarts.contains(bytes[1]) else { return field }
    return String(decoding: bytes.dropFirst(), as: UTF8.self)
}
