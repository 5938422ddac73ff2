import AdminUnits
import CalendarDates
import CommonAPI
import RPCCore
import TelecomAPI
import TelecomDomain

// Villages, coverage, gaps.
extension TelecomProvider {
    public func listVillages(
        _ request: APIListVillagesRequest, context: ServerContext
    ) async throws -> APIListVillagesResponse {
        let window = try PageWindow(request.page)
        let (found, total) = try await coverage.listVillages(
            query: try SearchQuery.checked(request.query), communeCode: request.communeCode, limit: window.limit,
            offset: window.offset)
        let (villages, page) = window.fitting(found.map(\.wire), total: total)
        return APIListVillagesResponse(villages: villages, page: page)
    }

    public func estimateCoverage(
        _ request: APIEstimateCoverageRequest, context: ServerContext
    ) async throws -> APIEstimateCoverageResponse {
        let day = try CalendarDate.optional(request.asOf, field: "as_of") ?? today()
        let allSites = try await sites.all()
        let villages = try await coverage.villages()
        let estimator = CoverageEstimator(sites: allSites, on: day, radii: radii)
        let records = estimator.estimate(villages, on: day)
        try await coverage.replaceEstimates(records, asOf: day)
        let effective = CoverageRecord.effective(try await coverage.latest(asOf: day))
        let gaps = CoverageGap.find(
            villages: villages, effective: effective, estimator: estimator, ranking: .population)
        return APIEstimateCoverageResponse(
            sitesOnAir: Int64(allSites.filter { !$0.broadcasts(on: day).isEmpty }.count),
            villages: Int64(villages.count),
            covered: Int64(records.count), villagesWithoutBroadband: Int64(gaps.count))
    }

    public func listCoverage(
        _ request: APIListCoverageRequest, context: ServerContext
    ) async throws -> APIListCoverageResponse {
        let window = try PageWindow(request.page)
        guard request.effectiveOnly else {
            let (records, total) = try await coverage.page(villageCode: request.villageCode, window: window)
            let (page, info) = window.fitting(records.map(\.wire), total: total)
            return APIListCoverageResponse(coverage: page, page: info)
        }
        let standing = CoverageRecord.effective(try await coverage.latest(villageCode: request.villageCode)).sorted {
            ($0.villageCode, $0.operatorCode, $0.technology) < ($1.villageCode, $1.operatorCode, $1.technology)
        }
        let (page, info) = window.page(standing, \.wire)
        return APIListCoverageResponse(coverage: page, page: info)
    }

    public func listCoverageGaps(
        _ request: APIListCoverageGapsRequest, context: ServerContext
    ) async throws -> APIListCoverageGapsResponse {
        guard request.limit >= 0 else { throw TelecomError.invalid("limit", "must not be negative") }
        let ranking: CoverageGap.Ranking =
            switch request.ranking {
            case .households: .households
            case .population: .population
            case .unrecognized: throw TelecomError.invalid("ranking", "population or households")
            }
        let communes = try units(request.unitCode)
        let day = try CalendarDate.optional(request.asOf, field: "as_of") ?? today()
        let villages = try await coverage.villages(communeCodes: communes)
        let estimator = CoverageEstimator(sites: try await sites.all(), on: day, radii: radii)
        let effective = CoverageRecord.effective(try await coverage.latest(asOf: day))
        let gaps = CoverageGap.find(villages: villages, effective: effective, estimator: estimator, ranking: ranking)
        let limit = request.limit == 0 ? 100 : Int(request.limit)
        let answer = gaps.prefix(limit).map { gap in
            APICoverageGap(
                village: gap.village.wire,
                nearestSites: gap.nearestSites.map { APINearbySite(code: $0.code, distanceM: $0.metres) })
        }
        // However large a limit was asked for, the answer stops before its gaps pass 3 MiB (the
        // villages of a large register would pass the 4 MB answer); `total` still counts them all.
        return APIListCoverageGapsResponse(
            gaps: Array(answer.prefix(PageWindow.fittingCount(answer))), total: Int64(gaps.count))
    }
}
