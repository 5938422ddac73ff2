import SQLKit
import ServiceStorage
import ServiceTesting
import Testing

struct SQLDatabasePageTests {
    static let migrations = [
        Migration(
            1, "numbers",
            sql: ["CREATE TABLE numbers (n INTEGER PRIMARY KEY)"]
                + (1...7).map { "INSERT INTO numbers (n) VALUES (\($0))" })
    ]

    /// A page by ``SQLDatabase/page(select:from:filter:order:limit:offset:)``, or by
    /// ``SQLDatabase/pageInIndexOrder(select:from:filter:order:limit:offset:)``, which must agree.
    func page(
        _ filter: SQLQueryString, limit: Int, offset: Int, in database: Database, indexOrder: Bool
    ) async throws -> String {
        try await database.read { sql in
            let (rows, total) =
                indexOrder
                ? try await sql.pageInIndexOrder(
                    select: "n", from: "numbers", filter: filter, order: "n", limit: limit, offset: offset)
                : try await sql.page(
                    select: "n", from: "numbers", filter: filter, order: "n", limit: limit, offset: offset)
            return "\(try rows.map { try $0.decode(column: "n", as: Int.self) }) of \(total)"
        }
    }

    @Test(arguments: [false, true]) func everyPageKnowsTheTotalEvenPastTheEnd(indexOrder: Bool) async throws {
        try await withTemporaryDatabase(migrations: Self.migrations) { database in
            func page(_ filter: SQLQueryString, limit: Int, offset: Int, in database: Database) async throws -> String {
                try await self.page(filter, limit: limit, offset: offset, in: database, indexOrder: indexOrder)
            }
            // Bound values, which the filter repeats where it is run twice.
            let odd: SQLQueryString = "WHERE n % \(bind: 2) = \(bind: 1)"
            let page1 = try await page(odd, limit: 3, offset: 0, in: database)
            #expect(page1 == "[1, 3, 5] of 4")
            let page2 = try await page(odd, limit: 3, offset: 3, in: database)
            #expect(page2 == "[7] of 4")
            let page3 = try await page(odd, limit: 3, offset: 6, in: database)
            #expect(page3 == "[] of 4")
            let page4 = try await page("", limit: 2, offset: 5, in: database)
            #expect(page4 == "[6, 7] of 7")
            let page5 = try await page("WHERE n > 100", limit: 3, offset: 0, in: database)
            #expect(page5 == "[] of 0")
            let page6 = try await page("WHERE n > 100", limit: 3, offset: 9, in: database)
            #expect(page6 == "[] of 0")
        }
    }
}
