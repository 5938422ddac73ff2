import Testing

@testable import CSV

struct CSVHeaderTests {
    func row(_ field: String) throws -> CSVRow {
        let header = try CSVHeader(CSVReader.Record(line: 1, fields: ["tenants"]), known: ["tenants"], required: [])
        return header.row(CSVReader.Record(line: 2, fields: [field]))
    }

    @Test func aListIsSplitAtEverySemicolonWithoutEmptyItems() throws {
        #expect(try row(" Viettel ; VNPT;;MobiFone ;").list("tenants") == ["Viettel", "VNPT", "MobiFone"])
        #expect(try row("").list("tenants") == [])
    }

    /// As Swift characters, a semicolon followed by a combining mark is one character that is not
    /// a semicolon: the item the mark starts ran into the one before it, semicolon and all.
    @Test func anItemStartingWithACombiningMarkIsAnItemOfItsOwn() throws {
        #expect(try row("Viettel;\u{301}VNPT").list("tenants") == ["Viettel", "\u{301}VNPT"])
        #expect("a;\u{301};;b".splitAtEvery(";") == ["a", "\u{301}", "", "b"])
    }
}
