import Testing

@testable import DICCtlKit

struct ProgressBarTests {
    @Test func drawsProportionally() {
        let bar = ProgressBar(total: 200, label: "importing", unit: "rows", enabled: false)
        #expect(bar.line(0) == "importing [------------------------------]   0% 0/200 rows")
        #expect(bar.line(100) == "importing [###############---------------]  50% 100/200 rows")
        #expect(bar.line(250) == "importing [##############################] 100% 200/200 rows")
    }

    @Test func importPiecesAreWholeLines() {
        let csv = (0..<1000).map { "row \($0)" }.joined(separator: "\n") + "\n"
        let pieces = UnitsCommand.Import.pieces(of: csv, size: 1000)
        #expect(pieces.count > 5)
        #expect(pieces.allSatisfy { $0.hasSuffix("\n") })
        #expect(pieces.joined() == csv)
        let unterminated = "a\nb\nc"
        #expect(UnitsCommand.Import.pieces(of: unterminated, size: 2).joined() == unterminated)
        #expect(UnitsCommand.Import.pieces(of: "", size: 10).isEmpty)
    }

    @Test func contentIDIsStableAndSensitive() {
        #expect(ContentID.of(Array("a,b\n".utf8)) == ContentID.of(Array("a,b\n".utf8)))
        #expect(ContentID.of(Array("a,b\n".utf8)) != ContentID.of(Array("a,c\n".utf8)))
    }
}
