import SQLKit
import ServiceTesting
import Testing

@testable import ServiceStorage

struct BindListTests {
    @Test func aListIsPaddedWithItsLastValueToOneOfFewLengths() {
        #expect(BindList.padded([Int]()) == [])
        #expect(BindList.padded([7]) == [7])
        #expect(BindList.padded([1, 2, 3]) == [1, 2, 3, 3])
        var lengths: Set<Int> = []
        for count in 1...300 {
            let values = Array(0..<count)
            let padded = BindList.padded(values)
            #expect(Array(padded.prefix(count)) == values)
            #expect(padded.dropFirst(count).allSatisfy { $0 == count - 1 })
            #expect(padded.count >= count && padded.count < count + (count <= 64 ? count : 64))
            lengths.insert(padded.count)
        }
        // 1, 2, 4, ... 64, then 128, 192, 256, 320.
        #expect(lengths.sorted() == [1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 320])
    }

    /// The rows of a padded list are those of the list: `IN` does not count a repeated value.
    @Test func aPaddedListSelectsTheSameRows() async throws {
        let migrations = [
            Migration(1, "items", sql: ["CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL)"])
        ]
        try await withTemporaryDatabase(migrations: migrations) { database in
            try await database.write { sql in
                for n in 0..<10 {
                    try await sql.raw("INSERT INTO items (id, n) VALUES (\(bind: "i\(n)"), \(bind: n))").run()
                }
            }
            let wanted = ["i3", "i7", "i9", "nowhere", "i1"]
            let rows = try await database.read { sql in
                try await sql.select().column("n").from("items").where("id", .in, BindList.padded(wanted))
                    .orderBy("n").all().map { try $0.decode(column: "n", as: Int.self) }
            }
            #expect(rows == [1, 3, 7, 9])
        }
    }
}
