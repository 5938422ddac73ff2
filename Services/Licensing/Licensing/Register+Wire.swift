import AdminUnits
import CalendarDates
import CommonAPI
import LicensingAPI
import LicensingDomain

// Translation of organisations, procedures, holidays, dossiers, inspections, sanctions and
// obligations to and from the dic.licensing.v1 messages.

extension Organisation {
    init(wire: APIOrganisation?) throws(LicensingError) {
        guard let wire else { throw .invalid("organisation", "required") }
        self.init(
            name: wire.name, taxCode: wire.taxCode, address: wire.address, unitCode: wire.unitCode,
            contactName: wire.contactName, contactPhone: wire.contactPhone, contactEmail: wire.contactEmail)
    }
}

extension OrganisationStore.Stored {
    var wire: APIOrganisation {
        let o = organisation
        return APIOrganisation(
            id: id, name: o.name, taxCode: o.taxCode, address: o.address, unitCode: o.unitCode,
            contactName: o.contactName, contactPhone: o.contactPhone, contactEmail: o.contactEmail)
    }
}

extension Procedure {
    init(wire: APIProcedure?) throws(LicensingError) {
        guard let wire else { throw .invalid("procedure", "required") }
        self.init(
            code: wire.code, name: wire.name, kind: try LicenceKind(wire: wire.kind, field: "kind"),
            action: try LicenceAction(wire: wire.action, field: "action"), processingDays: Int(wire.processingDays),
            dayCount: try DayCount(wire: wire.dayCount, field: "day_count"))
    }

    var wire: APIProcedure {
        APIProcedure(
            code: code, name: name, kind: kind.wire, action: action.wire,
            processingDays: Int32(clamping: processingDays),
            dayCount: dayCount.wire())
    }
}

extension Holiday {
    init(wire: APIHoliday) throws(LicensingError) {
        self.init(
            date: try CalendarDate.required(wire.date, field: "holidays.date"), name: wire.name,
            workingDay: wire.workingDay)
    }

    var wire: APIHoliday { APIHoliday(date: date.proto, name: name, workingDay: workingDay) }
}

extension Dossier {
    func wire(today: CalendarDate, calendar: WorkingCalendar) -> APIDossier {
        let clock = clock()
        return APIDossier(
            code: code, procedureCode: procedure.code, applicantID: applicantID, channel: channel.wire(),
            onlineType: onlineType.wire(), receivedOn: receivedOn.proto, dueOn: clock.dueDate(calendar)?.proto,
            status: status.wire(),
            timeliness: clock.timeliness(
                resolvedOn: decidedOn.flatMap { $0 <= today ? $0 : nil }, today: today, calendar
            ).wire(),
            feeVnd: feeVND, paidOnline: paidOnline, resultLicence: resultLicence ?? "",
            steps: steps.map { APIDossierStep(on: $0.on.proto, status: $0.status.wire(), note: $0.note) })
    }
}

extension Inspection {
    init(wire: APIInspection?) throws(LicensingError) {
        guard let wire else { throw .invalid("inspection", "required") }
        self.init(
            plan: wire.plan, decisionNumber: wire.decisionNumber, team: wire.team, subjectID: wire.subjectID,
            licenceID: wire.licenceID,
            inspectedOn: try CalendarDate.required(wire.inspectedOn, field: "inspection.inspected_on"),
            findings: wire.findings)
    }

    func wire(id: String) -> APIInspection {
        APIInspection(
            id: id, plan: plan, decisionNumber: decisionNumber, team: team, subjectID: subjectID, licenceID: licenceID,
            inspectedOn: inspectedOn.proto, findings: findings)
    }
}

extension Sanction {
    init(wire: APISanction?) throws(LicensingError) {
        guard let wire else { throw .invalid("sanction", "required") }
        self.init(
            decisionNumber: wire.decisionNumber,
            decidedOn: try CalendarDate.required(wire.decidedOn, field: "sanction.decided_on"),
            subjectID: wire.subjectID, licenceID: wire.licenceID, inspectionID: wire.inspectionID,
            violatedProvision: wire.violatedProvision, fineVND: wire.fineVnd, extraPenalties: wire.extraPenalties,
            suspendsLicence: wire.suspendsLicence, remedialMeasures: wire.remedialMeasures)
    }

    func wire(id: String) -> APISanction {
        APISanction(
            id: id, decisionNumber: decisionNumber, decidedOn: decidedOn.proto, subjectID: subjectID,
            licenceID: licenceID, inspectionID: inspectionID, violatedProvision: violatedProvision, fineVnd: fineVND,
            extraPenalties: extraPenalties, suspendsLicence: suspendsLicence, remedialMeasures: remedialMeasures,
            paymentStatus: payment.wire(), settledOn: settledOn?.proto)
    }
}

extension Obligation {
    func wire(today: CalendarDate) -> APIObligation {
        APIObligation(
            licenceID: licenceID, licenceNumber: licenceNumber, holderID: holderID, kind: kind.wire(),
            year: Int32(clamping: year), dueOn: dueOn.proto, fulfilledOn: fulfilledOn?.proto,
            overdue: isOverdue(today: today))
    }
}
