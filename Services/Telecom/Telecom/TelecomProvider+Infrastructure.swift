import AdminUnits
import CalendarDates
import CommonAPI
import RPCCore
import TelecomAPI
import TelecomDomain

// Radio stations, postal points, cable segments.
extension TelecomProvider {
    public func saveRadioStation(
        _ request: APISaveRadioStationRequest, context: ServerContext
    ) async throws -> APIRadioStation {
        let station = try RadioStation(wire: request.station)
        _ = try units(station.communeCode, field: "commune_code")
        return try await infrastructure.save(station, today: today()).wire
    }

    public func reportRadioState(
        _ request: APIReportRadioStateRequest, context: ServerContext
    ) async throws -> APIRadioStation {
        guard let report = request.report else { throw TelecomError.invalid("report", "required") }
        let on = try CalendarDate.required(report.on, field: "report.on")
        guard on <= today() else { throw TelecomError.invalid("report.on", "\(on) is in the future") }
        let state = try RadioStation.State(wire: report.state, field: "report.state")
        guard !request.stationCode.isEmpty || !request.communeCode.isEmpty else {
            throw TelecomError.invalid("station_code", "name the station, or the commune of its only station")
        }
        do {
            return try await infrastructure.report(
                .init(on: on, state: state, note: report.note), station: request.stationCode,
                commune: request.communeCode
            )
            .wire
        } catch let error as TelecomError where error.rule.hasPrefix("no radio station") {
            throw RPCError(.notFound, error.description)
        }
    }

    public func listRadioStations(
        _ request: APIListRadioStationsRequest, context: ServerContext
    ) async throws -> APIListRadioStationsResponse {
        let asOf = try CalendarDate.optional(request.asOf, field: "as_of") ?? today()
        let state = try RadioStation.State(filter: request.state, field: "state")
        let window = try PageWindow(request.page)
        let (found, total) = try await infrastructure.stations(
            communeCodes: try units(request.unitCode), inForceOn: asOf, state: state, limit: window.limit,
            offset: window.offset)
        let (stations, page) = window.fitting(found.map(\.wire), total: total)
        return APIListRadioStationsResponse(stations: stations, page: page)
    }

    public func listRadioStateReports(
        _ request: APIListRadioStateReportsRequest, context: ServerContext
    ) async throws -> APIListRadioStateReportsResponse {
        try TelecomError.required(request.stationCode, "station_code")
        let window = try PageWindow(request.page)
        guard
            let (station, found, total) = try await infrastructure.reports(
                station: request.stationCode, limit: window.limit, offset: window.offset)
        else { throw RPCError(.notFound, "station_code: no radio station '\(request.stationCode)'") }
        // The station goes first: its latest report (16 KiB at most) counts against the page.
        let wireStation = station.wire
        let (reports, page) = window.fitting(
            found.map(\.wire), total: total, budget: PageWindow.answerBudget - wireStation.serializedSize())
        return APIListRadioStateReportsResponse(reports: reports, page: page, station: wireStation)
    }

    public func savePostalPoint(
        _ request: APISavePostalPointRequest, context: ServerContext
    ) async throws -> APIPostalPoint {
        let point = try PostalPoint(wire: request.point)
        _ = try units(point.unitCode)
        return try await infrastructure.save(point).wire
    }

    public func listPostalPoints(
        _ request: APIListPostalPointsRequest, context: ServerContext
    ) async throws -> APIListPostalPointsResponse {
        let window = try PageWindow(request.page)
        let (found, total) = try await infrastructure.postalPoints(
            query: try SearchQuery.checked(request.query), unitCodes: try units(request.unitCode),
            operatorCode: request.operator,
            asOf: try CalendarDate.optional(request.asOf, field: "as_of"), limit: window.limit, offset: window.offset)
        let (points, page) = window.fitting(found.map(\.wire), total: total)
        return APIListPostalPointsResponse(points: points, page: page)
    }

    public func saveCableSegment(
        _ request: APISaveCableSegmentRequest, context: ServerContext
    ) async throws -> APICableSegment {
        let segment = try CableSegment(wire: request.segment)
        _ = try units(segment.unitCode)
        return try await infrastructure.save(segment).wire
    }

    public func listCableSegments(
        _ request: APIListCableSegmentsRequest, context: ServerContext
    ) async throws -> APIListCableSegmentsResponse {
        let window = try PageWindow(request.page)
        let found = try await infrastructure.cableSegmentPage(
            unitCodes: try units(request.unitCode), operatorCode: request.operator,
            asOf: try CalendarDate.optional(request.asOf, field: "as_of"), limit: window.limit, offset: window.offset)
        let (segments, page) = window.fitting(found.segments.map(\.wire), total: found.total)
        return APIListCableSegmentsResponse(
            segments: segments, page: page, totalKm: found.totalKm, undergroundKm: found.undergroundKm)
    }
}

extension TelecomProvider {
    public func deletePostalPoint(
        _ request: APIDeleteRecordRequest, context: ServerContext
    ) async throws -> APIDeleteRecordResponse {
        guard try await infrastructure.delete(.postalPoints, code: request.code) else {
            throw RPCError(.notFound, "code: no postal point '\(request.code)'")
        }
        return APIDeleteRecordResponse()
    }

    public func deleteCableSegment(
        _ request: APIDeleteRecordRequest, context: ServerContext
    ) async throws -> APIDeleteRecordResponse {
        guard try await infrastructure.delete(.cableSegments, code: request.code) else {
            throw RPCError(.notFound, "code: no cable segment '\(request.code)'")
        }
        return APIDeleteRecordResponse()
    }

    public func deleteHotspot(
        _ request: APIDeleteRecordRequest, context: ServerContext
    ) async throws -> APIDeleteRecordResponse {
        guard try await programmes.deleteHotspot(request.code) else {
            throw RPCError(.notFound, "code: no hotspot '\(request.code)'")
        }
        return APIDeleteRecordResponse()
    }
}
