import Foundation

/// Prints results as an aligned table for people or as JSON for scripts.
enum Output {
    static func print(_ format: OutputFormat, columns: [String], rows: [[String]], json: Any) {
        switch format {
        case .json:
            let data =
                (try? JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])) ?? Data()
            Swift.print(String(decoding: data, as: UTF8.self))
        case .table:
            table(columns: columns, rows: rows)
        }
    }

    static func table(columns: [String], rows: [[String]]) {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { cell, width in cell + String(repeating: " ", count: max(0, width - cell.count)) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        Swift.print(line(columns))
        Swift.print(line(widths.map { String(repeating: "-", count: $0) }))
        for row in rows { Swift.print(line(row)) }
    }
}

extension Output {
    /// "(100 of 2,345)" under a table that shows one page of a longer list.
    static func footer(shown: Int, total: Int64?, _ format: OutputFormat) {
        if let total, format == .table, total > shown {
            Swift.print("(\(shown) of \(total); narrow the query or raise --limit)")
        }
    }
}
