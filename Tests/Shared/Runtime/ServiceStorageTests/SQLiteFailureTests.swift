import RPCCore
import Testing

@testable import ServiceStorage

struct SQLiteFailureTests {
    /// By primary code, extended codes included (SQLITE_IOERR_WRITE is 778); SQLite's own message,
    /// which may quote data, is never what the caller reads.
    @Test(arguments: [
        (Int32(13), StatusCode.resourceExhausted),  // SQLITE_FULL
        (11, .dataLoss),  // SQLITE_CORRUPT
        (26, .dataLoss),  // SQLITE_NOTADB
        (778, .unavailable),  // SQLITE_IOERR_WRITE
        (8, .unavailable),  // SQLITE_READONLY
        (5, .unavailable),  // SQLITE_BUSY
        (19, .internal),  // SQLITE_CONSTRAINT: a fault in the service
        (1, .internal),  // SQLITE_ERROR
    ])
    func aFailureSaysWhatItMeansToTheCaller(code: Int32, status: StatusCode) {
        let failure = SQLiteFailure(code: code, message: "UNIQUE constraint failed near 'Nguyễn Văn A'")
        let error = RPCError(converting: failure)
        #expect(error.code == status)
        #expect(!error.message.contains("Nguyễn"))
    }
}
