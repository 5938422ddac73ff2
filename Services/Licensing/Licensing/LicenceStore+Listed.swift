import CalendarDates
import LicensingDomain
import SQLKit
import ServiceStorage

extension LicenceStore {
    /// A licence as a list shows it: what its row in `licences` keeps (the number it carries now,
    /// its status and term, the day it was issued), its holder's name and its current version. A
    /// page of them is one statement: a licence's earlier versions, which a list never shows, are
    /// not read.
    public struct Listed: Sendable, Hashable {
        public var id: String
        public var kind: LicenceKind
        public var number: String
        public var holderID: String
        /// As the organisations register has it (empty when it holds none).
        public var holderName: String
        public var status: LicenceStatus
        public var issuedOn: CalendarDate
        public var validUntil: CalendarDate?
        public var current: LicenceVersion
    }

    /// The licences `ids` name, in that order, as a list shows them, in one statement whatever
    /// the page's size. (Read whole, a page took three: the licences, every version of each, their
    /// holders; a round trip each on PostgreSQL.)
    static func listed(_ ids: [String], from sql: any SQLDatabase) async throws -> [Listed] {
        guard !ids.isEmpty else { return [] }
        let padded: [any Encodable & Sendable] = BindList.padded(ids)
        let rows = try await sql.raw(
            """
            SELECT l.id AS id, l.kind AS kind, l.number AS head_number, l.holder_id AS holder_id,
                l.status AS head_status, l.issued_on AS issued_on, l.valid_until AS head_valid_until,
                COALESCE(o.name, '') AS holder_name, v.licence_id AS licence_id, v.number AS number,
                v.action AS action, v.effective_on AS effective_on, v.status AS status,
                v.valid_until AS valid_until, v.content_json AS content_json,
                v.decision_number AS decision_number, v.reason AS reason, v.requested_on AS requested_on,
                v.licence_number AS licence_number
            FROM licences l JOIN licence_versions v ON v.licence_id = l.id AND v.number = l.current_version
                LEFT JOIN organisations o ON o.id = l.holder_id
            WHERE l.id IN (\(binds: padded))
            """
        ).all()
        var found: [String: Listed] = [:]
        for row in rows {
            let (id, current) = try version(from: row)
            guard let kind = LicenceKind(rawValue: try row.decode(column: "kind", as: String.self)),
                let status = LicenceStatus(rawValue: try row.decode(column: "head_status", as: String.self)),
                let issuedOn = try date("issued_on", of: row)
            else { throw StoredDataError("licence \(id) does not read") }
            found[id] = Listed(
                id: id, kind: kind, number: try row.decode(column: "head_number", as: String.self),
                holderID: try row.decode(column: "holder_id", as: String.self),
                holderName: try row.decode(column: "holder_name", as: String.self), status: status,
                issuedOn: issuedOn, validUntil: try date("head_valid_until", of: row), current: current)
        }
        return ids.compactMap { found[$0] }
    }
}

extension LicenceStore.Listed {
    /// The licence `stored` as a list shows it: what a page gives for it, field for field.
    public init(_ stored: LicenceStore.Stored) {
        let licence = stored.licence
        self.init(
            id: stored.id, kind: licence.kind, number: licence.number, holderID: licence.holderID,
            holderName: stored.holderName, status: licence.status, issuedOn: licence.issuedOn,
            validUntil: licence.validUntil, current: licence.current)
    }
}
