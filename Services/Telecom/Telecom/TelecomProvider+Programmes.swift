import AdminUnits
import CalendarDates
import CommonAPI
import Geo
import RPCCore
import TelecomAPI
import TelecomDomain

// Public Wi-Fi, frequency-licence references, universal service.
extension TelecomProvider {
    public func saveWifiLease(_ request: APISaveWifiLeaseRequest, context: ServerContext) async throws -> APIWifiLease {
        guard let wire = request.lease else { throw TelecomError.invalid("lease", "required") }
        for unit in wire.unitCodes { _ = try units(unit, field: "unit_codes") }
        let lease = WifiLease(
            contractNumber: wire.contractNumber, provider: wire.provider,
            start: try CalendarDate.required(wire.start, field: "start"),
            end: try CalendarDate.required(wire.end, field: "end"),
            monthlyFeePerHotspotVND: wire.monthlyFeePerHotspotVnd, minimumUptimePercent: wire.minimumUptimePercent,
            minimumBandwidthMbps: wire.minimumBandwidthMbps,
            uptimeTiers: wire.uptimeTiers.map { .init(belowPercent: $0.belowPercent, deductPercent: $0.deductPercent) },
            bandwidthDeductPercent: wire.bandwidthDeductPercent, unitCodes: wire.unitCodes)
        return Self.wire(try await programmes.save(lease))
    }

    public func listWifiLeases(
        _ request: APIListWifiLeasesRequest, context: ServerContext
    ) async throws -> APIListWifiLeasesResponse {
        let window = try PageWindow(request.page)
        let (found, total) = try await programmes.leases(limit: window.limit, offset: window.offset)
        let (leases, page) = window.fitting(found.map(Self.wire), total: total)
        return APIListWifiLeasesResponse(leases: leases, page: page)
    }

    public func saveHotspot(_ request: APISaveHotspotRequest, context: ServerContext) async throws -> APIHotspot {
        guard let wire = request.hotspot else { throw TelecomError.invalid("hotspot", "required") }
        _ = try units(wire.unitCode)
        let hotspot = Hotspot(
            code: wire.code, leaseContract: wire.leaseContract, name: wire.name,
            position: try Geo.GeoPoint(wire: wire.position, field: "position"), unitCode: wire.unitCode,
            accessPoints: Int(wire.accessPoints),
            startedOn: try CalendarDate.required(wire.startedOn, field: "started_on"))
        return Self.wire(try await programmes.save(hotspot))
    }

    public func listHotspots(
        _ request: APIListHotspotsRequest, context: ServerContext
    ) async throws -> APIListHotspotsResponse {
        let window = try PageWindow(request.page)
        let (found, total) = try await programmes.hotspots(
            leaseContract: request.leaseContract, unitCodes: try units(request.unitCode), limit: window.limit,
            offset: window.offset)
        let (hotspots, page) = window.fitting(found.map(Self.wire), total: total)
        return APIListHotspotsResponse(hotspots: hotspots, page: page)
    }

    public func reportHotspotMonth(
        _ request: APIReportHotspotMonthRequest, context: ServerContext
    ) async throws -> APIHotspotMonthReport {
        guard let wire = request.report else { throw TelecomError.invalid("report", "required") }
        guard let month = YearMonth(year: Int(wire.year), month: Int(wire.month)) else {
            throw TelecomError.invalid("month", "\(wire.year)-\(wire.month) is not a month")
        }
        try await programmes.report(
            Hotspot.MonthlyReport(
                uptimePercent: wire.uptimePercent, sessions: Int(wire.sessions),
                averageBandwidthMbps: wire.averageBandwidthMbps),
            hotspot: wire.hotspotCode, month: month, today: today())
        return wire
    }

    public func getWifiAcceptance(
        _ request: APIGetWifiAcceptanceRequest, context: ServerContext
    ) async throws -> APIWifiAcceptance {
        guard let month = YearMonth(year: Int(request.year), month: Int(request.month)) else {
            throw TelecomError.invalid("month", "\(request.year)-\(request.month) is not a month")
        }
        guard let lease = try await programmes.lease(request.leaseContract) else {
            throw RPCError(.notFound, "lease_contract: no lease '\(request.leaseContract)'")
        }
        let reports = try await programmes.reports(for: month, leaseContract: lease.contractNumber)
        var acceptance = APIWifiAcceptance(
            leaseContract: lease.contractNumber, year: request.year, month: request.month)
        var lines: [Hotspot.Acceptance] = []
        for hotspot in try await programmes.hotspots(ofLease: lease.contractNumber) {
            let report = reports[hotspot.code]
            let line = lease.acceptance(of: hotspot, month: month, report: report)
            lines.append(line)
            acceptance.lines.append(
                APIAcceptanceLine(
                    hotspotCode: line.hotspotCode, feeVnd: line.feeVND, deductionVnd: line.deductionVND,
                    payableVnd: line.payableVND, note: line.note,
                    report: report.map {
                        APIHotspotMonthReport(
                            hotspotCode: hotspot.code, year: request.year, month: request.month,
                            uptimePercent: $0.uptimePercent, sessions: Int64($0.sessions),
                            averageBandwidthMbps: $0.averageBandwidthMbps)
                    }))
        }
        guard let totals = WifiLease.totals(lines) else {
            throw RPCError(
                .failedPrecondition,
                "monthly_fee_per_hotspot_vnd: lease \(lease.contractNumber)'s fees add up past what can be "
                    + "counted; correct its monthly fee (at most 1.000.000.000.000 VND)")
        }
        (acceptance.feeVnd, acceptance.deductionVnd, acceptance.payableVnd) = totals
        return acceptance
    }

    public func saveFrequencyLicence(
        _ request: APISaveFrequencyLicenceRequest, context: ServerContext
    ) async throws -> APIFrequencyLicence {
        guard let wire = request.licence else { throw TelecomError.invalid("licence", "required") }
        try await programmes.save(
            FrequencyLicenceReference(
                number: wire.number, holder: wire.holder, frequencyMHz: wire.frequencyMhz, station: wire.station,
                validUntil: try CalendarDate.required(wire.validUntil, field: "valid_until")))
        return wire
    }

    public func listFrequencyLicences(
        _ request: APIListFrequencyLicencesRequest, context: ServerContext
    ) async throws -> APIListFrequencyLicencesResponse {
        guard request.expiringWithinDays >= 0 else {
            throw TelecomError.invalid("expiring_within_days", "must not be negative")
        }
        let day = try CalendarDate.optional(request.today, field: "today") ?? today()
        let window = try PageWindow(request.page)
        // Within so many days that the horizon is past the calendar: every reference is due.
        let horizon =
            request.expiringWithinDays > 0
            ? FrequencyLicenceReference.reminderHorizon(today: day, within: Int(request.expiringWithinDays)) : nil
        let (found, total) = try await programmes.frequencyLicences(
            validUntilBy: horizon, limit: window.limit, offset: window.offset)
        let (licences, page) = window.fitting(
            found.map {
                APIFrequencyLicence(
                    number: $0.number, holder: $0.holder, frequencyMhz: $0.frequencyMHz, station: $0.station,
                    validUntil: $0.validUntil.proto)
            }, total: total)
        return APIListFrequencyLicencesResponse(licences: licences, page: page)
    }

    public func recordUniversalServiceSupport(
        _ request: APIRecordUniversalServiceSupportRequest, context: ServerContext
    ) async throws -> APIUniversalServiceSupport {
        guard let wire = request.support else { throw TelecomError.invalid("support", "required") }
        _ = try units(wire.unitCode)
        let status: UniversalServiceSupport.PovertyStatus
        switch wire.povertyStatus {
        case .poor: status = .poor
        case .nearPoor: status = .nearPoor
        case .unspecified, .unrecognized: throw TelecomError.invalid("poverty_status", "required: poor or near_poor")
        }
        let type: UniversalServiceSupport.SupportType
        switch wire.supportType {
        case .handset: type = .handset
        case .subscription: type = .subscription
        case .unspecified, .unrecognized:
            throw TelecomError.invalid("support_type", "required: handset or subscription")
        }
        let deliveredOn = try CalendarDate.optional(wire.deliveredOn, field: "delivered_on")
        if let deliveredOn, deliveredOn > today() {
            throw TelecomError.invalid("delivered_on", "\(deliveredOn) is in the future")
        }
        var saved = wire
        saved.provider = try await programmes.record(
            UniversalServiceSupport(
                household: wire.household, povertyStatus: status, listYear: Int(wire.listYear), unitCode: wire.unitCode,
                supportType: type, provider: wire.provider, deliveredOn: deliveredOn)
        ).provider
        return saved
    }

    public func listUniversalServiceSupport(
        _ request: APIListUniversalServiceSupportRequest, context: ServerContext
    ) async throws -> APIListUniversalServiceSupportResponse {
        let window = try PageWindow(request.page)
        let (found, total, delivered) = try await programmes.supports(
            unitCodes: try units(request.unitCode), listYear: Int(request.listYear), provider: request.provider,
            window: window)
        let (page, info) = window.fitting(found.map(Self.wire), total: total)
        return APIListUniversalServiceSupportResponse(
            supports: page, delivered: Int64(delivered), pending: Int64(total - delivered), page: info)
    }

    static func wire(_ support: UniversalServiceSupport) -> APIUniversalServiceSupport {
        APIUniversalServiceSupport(
            household: support.household, povertyStatus: support.povertyStatus == .poor ? .poor : .nearPoor,
            listYear: Int32(support.listYear), unitCode: support.unitCode,
            supportType: support.supportType == .handset ? .handset : .subscription, provider: support.provider,
            deliveredOn: support.deliveredOn?.proto)
    }

    static func wire(_ lease: WifiLease) -> APIWifiLease {
        APIWifiLease(
            contractNumber: lease.contractNumber, provider: lease.provider, start: lease.start.proto,
            end: lease.end.proto,
            monthlyFeePerHotspotVnd: lease.monthlyFeePerHotspotVND, minimumUptimePercent: lease.minimumUptimePercent,
            minimumBandwidthMbps: lease.minimumBandwidthMbps,
            uptimeTiers: lease.uptimeTiers.map {
                APIUptimeTier(belowPercent: $0.belowPercent, deductPercent: $0.deductPercent)
            },
            bandwidthDeductPercent: lease.bandwidthDeductPercent, unitCodes: lease.unitCodes)
    }

    static func wire(_ hotspot: Hotspot) -> APIHotspot {
        APIHotspot(
            code: hotspot.code, leaseContract: hotspot.leaseContract, name: hotspot.name,
            position: hotspot.position.wire,
            unitCode: hotspot.unitCode, accessPoints: Int32(clamping: hotspot.accessPoints),
            startedOn: hotspot.startedOn.proto)
    }
}
