import AdminUnits
import CSV

/// Reads a register file as it streams in and hands out each licence, built through the rules
/// from its rows, once its last row has been read. A licence with a bad row is refused whole,
/// with the line and the reason; the others go on.
public struct LicenceImport: Sendable {
    /// A licence ready to store, with the line its rows start on.
    public struct Built: Sendable {
        public var line: Int
        public var licence: Licence
        public var holder: LicenceRegister.Holder
    }

    public static let problemLimit = 1000

    let rules: LicenceRules
    private var reader = CSVReader()
    private var columns: [String: Int]?
    private var pending: (key: String, line: Int, licence: Licence?, holder: LicenceRegister.Holder)?
    /// Where the rows of each type and number last started, to refuse rows of one licence split
    /// across the file.
    private var started = SeenKeys()
    /// Where each licence was issued, by ``LicenceRules/numberKey(kind:number:issuedOn:)``: the
    /// same licence issued twice is refused.
    private var issued = SeenKeys()
    public private(set) var rows = 0
    public private(set) var refused = 0
    public private(set) var problems: [LicenceRegister.Problem] = []
    public private(set) var problemsTotal = 0
    /// The file itself does not read (its header, or its CSV syntax): nothing further is read.
    public private(set) var fatal = false

    public init(rules: LicenceRules) {
        self.rules = rules
    }

    /// Feeds the next bytes; returns the licences they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Built] {
        guard !fatal else { return [] }
        do {
            return take(try reader.feed(bytes))
        } catch {
            stop(LicenceRegister.Problem(line: error.line, field: "", reason: error.reason))
            return []
        }
    }

    /// Ends the file; returns the last licence.
    public mutating func finish() -> [Built] {
        guard !fatal else { return [] }
        var built: [Built] = []
        do {
            built = take(try reader.finish())
        } catch {
            stop(LicenceRegister.Problem(line: error.line, field: "", reason: error.reason))
            return []
        }
        if columns == nil { stop(LicenceRegister.Problem(line: 1, field: "", reason: "the file is empty")) }
        if let last = flush() { built.append(last) }
        return built
    }

    /// A licence the store turned down (already recorded elsewhere, holder unknown...).
    public mutating func refuse(line: Int, field: String, reason: String) {
        refused += 1
        note(LicenceRegister.Problem(line: line, field: field, reason: reason))
    }

    private mutating func take(_ records: [CSVReader.Record]) -> [Built] {
        var built: [Built] = []
        for record in records where !fatal {
            guard let columns else {
                do {
                    self.columns = try LicenceRegister.columnIndex(record)
                } catch {
                    stop(error)
                }
                continue
            }
            rows += 1
            let row: LicenceRegister.Row
            do {
                row = try LicenceRegister.row(record, columns: columns)
            } catch {
                note(error)
                // The licence the row belongs to is refused whole (when kind and number read).
                if let key = key(of: record, columns) {
                    if pending?.key != key {
                        if let done = flush() { built.append(done) }
                        started[key] = started[key] ?? record.line
                        pending = (key, record.line, nil, LicenceRegister.Holder(id: "", organisation: .init(name: "")))
                    }
                    pending?.licence = nil
                }
                continue
            }
            let key = "\(row.kind.rawValue)|\(row.number)"
            // An issue row always starts a licence: a number may come back in a later year.
            let issues = row.change.action == .issue
            if pending?.key != key || issues {
                if let done = flush() { built.append(done) }
                pending = (key, row.line, nil, row.holder)
                guard issues, let content = row.change.content else {
                    if let first = started[key] {
                        note(
                            .init(
                                line: row.line, field: "number",
                                reason: "the rows of \(row.kind.rawValue) licence '\(row.number)' must be together "
                                    + "(they start on line \(first))"))
                    } else {
                        fail(row.line, .invalid("action", "a licence's first row is its issue"))
                    }
                    continue
                }
                started[key] = row.line
                let numberKey = rules.numberKey(kind: row.kind, number: row.number, issuedOn: row.change.effectiveOn)
                if let first = issued[numberKey] {
                    let name = rules.numberName(kind: row.kind, number: row.number, issuedOn: row.change.effectiveOn)
                    fail(row.line, .invalid("number", "\(name) is issued twice (first on line \(first))"))
                    continue
                }
                issued[numberKey] = row.line
                do throws(LicensingError) {
                    // The holder is found or created when the licence is stored.
                    pending?.licence = try Licence.issue(
                        kind: row.kind, number: row.number, holderID: row.holder.id.isEmpty ? "?" : row.holder.id,
                        on: row.change.effectiveOn, validUntil: row.validUntil, content: content,
                        decision: row.change.decisionNumber, rules: rules)
                } catch {
                    fail(row.line, error)
                }
                continue
            }
            guard var licence = pending?.licence else { continue }  // already refused: its later rows add nothing
            // Events the system records by itself (expiry, a suspension ending) are in the file
            // as rows of their own, so they are caught up only to the day before.
            let automatic = row.change.action == .expire || row.change.action == .liftSuspension
            if let day = automatic ? row.change.effectiveOn.adding(days: -1) : row.change.effectiveOn {
                licence.catchUp(to: day, rules: rules)
            }
            do throws(LicensingError) {
                try licence.apply(row.change, rules: rules)
                pending?.licence = licence
            } catch {
                fail(row.line, error)
            }
        }
        return built
    }

    private func key(of record: CSVReader.Record, _ columns: [String: Int]) -> String? {
        func field(_ name: String) -> String? {
            columns[name].flatMap { $0 < record.fields.count ? record.fields[$0] : nil }
        }
        guard let kind = field("kind"), let number = field("number") else { return nil }
        let match = LicenceKind.allCases.first { LicenceRegister.name($0) == kind || $0.rawValue == kind }
        return match.map { "\($0.rawValue)|\(number)" }
    }

    private mutating func fail(_ line: Int, _ error: LicensingError) {
        note(.init(line: line, field: error.field, reason: error.rule))
        pending?.licence = nil
    }

    private mutating func flush() -> Built? {
        defer { pending = nil }
        guard let pending else { return nil }
        guard let licence = pending.licence else {
            refused += 1
            return nil
        }
        return Built(line: pending.line, licence: licence, holder: pending.holder)
    }

    private mutating func note(_ problem: LicenceRegister.Problem) {
        problemsTotal += 1
        if problems.count < Self.problemLimit { problems.append(problem) }
    }

    private mutating func stop(_ problem: LicenceRegister.Problem) {
        note(problem)
        fatal = true
        pending = nil
    }
}
