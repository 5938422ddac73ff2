import SQLKit
import ServiceStorage
import ServiceTesting
import Testing

struct SQLDatabaseScanTests {
    /// 23 rows whose first key repeats (runs of up to five), so batches of 3 end inside a run and
    /// the next batch must go on from both keys; `tag` is what the rows are kept by.
    static let rows: [(day: String, id: String, tag: Int)] = (0..<23).map { n in
        ("2023-01-\(10 + n / 5)", "r\(100 + n * 7 % 23)", n % 3)
    }

    static let migrations = [
        Migration(
            1, "rows",
            sql: [
                "CREATE TABLE scanned (day TEXT NOT NULL, id TEXT NOT NULL, tag INTEGER NOT NULL, PRIMARY KEY (day, id))"
            ]
                + rows.map { "INSERT INTO scanned (day, id, tag) VALUES ('\($0.day)', '\($0.id)', \($0.tag))" })
    ]

    typealias Row = (day: String, id: String, tag: Int)

    /// Each case's conditions in SQL, and the same said in Swift.
    static let cases: [(conditions: [SQLQueryString], selects: @Sendable (Row) -> Bool)] = [
        ([], { _ in true }),
        (["day >= \(bind: "2023-01-11")"], { $0.day >= "2023-01-11" }),
        (["tag <> \(bind: 2)", "day < \(bind: "2023-01-14")"], { $0.tag != 2 && $0.day < "2023-01-14" }),
    ]

    @Test func aScanKeepsThePageOfWhatMatchesAcrossBatchesWhoseKeysRepeat() async throws {
        try await withTemporaryDatabase(migrations: Self.migrations) { database in
            let ordered = Self.rows.sorted { ($0.day, $0.id) < ($1.day, $1.id) }
            for (index, (conditions, selects)) in Self.cases.enumerated() {
                // Kept in Swift: the rows not tagged 1.
                let expected = ordered.filter { selects($0) && $0.tag != 1 }.map(\.id)
                for batch in [1, 3, 5, 200] {
                    for (limit, offset) in [(4, 0), (4, 4), (5, 7), (30, 0), (3, 40)] {
                        let (page, total) = try await database.read { sql in
                            try await sql.scanPage(
                                from: "scanned", where: conditions, keys: ["day", "id"], limit: limit, offset: offset,
                                batch: batch,
                                decode: {
                                    (
                                        try $0.decode(column: "id", as: String.self),
                                        try $0.decode(column: "tag", as: Int.self)
                                    )
                                }
                            ) { $0.1 != 1 }
                        }
                        let end = min(expected.count, offset + limit)
                        #expect(total == expected.count, "case \(index), batch \(batch)")
                        #expect(
                            page.map(\.0) == (offset < end ? Array(expected[offset..<end]) : []),
                            "case \(index), batch \(batch), limit \(limit), offset \(offset)")
                    }
                }
            }
        }
    }
}
