import AdminUnits
import CalendarDates

extension Licence {
    /// A new licence: the first version, an `issue` event.
    public static func issue(
        kind: LicenceKind, number: String, holderID: String, on date: CalendarDate, validUntil: CalendarDate?,
        content: LicenceContent, decision: String, rules: LicenceRules
    ) throws(LicensingError) -> Licence {
        try LicenceContent.required(number, "number")
        try LicenceContent.required(holderID, "holder_id")
        try content.validate(for: kind, rules: rules)
        if let validUntil {
            guard validUntil > date else { throw .invalid("valid_until", "must be after the issue date \(date)") }
        }
        if kind == .website {
            guard let validUntil else {
                throw .invalid(
                    "valid_until",
                    "required: a website licence has a term of at most \(rules.websiteMaximumTermYears) years")
            }
            if let limit = date.adding(years: rules.websiteMaximumTermYears), validUntil > limit {
                throw .invalid(
                    "valid_until",
                    "a website licence lasts at most \(rules.websiteMaximumTermYears) years: no later than \(limit)")
            }
        }
        var first = LicenceVersion(
            number: 1, action: .issue, effectiveOn: date, status: .active, validUntil: validUntil, content: content,
            decisionNumber: decision, reason: "")
        first.licenceNumber = number
        return Licence(
            kind: kind, number: number, holderID: holderID, first: first)
    }

    /// Records `change` as a new version, or refuses it naming the field and the rule; a refused
    /// change leaves the licence as it was.
    public mutating func apply(_ change: LicenceChange, rules: LicenceRules) throws(LicensingError) {
        let action = change.action
        guard action != .issue else { throw .notAllowed("action", "a licence is issued once; this one already is") }
        guard kind.actions.contains(action) else {
            throw .notAllowed("action", "\(action.rawValue) does not apply to a \(kind.rawValue) licence")
        }
        guard !status.isFinal else {
            throw .notAllowed("action", "the licence is \(status.rawValue): no \(action.rawValue) after that")
        }
        if action.isChange {
            let changes = versions.count { $0.action.isChange }
            guard changes < rules.maximumChanges else {
                throw .notAllowed(
                    "action",
                    "the licence has recorded \(changes) changes, the most one licence keeps: issue a new licence")
            }
        }
        guard change.effectiveOn >= current.effectiveOn else {
            throw .invalid(
                "effective_on", "\(change.effectiveOn) is before the licence's last event (\(current.effectiveOn))")
        }
        if action != .expire, let validUntil, change.effectiveOn > validUntil {
            throw .notAllowed(
                "effective_on",
                "the licence expired on \(validUntil): an expired licence cannot be \(action.rawValue)ed")
        }
        var next = LicenceVersion(
            number: current.number + 1, action: action, effectiveOn: change.effectiveOn, status: status,
            validUntil: validUntil, content: current.content, decisionNumber: change.decisionNumber,
            reason: change.reason)
        if action.changesContent {
            guard let content = change.content else {
                throw .invalid("content", "\(action.rawValue) needs the new content")
            }
            try content.validate(for: kind, rules: rules)
            next.content = content
        } else if change.content != nil {
            throw .invalid("content", "\(action.rawValue) keeps the licence's content; send none")
        }

        if let newNumber = change.newNumber {
            guard action == .exchange else {
                throw .invalid("new_number", "only an exchange gives the licence a new number")
            }
            try LicenceContent.required(newNumber, "new_number")
            guard newNumber.utf8.count <= 64 else { throw .invalid("new_number", "at most 64 bytes") }
            guard newNumber != number else { throw .invalid("new_number", "the licence already has number \(number)") }
            next.licenceNumber = newNumber
        }

        switch action {
        case .amend, .exchange, .changeNotified, .changeApproved, .reissue:
            guard status == .active else {
                throw .notAllowed(
                    "action",
                    "the licence is suspended until \(suspendedUntil(rules).map { "\($0)" } ?? "further notice")")
            }
        case .extend:
            next.validUntil = try extended(change, rules: rules)
            next.requestedOn = change.requestedOn
        case .suspend:
            guard status == .active else { throw .notAllowed("action", "the licence is already suspended") }
            if count(of: .suspend) + 1 >= rules.suspensionsLeadingToRevocation {
                // The law turns this suspension into a revocation; the event says so.
                next.action = .revoke
                next.status = .revoked
                next.reason = [
                    "\(Self.revocationBySuspension) \(count(of: .suspend) + 1)", change.reason,
                ].filter { !$0.isEmpty }.joined(separator: "; ")
            } else {
                next.status = .suspended
            }
        case .liftSuspension:
            guard status == .suspended else { throw .notAllowed("action", "the licence is not suspended") }
            next.status = .active
        case .revoke:
            next.status = .revoked
        case .cease:
            next.status = .ceased
        case .expire:
            guard let validUntil, change.effectiveOn > validUntil else {
                throw .notAllowed("action", "the licence is valid \(validUntil.map { "until \($0)" } ?? "without end")")
            }
            next.status = .expired
        case .issue:
            break  // refused above
        }
        append(next)
    }

    /// The new end of validity of an extension, checked against the website rules.
    private func extended(_ change: LicenceChange, rules: LicenceRules) throws(LicensingError) -> CalendarDate {
        guard let validUntil else { throw .notAllowed("action", "the licence has no end date to extend") }
        guard status == .active else { throw .notAllowed("action", "a suspended licence cannot be extended") }
        guard count(of: .extend) < rules.websiteMaximumExtensions else {
            throw .notAllowed(
                "action", "a website licence may be extended at most \(rules.websiteMaximumExtensions) times")
        }
        guard let requestedOn = change.requestedOn else {
            throw .invalid("requested_on", "required: the extension must be asked for in time")
        }
        let deadline = validUntil.adding(days: -rules.websiteExtensionNoticeDays)
        if let deadline, requestedOn > deadline {
            throw .notAllowed(
                "requested_on",
                "an extension must be asked for at least \(rules.websiteExtensionNoticeDays) days before expiry "
                    + "(\(validUntil)): by \(deadline), not \(requestedOn)")
        }
        guard let newValidUntil = change.newValidUntil, newValidUntil > validUntil else {
            throw .invalid("new_valid_until", "must be after the current end of validity, \(validUntil)")
        }
        if let limit = validUntil.adding(years: rules.websiteMaximumExtensionYears), newValidUntil > limit {
            throw .invalid(
                "new_valid_until",
                "an extension is at most \(rules.websiteMaximumExtensionYears) years: no later than \(limit)")
        }
        return newValidUntil
    }

    // The reasons the service writes itself, in the officers' language: the register, the console
    // and the export show them beside the reasons officers type.
    static let suspensionEnded = "hết thời hạn đình chỉ"
    static let termEnded = "hết thời hạn của giấy phép"
    /// Followed by the suspension's number: the law turns it into a revocation.
    static let revocationBySuspension = "thu hồi do bị đình chỉ lần thứ"

    /// A reason the service wrote itself in English before it wrote them in Vietnamese, said in
    /// Vietnamese; nil for any other text (an officer's words stay as typed). A revocation's
    /// reason may carry the officer's own after "; ", which is kept as it is.
    package static func vietnameseReason(forEnglish reason: String) -> String? {
        switch reason {
        case "the suspension ended": return suspensionEnded
        case "the term ended": return termEnded
        default: break
        }
        let prefix = "suspension number ", suffix = " means revocation"
        guard reason.hasPrefix(prefix), let end = reason.range(of: suffix) else { return nil }
        let number = reason[reason.index(reason.startIndex, offsetBy: prefix.count)..<end.lowerBound]
        let rest = reason[end.upperBound...]
        guard !number.isEmpty, number.allSatisfy(\.isASCII), Int(number) != nil, rest.isEmpty || rest.hasPrefix("; ")
        else { return nil }
        return "\(revocationBySuspension) \(number)\(rest)"
    }

    /// The events that happen by themselves by `date`: the end of a suspension, then expiry.
    /// The store runs this daily and on reads, so a licence is never shown in a state it has left.
    public mutating func catchUp(to date: CalendarDate, rules: LicenceRules) {
        if let until = suspendedUntil(rules), until <= date {
            try? apply(LicenceChange(.liftSuspension, on: until, reason: Self.suspensionEnded), rules: rules)
        }
        if !status.isFinal, let validUntil, validUntil < date, let day = validUntil.adding(days: 1) {
            try? apply(LicenceChange(.expire, on: day, reason: Self.termEnded), rules: rules)
        }
    }
}
