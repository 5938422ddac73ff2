import Testing

@testable import CSV

/// An upload is hostile until read: every part of it has a bound, and the error names the line.
struct CSVLimitsTests {
    var limits: CSVLimits {
        var limits = CSVLimits()
        limits.maxFieldBytes = 16
        limits.maxFields = 4
        limits.maxRecordBytes = 40
        limits.maxRecords = 3
        limits.maxTotalBytes = 100
        return limits
    }

    func failure(_ text: String) -> CSVReader.SyntaxError? {
        var reader = CSVReader(limits: limits)
        do {
            // In small chunks, as an upload arrives: the limit must hold before the end.
            let bytes = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count, by: 3) {
                _ = try reader.feed(bytes[start..<min(start + 3, bytes.count)])
            }
            _ = try reader.finish()
            return nil
        } catch {
            return error
        }
    }

    @Test func anEndlessQuotedFieldStopsAtTheFieldLimitNamingItsLine() {
        let error = failure("a,b\n\"" + String(repeating: "x", count: 10_000))
        #expect(error?.line == 2)
        #expect(error?.reason.contains("longer than 16 bytes") == true)
    }

    @Test func tooManyFieldsRecordBytesRecordsAndFileBytesAreRefused() {
        #expect(failure("a,b,c,d,e\n")?.reason.contains("more than 4 fields") == true)
        #expect(failure("h\naaaaaaaaaa,bbbbbbbbbb,cccccccccc,dddddddddd\n")?.line == 2)
        #expect(failure("h\n1\n2\n3\n")?.reason.contains("more than 3 records") == true)
        var big = CSVLimits()
        big.maxTotalBytes = 10
        var reader = CSVReader(limits: big)
        #expect(throws: CSVReader.SyntaxError.self) { _ = try reader.feed(Array("a\nb\nc\nd\ne\nf\n".utf8)) }
        #expect(failure("h\n1\n2\n") == nil)
    }

    @Test func formulaCellsAreNeutralisedOnExportAndReadBackAsWritten() throws {
        var writer = CSVWriter()
        let cells = ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "-5.5", "Bắc Kạn", "'quoted"]
        writer.write(["a", "b", "c", "d", "e", "f", "g"])
        writer.write(cells)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text.contains("'=HYPERLINK"))
        #expect(text.contains(",'+1+2,'-2+3,'@SUM(A1),-5.5,"))
        var reader = CSVReader()
        let records = try reader.feed(writer.bytes) + reader.finish()
        let header = try CSVHeader(records[0], known: ["a", "b", "c", "d", "e", "f", "g"], required: [])
        let row = header.row(records[1])
        #expect(["a", "b", "c", "d", "e", "f", "g"].map(row.text) == cells)
    }
}
