import AdminUnits
import CommonAPI
import LicensingAPI
import LicensingDomain
import RequestRules

// Translation between the domain types and the dic.licensing.v1 messages; the names match case
// for case, and UNSPECIFIED (or an unknown value from a newer client) is refused by name.

extension LicenceKind {
    init(wire: APILicenceKind, field: String) throws(LicensingError) {
        switch wire {
        case .website: self = .website
        case .newsletter: self = .newsletter
        case .nonCommercialPublication: self = .nonCommercialPublication
        case .printingPress: self = .printingPress
        case .printingPublications: self = .printingPublications
        case .printFacilityRegistration: self = .printFacilityRegistration
        case .unspecified, .unrecognized: throw .invalid(field, "required: one of the licence kinds")
        }
    }

    var wire: APILicenceKind {
        switch self {
        case .website: .website
        case .newsletter: .newsletter
        case .nonCommercialPublication: .nonCommercialPublication
        case .printingPress: .printingPress
        case .printingPublications: .printingPublications
        case .printFacilityRegistration: .printFacilityRegistration
        }
    }
}

extension LicenceAction {
    init(wire: APILicenceAction, field: String) throws(LicensingError) {
        guard let action = Self.allCases.first(where: { $0.wire == wire }) else {
            throw .invalid(field, "required: one of the licence actions")
        }
        self = action
    }

    var wire: APILicenceAction {
        switch self {
        case .issue: .issue
        case .amend: .amend
        case .extend: .extend
        case .reissue: .reissue
        case .exchange: .exchange
        case .changeNotified: .changeNotified
        case .changeApproved: .changeApproved
        case .suspend: .suspend
        case .liftSuspension: .liftSuspension
        case .revoke: .revoke
        case .expire: .expire
        case .cease: .cease
        }
    }
}

extension LicenceStatus {
    var wire: APILicenceStatus {
        switch self {
        case .active: .active
        case .suspended: .suspended
        case .revoked: .revoked
        case .expired: .expired
        case .ceased: .ceased
        }
    }
}

extension LicenceContent {
    init?(wire: APILicenceContent?) {
        switch wire?.content {
        case nil: return nil
        case .website(let w):
            self = .website(
                .init(
                    domains: w.domains, sections: w.sections, newsSources: w.newsSources,
                    responsiblePerson: w.responsiblePerson, serverLocation: w.serverLocation,
                    serverInVietnam: w.serverInVietnam))
        case .newsletter(let n):
            self = .newsletter(
                .init(
                    name: n.name, purpose: n.purpose, audience: n.audience, distributionScope: n.distributionScope,
                    language: n.language, periodicity: n.periodicity, widthCM: n.widthCm, heightCM: n.heightCm,
                    pages: Int(n.pages), printRun: Int(n.printRun), printingPlace: n.printingPlace,
                    responsiblePerson: n.responsiblePerson))
        case .publication(let p):
            self = .publication(
                .init(
                    title: p.title, author: p.author, language: p.language, format: p.format, pages: Int(p.pages),
                    printRun: Int(p.printRun), printingFacility: p.printingFacility,
                    distributionPlace: p.distributionPlace))
        case .printing(let p):
            self = .printing(.init(facilityName: p.facilityName, address: p.address, activities: p.activities))
        }
    }

    var wire: APILicenceContent {
        switch self {
        case .website(let w):
            APILicenceContent(
                content: .website(
                    APIWebsiteContent(
                        domains: w.domains, sections: w.sections, newsSources: w.newsSources,
                        responsiblePerson: w.responsiblePerson, serverLocation: w.serverLocation,
                        serverInVietnam: w.serverInVietnam)))
        case .newsletter(let n):
            APILicenceContent(
                content: .newsletter(
                    APINewsletterContent(
                        name: n.name, purpose: n.purpose, audience: n.audience, distributionScope: n.distributionScope,
                        language: n.language, periodicity: n.periodicity, widthCm: n.widthCM, heightCm: n.heightCM,
                        pages: Int32(clamping: n.pages), printRun: Int32(clamping: n.printRun),
                        printingPlace: n.printingPlace, responsiblePerson: n.responsiblePerson)))
        case .publication(let p):
            APILicenceContent(
                content: .publication(
                    APIPublicationContent(
                        title: p.title, author: p.author, language: p.language, format: p.format,
                        pages: Int32(clamping: p.pages), printRun: Int32(clamping: p.printRun),
                        printingFacility: p.printingFacility, distributionPlace: p.distributionPlace)))
        case .printing(let p):
            APILicenceContent(
                content: .printing(
                    APIPrintingContent(facilityName: p.facilityName, address: p.address, activities: p.activities)))
        }
    }
}

extension LicenceVersion {
    var wire: APILicenceVersion {
        APILicenceVersion(
            number: Int32(clamping: number), action: action.wire, effectiveOn: effectiveOn.proto, status: status.wire,
            validUntil: validUntil?.proto, content: content.wire, decisionNumber: decisionNumber, reason: reason,
            licenceNumber: licenceNumber ?? "")
    }
}

extension LicenceStore.Stored {
    /// The licence on the wire; with its history, every version when they fit in the answer's
    /// budget, else the newest that fit (``LicensingProvider/listLicenceVersions`` reads the rest).
    /// A licence read without its history (``LicenceStore/Stored/historyRead``) answers none.
    func wire(history: Bool) -> APILicence {
        var answer = APILicence(
            id: id, kind: licence.kind.wire, number: licence.number, holderID: licence.holderID,
            status: licence.status.wire, issuedOn: licence.issuedOn.proto, validUntil: licence.validUntil?.proto,
            current: licence.current.wire, holderName: holderName)
        if history && historyRead {
            let newestFirst = licence.versions.reversed().map(\.wire)
            answer.history = newestFirst.prefix(PageWindow.fittingCount(newestFirst)).reversed()
            answer.historyCount = Int32(clamping: licence.versions.count)
        }
        return answer
    }
}

extension LicenceStore.Listed {
    /// The licence on the wire as a list answers it: without its history.
    var wire: APILicence {
        APILicence(
            id: id, kind: kind.wire, number: number, holderID: holderID, status: status.wire,
            issuedOn: issuedOn.proto, validUntil: validUntil?.proto, current: current.wire, holderName: holderName)
    }
}
