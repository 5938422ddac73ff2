import AdminUnits
import CalendarDates
import LicensingDomain
import SQLKit
import ServiceStorage

/// Holders' obligations: derived from the licences in force (see ``Obligation/owed(by:id:year:rules:)``),
/// with the fulfilments officers record.
public struct ObligationStore: Sendable {
    let database: Database
    let rules: LicenceRules

    public init(database: Database, rules: LicenceRules) {
        self.database = database
        self.rules = rules
    }

    /// How many licences one read brings in when the obligations of a year are worked out.
    static let licencesPerRead = 512

    /// Every obligation for `year`, in due-date then licence-number order.
    public func obligations(for year: Int) async throws -> [Obligation] {
        guard (1990...9998).contains(year) else { throw LicensingError.invalid("year", "1990 to 9998") }
        return try await database.read { sql in
            let ids = try await sql.raw(
                """
                SELECT id FROM licences WHERE kind = 'website' AND issued_on <= \(bind: "\(year)-12-31")
                ORDER BY number, id
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }
            var fulfilled: [String: CalendarDate] = [:]
            for row in try await sql.raw(
                "SELECT licence_id, kind, fulfilled_on FROM obligation_fulfilments WHERE year = \(bind: year)"
            ).all() {
                let key =
                    try row.decode(column: "licence_id", as: String.self) + "|"
                    + (try row.decode(column: "kind", as: String.self))
                fulfilled[key] = CalendarDate(iso: try row.decode(column: "fulfilled_on", as: String.self))
            }
            // The licences are read a few hundred at a time, not one by one: the year's obligations
            // of a register with 20,000 websites took 20,000 reads (1,050 ms of CPU, the event loop held).
            var result: [Obligation] = []
            for chunk in ids.chunked(Self.licencesPerRead) {
                let loaded = try await LicenceStore.loadMany(Array(chunk), from: sql)
                for id in chunk {
                    guard let licence = loaded[id] else { continue }
                    for var obligation in Obligation.owed(by: licence, id: id, year: year, rules: rules) {
                        obligation.fulfilledOn = fulfilled[id + "|" + obligation.kind.rawValue]
                        result.append(obligation)
                    }
                }
            }
            return result
        }
    }

    /// Records an obligation met, once per request id (a retry reads it back); refuses one the
    /// licence does not owe, or one already met under another request.
    public func fulfil(
        licenceID: String, kind: Obligation.Kind, year: Int, on date: CalendarDate, requestID: String
    ) async throws -> Obligation {
        _ = try await database.idempotentWrite(requestID: requestID, method: "FulfilObligation") { sql in
            guard let licence = try await LicenceStore.load(licenceID, from: sql) else {
                throw LicensingError.invalid("licence_id", "no licence '\(licenceID)'")
            }
            guard
                var obligation = Obligation.owed(by: licence, id: licenceID, year: year, rules: rules)
                    .first(where: { $0.kind == kind })
            else {
                throw LicensingError.notAllowed(
                    "kind", "licence \(licence.number) owes no \(kind.rawValue) for \(year)")
            }
            if let row = try await sql.raw(
                """
                SELECT fulfilled_on FROM obligation_fulfilments
                WHERE licence_id = \(bind: licenceID) AND kind = \(bind: kind.rawValue) AND year = \(bind: year)
                """
            ).first() {
                throw LicensingError.notAllowed(
                    "kind", "already fulfilled on \(try row.decode(column: "fulfilled_on", as: String.self))")
            }
            guard let yearEnd = CalendarDate(year: year, month: 12, day: 31), date > yearEnd else {
                throw LicensingError.invalid("fulfilled_on", "a report on \(year) comes after the year ends")
            }
            AuditLog.touch("licence:\(licenceID)")
            try await sql.insert(into: "obligation_fulfilments").columns("licence_id", "kind", "year", "fulfilled_on")
                .values(SQLBind(licenceID), SQLBind(kind.rawValue), SQLBind(year), SQLBind(date.description)).run()
            obligation.fulfilledOn = date
            return licenceID
        }
        guard
            let obligation = try await obligations(for: year).first(where: {
                $0.licenceID == licenceID && $0.kind == kind
            })
        else { throw StoredDataError("obligation of licence \(licenceID) vanished") }
        return obligation
    }
}
