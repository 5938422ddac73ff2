import CSV
import Testing

struct CSVReaderTests {
    func read(_ text: String, chunk: Int) throws -> [CSVReader.Record] {
        var reader = CSVReader()
        var records: [CSVReader.Record] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            records += try reader.feed(bytes[start..<end])
            start = end
        }
        return records + (try reader.finish())
    }

    @Test(arguments: [1, 2, 7, 1 << 20])
    func quotedFieldsSpanChunksAndLines(chunk: Int) throws {
        let text = "a,b\r\n\"Sở \"\"TT\"\"\",\"x,\ny\"\n\nlast,\u{1EA1}"
        let records = try read(text, chunk: chunk)
        #expect(records.map(\.fields) == [["a", "b"], ["Sở \"TT\"", "x,\ny"], ["last", "\u{1EA1}"]])
        // The quoted line break moves the third record to line 5 (line 4 is blank).
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test func byteOrderMarkIsNotPartOfTheHeader() throws {
        #expect(try read("\u{FEFF}kind,number\n", chunk: 1).first?.fields == ["kind", "number"])
    }

    @Test func strayQuotesAreSyntaxErrorsWithTheirLine() throws {
        #expect(
            throws: CSVReader.SyntaxError(
                line: 2, reason: "a quote inside an unquoted field; quote the whole field and double it")
        ) {
            try read("a\nb\"c\n", chunk: 3)
        }
        #expect(throws: CSVReader.SyntaxError.self) { try read("a\n\"open,\nfield", chunk: 4) }
    }

    /// A NUL is not text (and PostgreSQL cannot store one): the file is refused at its line,
    /// quoted or not, rather than the import failing in the database.
    @Test func aNULByteIsRefusedWithItsLine() throws {
        #expect(throws: CSVReader.SyntaxError(line: 2, reason: "field 2 holds a NUL byte (0x00); a CSV file is text")) {
            try read("a,b\nc,d\u{0}e\n", chunk: 2)
        }
        #expect(throws: CSVReader.SyntaxError(line: 3, reason: "field 1 holds a NUL byte (0x00); a CSV file is text")) {
            try read("a\n\"two\nlines\u{0}\"\n", chunk: 5)
        }
        #expect(try read("a\tb,\u{1}\n", chunk: 1).first?.fields == ["a\tb", "\u{1}"])
    }

    @Test func writerOutputReadsBack() throws {
        var writer = CSVWriter()
        let rows = [["plain", "with,comma", "with \"quote\"", "two\nlines", ""], ["Bắc Kạn", "", "", "", "x"]]
        for row in rows { writer.write(row) }
        let text = String(decoding: writer.take(), as: UTF8.self)
        #expect(try read(text, chunk: 5).map(\.fields) == rows)
        #expect(writer.bytes.isEmpty)
    }
}
