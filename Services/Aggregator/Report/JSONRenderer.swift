import Foundation

/// The full report model as JSON, keys sorted so the same report gives the same bytes; it reads
/// back as the same report.
public enum JSONRenderer {
    public static func render(_ report: QuarterlyReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    public static func read(_ text: String) throws -> QuarterlyReport {
        try JSONDecoder().decode(QuarterlyReport.self, from: Data(text.utf8))
    }
}
