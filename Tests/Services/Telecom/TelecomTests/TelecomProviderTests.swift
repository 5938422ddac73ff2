import AdminUnits
import CalendarDates
import CommonAPI
import DICTestSupport
import Foundation
import Geo
import Indicators
import Logging
import RPCCore
import RPCInProcess
import ServiceStorage
import ServiceTesting
import TelecomAPI
import Testing

@testable import Telecom
@testable import TelecomDomain

/// The `index`th of the test province's 108 communes.
@Sendable func testCommune(_ index: Int) -> String { "06.0\(58 + index % 8).\(index)" }

/// The figures of `codes` for a quarter, by code (-1 for a figure with no value).
func figures(
    _ indicators: IndicatorsService.Client, _ codes: [String], year: Int32 = 2023, quarter: Int32
) async throws -> [String: Double] {
    let values = try await indicators.computeIndicators(
        ComputeIndicatorsRequest(codes: codes, period: Period(kind: .quarter, year: year, index: quarter))
    ).values
    return Dictionary(uniqueKeysWithValues: values.map { ($0.code, $0.value ?? -1) })
}

/// The telecom API and its indicators on the in-process transport, over a fresh database. Unit
/// codes starting "06" exist (Bắc Kạn); a district's communes are the codes it prefixes.
func withTelecom<T: Sendable>(
    today: CalendarDate = day("2023-03-31"), planLimits: InfrastructurePlan.Limits = .init(),
    _ body: @Sendable (APITelecomService.Client, IndicatorsService.Client) async throws -> T
) async throws -> T {
    let unitsWithin: @Sendable (String, CalendarDate) -> [String] = { code, _ in
        guard code.hasPrefix("06") else { return [] }
        return [code] + (1...12).map { code + ".\($0 < 10 ? "0" : "")\($0)" }
    }
    // The province's communes: 108, spread over eight districts as Bắc Kạn's are.
    let communesWithin: @Sendable (String, CalendarDate) -> [String] = { code, _ in
        let all = (1...108).map(testCommune)
        return code.isEmpty ? all : all.filter { $0.hasPrefix(code + ".") }
    }
    return try await withService(named: "telecom", migrations: TelecomSchema.migrations + AuditLog.migrations) {
        database, router in
        let provider = TelecomProvider(
            database: database, operators: try await SiteStore.operators(in: database), planLimits: planLimits,
            unitsWithin: unitsWithin, today: { today })
        router.add(provider)
        router.add(
            IndicatorsProvider(
                source: TelecomIndicators(
                    sites: provider.sites, coverage: provider.coverage, infrastructure: provider.infrastructure,
                    unitsWithin: unitsWithin, communesWithin: communesWithin)))
    } _: { rpc, _ in
        try await body(APITelecomService.Client(rpc), IndicatorsService.Client(rpc))
    }
}

func wireSite(
    _ code: String, _ latitude: Double, _ longitude: Double, operator operatorCode: String = "viettel",
    mast: APIMastClass = .a2A, unit: String = "06.058.01"
) -> APISite {
    APISite(
        code: code, operator: operatorCode, unitCode: unit, address: "Tổ \(code), phường Đức Xuân",
        position: CommonAPI.GeoPoint(latitude: latitude, longitude: longitude),
        technologies: [
            APISiteTechnology(technology: ._2G, switchedOn: Date(year: 2012, month: 5, day: 1)),
            APISiteTechnology(technology: ._4G, switchedOn: Date(year: 2019, month: 3, day: 1)),
        ],
        mastClass: mast, mastHeightM: 36)
}

func send(_ text: String, chunk: Int = 97) -> @Sendable (RPCWriter<APIImportRequest>) async throws -> Void {
    let bytes = Array(text.utf8)
    return { writer in
        var start = 0
        while start < bytes.count {
            try await writer.write(APIImportRequest(data: Array(bytes[start..<min(start + chunk, bytes.count)])))
            start += chunk
        }
    }
}

struct SiteProviderTests {
    @Test func aProposedSiteIsCheckedAgainstThePlanAndMovesOnOnlyWhenItConforms() async throws {
        try await withTelecom { client, _ in
            _ = try await client.savePlannedSite(
                APISavePlannedSiteRequest(
                    plannedSite: APIPlannedSite(
                        code: "QH-BK-01", position: CommonAPI.GeoPoint(latitude: 22.147, longitude: 105.834),
                        radiusM: 300, allowedMastClasses: [.a1A, .a1B])))
            let saved = try await client.saveSite(
                APISaveSiteRequest(requestID: "s1", site: wireSite("BKN001", 22.1472, 105.8342, mast: .a2B)))
            #expect(saved.status == .proposed && saved.planCheck == nil)
            let checked = try await client.checkSite(APICheckSiteRequest(operator: "viettel", code: "BKN001"))
            #expect(checked.planCheck?.outcome == .needsConversion && checked.planCheck?.matchedPlanCode == "QH-BK-01")
            #expect(checked.planCheck?.checkedBy == "anonymous" && checked.planCheck?.checkedAt != nil)
            await expectFailure(.failedPrecondition, "status") {
                _ = try await client.moveSite(
                    APIMoveSiteRequest(operator: "viettel", code: "BKN001", status: .locationChecked))
            }
            // Converted to a camouflaged mast: saving keeps the old check, a new check conforms.
            _ = try await client.saveSite(
                APISaveSiteRequest(requestID: "s2", site: wireSite("BKN001", 22.1472, 105.8342, mast: .a1B)))
            _ = try await client.checkSite(APICheckSiteRequest(operator: "viettel", code: "BKN001"))
            let moved = try await client.moveSite(
                APIMoveSiteRequest(operator: "viettel", code: "BKN001", status: .locationChecked))
            #expect(moved.status == .locationChecked && moved.planCheck?.outcome == .conforming)
        }
    }

    @Test func aZoneBeyondThePlansVerticesIsRefusedByNameAndTheRestStays() async throws {
        var limits = InfrastructurePlan.Limits()
        limits.vertices = 10
        try await withTelecom(planLimits: limits) { client, _ in
            func zone(_ code: String, _ latitudes: [Double]) -> APISavePlanZoneRequest {
                APISavePlanZoneRequest(
                    zone: APIPlanZone(
                        code: code,
                        vertices: latitudes.enumerated().map {
                            CommonAPI.GeoPoint(latitude: $0.element, longitude: 105.8 + 0.01 * Double($0.offset % 2))
                        }))
            }
            _ = try await client.savePlanZone(zone("VUNG-1", [22.10, 22.10, 22.11, 22.12]))
            _ = try await client.savePlanZone(zone("VUNG-2", [22.20, 22.20, 22.21, 22.22, 22.23]))
            await expectFailure(.failedPrecondition, "vertices") {
                _ = try await client.savePlanZone(zone("VUNG-3", [22.30, 22.30, 22.31]))
            }
            await expectFailure(.invalidArgument, "code") {
                _ = try await client.savePlanZone(zone(String(repeating: "V", count: 65), [22.3, 22.3, 22.31]))
            }
            let plan = try await client.getPlan(APIGetPlanRequest())
            #expect(plan.zones.map(\.code) == ["VUNG-1", "VUNG-2"] && plan.zones.map(\.vertices.count) == [4, 5])
        }
    }

    @Test func aPlanAtItsLimitsIsOneAnswer() {
        // Every planned site and zone code at its longest, every mast class allowed everywhere.
        let limits = InfrastructurePlan.Limits()
        let code = { (index: Int) in String(repeating: "Q", count: 58) + String(format: "%06d", index) }
        let classes = Set(BTSSite.MastClass.allCases)
        let perZone = limits.vertices / limits.zones
        let plan = InfrastructurePlan(
            sites: (0..<limits.plannedSites).map {
                .init(
                    code: code($0), position: point(22.1, 105.8 + Double($0) * 1e-5), radiusMetres: 10_000,
                    allowedMastClasses: classes)
            },
            zones: (0..<limits.zones).map { index in
                .init(
                    code: code(index),
                    area: GeoPolygon(
                        (0..<perZone).map { point(22.1 + Double($0) * 1e-4, 105.8 + Double(index) * 1e-3) })!,
                    allowedMastClasses: classes)
            })
        #expect(plan.wire.serializedSize() < 3 << 20)
    }

    @Test func sitesAreListedByOperatorStatusTechnologyAndWords() async throws {
        try await withTelecom { client, _ in
            _ = try await client.saveSite(APISaveSiteRequest(requestID: "a", site: wireSite("BKN001", 22.15, 105.83)))
            _ = try await client.saveSite(
                APISaveSiteRequest(requestID: "b", site: wireSite("VNP-7", 22.16, 105.84, operator: "VNPT")))
            var third = wireSite("MBF-2", 22.17, 105.85, operator: "mobifone", unit: "06.060.02")
            third.technologies = [APISiteTechnology(technology: ._3G, switchedOn: Date(year: 2016, month: 1, day: 1))]
            _ = try await client.saveSite(APISaveSiteRequest(requestID: "c", site: third))
            #expect(try await client.listSites(APIListSitesRequest(operator: "vnpt")).sites.map(\.code) == ["VNP-7"])
            #expect(try await client.listSites(APIListSitesRequest(technology: ._3G)).sites.map(\.code) == ["MBF-2"])
            #expect(try await client.listSites(APIListSitesRequest(unitCode: "06.058")).page?.totalSize == 2)
            #expect(try await client.listSites(APIListSitesRequest(query: "duc xuan")).page?.totalSize == 3)
            await expectFailure(.notFound, "code") {
                _ = try await client.getSite(APIGetSiteRequest(operator: "viettel", code: "NONE"))
            }
        }
    }

    @Test func badSitesNameTheFieldAndChangeNothing() async throws {
        try await withTelecom { client, _ in
            await expectFailure(.invalidArgument, "position") {
                _ = try await client.saveSite(APISaveSiteRequest(requestID: "x", site: wireSite("X", 105.83, 22.15)))
            }
            await expectFailure(.invalidArgument, "operator") {
                _ = try await client.saveSite(
                    APISaveSiteRequest(requestID: "x", site: wireSite("X", 22.15, 105.83, operator: "telco-x")))
            }
            await expectFailure(.invalidArgument, "mast_class") {
                _ = try await client.saveSite(
                    APISaveSiteRequest(requestID: "x", site: wireSite("X", 22.15, 105.83, mast: .unspecified)))
            }
            await expectFailure(.invalidArgument, "unit_code") {
                _ = try await client.saveSite(
                    APISaveSiteRequest(requestID: "x", site: wireSite("X", 22.15, 105.83, unit: "99")))
            }
            await expectFailure(.invalidArgument, "length_km") {
                _ = try await client.saveCableSegment(
                    APISaveCableSegmentRequest(
                        segment: APICableSegment(code: "C", operator: "vnpt", unitCode: "06.058", lengthKm: -1)))
            }
            let sites = try await client.listSites(APIListSitesRequest())
            let segments = try await client.listCableSegments(APIListCableSegmentsRequest())
            #expect(sites.sites.isEmpty && segments.segments.isEmpty)
        }
    }

    /// A search longer than any an officer types is refused by name, before a row is compared
    /// with it; 60,000 characters is past the pattern size SQLite itself refuses.
    @Test(arguments: [201, 60_000]) func everySearchableListRefusesAnOversizedQuery(length: Int) async throws {
        let query = String(repeating: "ạ", count: length)
        try await withTelecom { client, _ in
            var sites = APIListSitesRequest()
            sites.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listSites(sites) }
            var villages = APIListVillagesRequest()
            villages.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listVillages(villages) }
            var points = APIListPostalPointsRequest()
            points.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listPostalPoints(points) }
            sites.query = String(query.prefix(200))
            let found = try await client.listSites(sites)
            #expect(found.sites.isEmpty)
        }
    }
}

struct ImportProviderTests {
    static let sites = """
        operator,code,unit_code,address,latitude,longitude,technologies,mast_class,mast_height_m,tenants,status
        viettel,BKN001,06.058.01,"Tổ 1, Đức Xuân",22.147,105.834,2G:2012-05-01;4G:2019-03-01,A2a,36,vnpt,on_air
        vnpt,VNP-01,06.058.02,,22.152,105.840,3G:2015-01-01;4G:2020-06-01,A1b,20,,on_air
        mobifone,MBF-01,06.060.01,,105.8,22.1,4G:2021-01-01,A2a,30,,on_air
        telco-x,X-01,06.058.01,,22.15,105.83,4G,A2a,30,,proposed
        viettel,BKN002,06.058.03,,22.16,105.85,4G:2020-13-01,A2a,30,,on_air
        viettel,BKN003,06.061.01,,22.40,105.60,2G:2010-01-01,A2b,42,,on_air

        """

    @Test func anOperatorsSiteListImportsWithLineNumbersAndARerunAddsNothing() async throws {
        try await withTelecom { client, _ in
            let first = try await client.importSites(requests: send(Self.sites)).message
            #expect(first.rows == 6 && first.added == 3 && first.refused == 3)
            #expect(
                first.problems.map { "\($0.line):\($0.field)" } == ["4:latitude", "5:operator", "6:technologies"],
                "\(first.problems)")
            let again = try await client.importSites(requests: send(Self.sites, chunk: 13)).message
            #expect(again.added == 0 && again.unchanged == 3)
            let exported = try await client.exportSites(APIExportRequest()) { try await Self.text(of: $0) }
            // The export reads back as the same sites.
            let round = try await client.importSites(requests: send(exported)).message
            #expect(round.unchanged == 3 && round.added == 0 && round.problemsTotal == 0, "\(round.problems)")
        }
    }

    /// The exports read their registers a page at a time: over several pages (and a last page
    /// that is exactly full) every site and village comes once, in order, and reads back as the
    /// same records.
    @Test(arguments: [TelecomProvider.exportPageSize * 2, TelecomProvider.exportPageSize * 2 + 3])
    func anExportOverSeveralPagesHoldsEveryRecordOnceInOrder(count: Int) async throws {
        try await withTelecom { client, _ in
            var sites = TelecomCSV.siteColumns.joined(separator: ",") + "\n"
            var villages = TelecomCSV.villageColumns.joined(separator: ",") + "\n"
            var siteKeys: [String] = []
            var villageCodes: [String] = []
            for index in 0..<count {
                let (operatorCode, code) = (["mobifone", "viettel", "vnpt"][index % 3], "S\(1_000_000 + index)")
                sites += "\(operatorCode),\(code),06.058.01,,22.147,105.834,4G:2019-03-01,A2a,30,,on_air,\n"
                siteKeys.append("\(operatorCode),\(code)")
                let village = "06.058.01.v\(count - index)"
                villages += "\(village),06.058.01,Bản \(index),22.4,105.6,100,20,mountainous,no,\n"
                villageCodes.append(village)
            }
            #expect(try await client.importSites(requests: send(sites, chunk: 60_000)).message.added == Int64(count))
            #expect(
                try await client.importVillages(requests: send(villages, chunk: 60_000)).message.added == Int64(count))
            let exportedSites = try await client.exportSites(APIExportRequest()) { try await Self.text(of: $0) }
            let exportedVillages = try await client.exportVillages(APIExportRequest()) { try await Self.text(of: $0) }
            #expect(Self.keys(exportedSites, columns: 2).elementsEqual(siteKeys.sorted()))
            #expect(Self.keys(exportedVillages, columns: 1).elementsEqual(villageCodes.sorted()))
            let sitesAgain = try await client.importSites(requests: send(exportedSites, chunk: 60_000)).message
            #expect(sitesAgain.unchanged == Int64(count) && sitesAgain.added == 0 && sitesAgain.problemsTotal == 0)
            let villagesAgain = try await client.importVillages(requests: send(exportedVillages, chunk: 60_000))
                .message
            #expect(
                villagesAgain.unchanged == Int64(count) && villagesAgain.added == 0 && villagesAgain.problemsTotal == 0)
        }
    }

    static func text(of responses: ClientResponseStream<APIExportResponse>) async throws -> String {
        var bytes: [UInt8] = []
        for try await response in responses { bytes += response.data }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Each exported record's first `columns` cells, after the header. Lines end in CRLF, which
    /// is one Character in Swift.
    static func keys(_ csv: String, columns: Int) -> [String] {
        csv.split(whereSeparator: \.isNewline).dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).prefix(columns).joined(separator: ",")
        }
    }

    @Test func theGapsAnswerStopsBeforeItsLimitOfBytesWhateverLimitIsAsked() async throws {
        try await withTelecom { client, _ in
            // Sixty villages without a site, each named in 60,000 bytes: 3.6 MB of gaps in all.
            let name = String(repeating: "Bản Nà ", count: 6_000)
            let rows = (1...60).map {
                "06.061.01.v\($0),06.061.01,\(name)\($0),22.4,105.6,\(1_000 - $0),90,mountainous,no,"
            }
            let villages =
                "code,commune_code,name,latitude,longitude,population,households,terrain,town_centre,fibre_operators\n"
                + rows.joined(separator: "\n")
            let imported = try await client.importVillages(requests: send(villages, chunk: 65_536)).message
            #expect(
                imported.added == 60 && imported.problemsTotal == 0, "\(imported.problems.first.map { "\($0)" } ?? "")")
            let gaps = try await client.listCoverageGaps(APIListCoverageGapsRequest(ranking: .population, limit: 1_000))
            #expect(gaps.total == 60 && (40..<60).contains(gaps.gaps.count), "\(gaps.gaps.count)")
            #expect(gaps.serializedSize() <= 3 << 20)
            // Most populous first, as without the cut.
            #expect(gaps.gaps.first?.village?.code == "06.061.01.v1")
        }
    }

    @Test func coverageIsEstimatedDeclarationsOutweighItAndGapsAreRanked() async throws {
        try await withTelecom { client, _ in
            _ = try await client.importSites(requests: send(Self.sites)).message
            let villages = """
                code,commune_code,name,latitude,longitude,population,households,terrain,town_centre,fibre_operators
                06.058.01.v01,06.058.01,Tổ 1,22.148,105.835,1200,300,urban,yes,vnpt
                06.058.02.v01,06.058.02,Tổ 5,22.153,105.841,800,200,urban,no,
                06.061.01.v01,06.061.01,Bản Nà,22.401,105.601,450,90,mountainous,no,
                06.061.01.v02,06.061.01,Bản Khuổi,22.50,105.50,600,120,mountainous,no,
                """
            let imported = try await client.importVillages(requests: send(villages)).message
            #expect(imported.added == 4 && imported.problemsTotal == 0, "\(imported.problems)")
            // The villages export reads back as the same villages.
            let exportedVillages = try await client.exportVillages(APIExportRequest()) { try await Self.text(of: $0) }
            let reread = try await client.importVillages(requests: send(exportedVillages)).message
            #expect(reread.unchanged == 4 && reread.problemsTotal == 0, "\(reread.problems)")
            let estimate = try await client.estimateCoverage(APIEstimateCoverageRequest())
            #expect(estimate.sitesOnAir == 3 && estimate.villages == 4 && estimate.villagesWithoutBroadband == 2)
            // The operator says its 4G does not reach Tổ 5 after all.
            let declared = """
                village_code,operator,technology,covered,as_of
                06.058.02.v01,vnpt,4G,no,2023-03-01
                06.058.02.v01,vnpt,3G,no,2023-03-01
                06.061.01.v02,viettel,4G,maybe,2023-03-01
                """
            let declarations = try await client.importCoverageDeclarations(requests: send(declared)).message
            #expect(declarations.added == 2 && declarations.problems.first?.field == "covered")
            let tổ5 = try await client.listCoverage(
                APIListCoverageRequest(villageCode: "06.058.02.v01", effectiveOnly: true))
            #expect(tổ5.coverage.filter { $0.operator == "vnpt" }.allSatisfy { !$0.covered && $0.source == .declared })
            let gaps = try await client.listCoverageGaps(APIListCoverageGapsRequest(ranking: .population))
            // Tổ 5 still hears Viettel 4G from BKN001 (700 m away): not a gap. The two bản are.
            #expect(gaps.gaps.map { $0.village?.code ?? "" } == ["06.061.01.v02", "06.061.01.v01"])
            #expect(gaps.gaps.last?.nearestSites.first?.code == "BKN003")
            let report = try await client.exportCoverage(APIExportRequest()) { try await Self.text(of: $0) }
            let lines = report.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "village_code,operator,technology,covered,as_of,source,site_code,distance_m")
            #expect(lines.contains("06.058.02.v01,vnpt,4G,no,2023-03-01,declared,,"))
            // Estimates made again on other days add to each series: every record comes a page at a
            // time, with the total; the records that stand are as many as before.
            let standingBefore = try await client.listCoverage(APIListCoverageRequest(effectiveOnly: true))
            for month in 4...6 {
                _ = try await client.estimateCoverage(
                    APIEstimateCoverageRequest(asOf: Date(year: 2023, month: Int32(month), day: 1)))
            }
            let all = try await client.listCoverage(APIListCoverageRequest())
            let total = try #require(all.page?.totalSize)
            #expect(all.coverage.count == min(100, Int(total)) && total > 4 * Int64(estimate.covered))
            var paged: [APICoverage] = []
            var token = ""
            repeat {
                let page = try await client.listCoverage(
                    APIListCoverageRequest(page: PageRequest(pageSize: 7, pageToken: token)))
                #expect(page.coverage.count <= 7 && page.page?.totalSize == total)
                paged += page.coverage
                token = page.page?.nextPageToken ?? ""
            } while !token.isEmpty
            #expect(paged.count == Int(total))
            #expect(
                Set(
                    paged.map {
                        "\($0.villageCode)|\($0.operator)|\($0.technology)|\($0.source)|\($0.asOf.map { "\($0)" } ?? "")"
                    }
                ).count
                    == paged.count)
            let standing = try await client.listCoverage(APIListCoverageRequest(effectiveOnly: true))
            #expect(standing.page?.totalSize == standingBefore.page?.totalSize)
            #expect(standing.coverage.count == standingBefore.coverage.count)
            await expectFailure(.invalidArgument, "page.page_token") {
                _ = try await client.listCoverage(APIListCoverageRequest(page: PageRequest(pageToken: "x")))
            }
        }
    }
}

struct TelecomIndicatorTests {
    /// Data in the shape of Bắc Kạn's Q1/2023: 108 communes, 105 with a station (103 operating,
    /// 86 well, 102 IT-telecom), 100 villages of which 97 hear 3G/4G, 9 km of urban cable with 1
    /// underground, every postal point staffed.
    @Test func theQ1ReportFiguresComeFromTheirCounts() async throws {
        try await withTelecom { client, indicators in
            for index in 1...105 {
                let commune = testCommune(index)
                _ = try await client.saveRadioStation(
                    APISaveRadioStationRequest(
                        station: APIRadioStation(
                            communeCode: commune, kind: index <= 102 ? .itTelecom : .wired, loudspeakerClusters: 5,
                            connectedToProvincialSource: index <= 102)))
                let state: APIRadioState = index <= 86 ? .operatingWell : index <= 103 ? .operating : .notOperating
                _ = try await client.reportRadioState(
                    APIReportRadioStateRequest(
                        communeCode: commune,
                        report: APIRadioStateReport(on: Date(year: 2023, month: 3, day: 15), state: state)))
            }
            _ = try await client.saveSite(
                APISaveSiteRequest(requestID: "s", site: wireSite("BKN001", 22.147, 105.834)))
            _ = try await client.importSites(requests: send(ImportProviderTests.sites)).message
            var villages = "code,commune_code,latitude,longitude,terrain,town_centre\n"
            for index in 0..<100 {
                // 97 within 1 km of BKN001 (on air with 4G), 3 far away.
                let latitude = index < 97 ? 22.147 + Double(index % 10) * 0.0008 : 22.9 + Double(index) * 0.001
                villages += "V\(index),06.058.01,\(latitude),105.834,urban,\(index < 4 ? "yes" : "no")\n"
            }
            _ = try await client.importVillages(requests: send(villages)).message
            _ = try await client.estimateCoverage(APIEstimateCoverageRequest())
            for (code, km, underground) in [("C1", 1.0, true), ("C2", 5.0, false), ("C3", 3.0, false)] {
                _ = try await client.saveCableSegment(
                    APISaveCableSegmentRequest(
                        segment: APICableSegment(
                            code: code, operator: "vnpt", unitCode: "06.058.01", lengthKm: km, underground: underground,
                            urban: true)))
            }
            for index in 1...3 {
                _ = try await client.savePostalPoint(
                    APISavePostalPointRequest(
                        point: APIPostalPoint(
                            code: "BD\(index)", name: "Điểm BĐ-VHX \(index)", kind: .communeCulturalPoint,
                            operator: "vnpost", unitCode: "06.058.0\(index)", staffed: true)))
            }
            // A point entered by mistake is deleted; the rate stays 100 % over the other three.
            _ = try await client.savePostalPoint(
                APISavePostalPointRequest(
                    point: APIPostalPoint(
                        code: "WRONG", name: "Nhầm", kind: .agent, operator: "vnpost", unitCode: "06.058.01",
                        staffed: false)))
            _ = try await client.deletePostalPoint(APIDeleteRecordRequest(code: "WRONG"))
            let values = try await indicators.computeIndicators(
                ComputeIndicatorsRequest(period: Period(kind: .quarter, year: 2023, index: 1))
            ).values
            let byCode = Dictionary(uniqueKeysWithValues: values.map { ($0.code, $0) })
            func rounded(_ code: String) -> Double? { byCode[code]?.value.map { ($0 * 10).rounded() / 10 } }
            #expect(byCode["telecom.communes_with_operating_radio"]?.value == 103)
            // Over all 108 communes, the three without a station included: 86/108 and 102/108.
            #expect(rounded("telecom.radio_operating_well_rate") == 79.6)
            #expect(rounded("telecom.radio_it_telecom_rate") == 94.4)
            #expect(rounded("telecom.village_broadband_coverage") == 97)
            #expect(byCode["telecom.town_centre_5g_coverage"]?.value == 0)
            #expect(rounded("telecom.urban_underground_ratio") == 11.1)
            #expect(byCode["telecom.staffed_postal_point_rate"]?.value == 100)
            // BKN001 (saved, then on air by the import), VNP-01 and BKN003; only BKN001 has Viettel 4G.
            #expect(byCode["telecom.sites_on_air"]?.value == 3)
            #expect(byCode["telecom.sites_on_air.viettel.4g"]?.value == 1)
            // A quarter before the reports: no station has a state yet, and the note says so.
            let earlier = try await indicators.computeIndicators(
                ComputeIndicatorsRequest(
                    codes: ["telecom.communes_with_operating_radio"],
                    period: Period(kind: .quarter, year: 2022, index: 4))
            ).values[0]
            #expect(earlier.value == 0 && earlier.note.contains("105"))
        }
    }

    /// Two stations in one commune, one of them decommissioned mid-quarter, and a station installed
    /// after the quarter: each quarter counts the stations in force on its last day, per commune.
    @Test func radioIndicatorsCountCommunesWithStationsInForce() async throws {
        try await withTelecom(today: day("2023-12-31")) { client, indicators in
            let commune = testCommune(1)
            func save(
                _ code: String, _ kind: APIRadioKind, from: CommonAPI.Date?, until: CommonAPI.Date? = nil
            ) async throws {
                _ = try await client.saveRadioStation(
                    APISaveRadioStationRequest(
                        station: APIRadioStation(
                            communeCode: commune, kind: kind, loudspeakerClusters: 3,
                            connectedToProvincialSource: kind == .itTelecom, code: code, installedOn: from,
                            decommissionedOn: until)))
            }
            try await save("OLD", .wired, from: nil, until: Date(year: 2023, month: 5, day: 15))
            try await save("NEW", .itTelecom, from: Date(year: 2023, month: 5, day: 15))
            // On 1 March only OLD is in force (NEW starts in May): a report naming the commune finds it.
            _ = try await client.reportRadioState(
                APIReportRadioStateRequest(
                    communeCode: commune,
                    report: APIRadioStateReport(on: Date(year: 2023, month: 3, day: 1), state: .operatingWell)))
            try await save("SECOND", .fmWireless, from: Date(year: 2023, month: 1, day: 1))
            // Now the commune has two stations in force in March: the report must name one.
            await expectFailure(.invalidArgument, "station_code") {
                _ = try await client.reportRadioState(
                    APIReportRadioStateRequest(
                        communeCode: commune,
                        report: APIRadioStateReport(on: Date(year: 2023, month: 3, day: 20), state: .operating)))
            }
            _ = try await client.reportRadioState(
                APIReportRadioStateRequest(
                    report: APIRadioStateReport(on: Date(year: 2023, month: 3, day: 20), state: .operatingWell),
                    stationCode: "SECOND"))
            _ = try await client.reportRadioState(
                APIReportRadioStateRequest(
                    report: APIRadioStateReport(on: Date(year: 2023, month: 6, day: 1), state: .notOperating),
                    stationCode: "NEW"))
            await expectFailure(.failedPrecondition, "report.on") {  // OLD is gone by July
                _ = try await client.reportRadioState(
                    APIReportRadioStateRequest(
                        report: APIRadioStateReport(on: Date(year: 2023, month: 7, day: 1), state: .operating),
                        stationCode: "OLD"))
            }
            await expectFailure(.notFound, "station_code") {
                _ = try await client.reportRadioState(
                    APIReportRadioStateRequest(
                        report: APIRadioStateReport(on: Date(year: 2023, month: 7, day: 1), state: .operating),
                        stationCode: "NOPE"))
            }
            // SECOND has reported: its kind is part of past figures.
            await expectFailure(.failedPrecondition, "kind") {
                try await save("SECOND", .itTelecom, from: Date(year: 2023, month: 1, day: 1))
            }
            func values(_ quarter: Int32) async throws -> [String: Double] {
                try await figures(
                    indicators,
                    [
                        "telecom.communes_with_operating_radio", "telecom.radio_operating_well_rate",
                        "telecom.radio_it_telecom_rate",
                    ], quarter: quarter)
            }
            // Q1 (31 March): OLD (wired, well) and SECOND (FM, well) in force: the commune counts once;
            // no IT-telecom station yet. Of 108 communes: 1 operating, 1/108 well, 0 IT.
            let first = try await values(1)
            #expect(first["telecom.communes_with_operating_radio"] == 1)
            #expect(abs((first["telecom.radio_operating_well_rate"] ?? 0) - 100.0 / 108) < 1e-9)
            #expect(first["telecom.radio_it_telecom_rate"] == 0)
            // Q2 (30 June): OLD decommissioned, NEW (IT, not operating) and SECOND (well) in force.
            let second = try await values(2)
            #expect(second["telecom.communes_with_operating_radio"] == 1)
            #expect(abs((second["telecom.radio_it_telecom_rate"] ?? 0) - 100.0 / 108) < 1e-9)
            // The list as of a day shows the stations in force that day.
            let march = try await client.listRadioStations(
                APIListRadioStationsRequest(asOf: Date(year: 2023, month: 3, day: 31))
            ).stations
            #expect(Set(march.map(\.code)) == ["OLD", "SECOND"])
        }
    }

    /// A station that has reported for years: a list carries only the report that gives its
    /// state on the day asked, with the count of all; the reports themselves come a page at a
    /// time, newest first. Stations page by commune and code, and the state filter counts right.
    @Test func aStationsReportsComeAPageAtATimeAndAListCarriesTheLatest() async throws {
        try await withTelecom(today: day("2023-12-31")) { client, _ in
            for (index, code) in ["A", "B", "C"].enumerated() {
                _ = try await client.saveRadioStation(
                    APISaveRadioStationRequest(
                        station: APIRadioStation(
                            communeCode: testCommune(index + 1), kind: .wired, loudspeakerClusters: 2, code: code)))
            }
            let states: [APIRadioState] = [.operatingWell, .operating, .notOperating, .operating, .operatingWell]
            var answered: APIRadioStation?
            for (month, state) in zip([1, 3, 5, 7, 9], states) {
                answered = try await client.reportRadioState(
                    APIReportRadioStateRequest(
                        report: APIRadioStateReport(
                            on: Date(year: 2023, month: Int32(month), day: 1), state: state, note: "tháng \(month)"),
                        stationCode: "A"))
            }
            #expect(answered?.reports.map(\.note) == ["tháng 9"] && answered?.reportCount == 5)
            _ = try await client.reportRadioState(
                APIReportRadioStateRequest(
                    report: APIRadioStateReport(on: Date(year: 2023, month: 6, day: 1), state: .notOperating),
                    stationCode: "B"))

            // In June, A's state is May's report; B reported on 1 June; C never has.
            let june = try await client.listRadioStations(
                APIListRadioStationsRequest(asOf: Date(year: 2023, month: 6, day: 15), page: PageRequest(pageSize: 2)))
            #expect(june.stations.map(\.code) == ["A", "B"] && june.page?.totalSize == 3)
            #expect(june.stations.map { $0.reports.map(\.note) } == [["tháng 5"], [""]])
            #expect(june.stations.map(\.reportCount) == [5, 1])
            let rest = try await client.listRadioStations(
                APIListRadioStationsRequest(
                    asOf: Date(year: 2023, month: 6, day: 15),
                    page: PageRequest(pageSize: 2, pageToken: june.page?.nextPageToken ?? "")))
            #expect(rest.stations.map(\.code) == ["C"] && rest.stations.first?.reports == [])
            #expect(rest.page?.nextPageToken == "")
            let down = try await client.listRadioStations(
                APIListRadioStationsRequest(state: .notOperating, asOf: Date(year: 2023, month: 6, day: 15)))
            #expect(down.stations.map(\.code) == ["A", "B"] && down.page?.totalSize == 2)
            let before = try await client.listRadioStations(
                APIListRadioStationsRequest(asOf: Date(year: 2022, month: 12, day: 31)))
            #expect(before.stations.allSatisfy { $0.reports.isEmpty })

            let first = try await client.listRadioStateReports(
                APIListRadioStateReportsRequest(stationCode: "A", page: PageRequest(pageSize: 2)))
            #expect(first.reports.map(\.note) == ["tháng 9", "tháng 7"] && first.page?.totalSize == 5)
            // The answer names its station, with the latest report of all, as a list gives it.
            #expect(first.station?.code == "A" && first.station?.reportCount == 5)
            #expect(first.station?.reports.map(\.note) == ["tháng 9"] && first.station?.communeCode != "")
            var notes = first.reports.map(\.note)
            var token = first.page?.nextPageToken ?? ""
            while !token.isEmpty {
                let next = try await client.listRadioStateReports(
                    APIListRadioStateReportsRequest(stationCode: "A", page: PageRequest(pageSize: 2, pageToken: token)))
                notes += next.reports.map(\.note)
                token = next.page?.nextPageToken ?? ""
            }
            #expect(notes == ["tháng 9", "tháng 7", "tháng 5", "tháng 3", "tháng 1"])
            let none = try await client.listRadioStateReports(APIListRadioStateReportsRequest(stationCode: "C"))
            #expect(none.reports.isEmpty && none.page?.totalSize == 0 && none.station?.code == "C")
            await expectFailure(.notFound, "station_code") {
                _ = try await client.listRadioStateReports(APIListRadioStateReportsRequest(stationCode: "NONE"))
            }
            await expectFailure(.invalidArgument, "station_code") {
                _ = try await client.listRadioStateReports(APIListRadioStateReportsRequest())
            }
            // A report before the last stays refused, and changes nothing.
            await expectFailure(.invalidArgument, "on") {
                _ = try await client.reportRadioState(
                    APIReportRadioStateRequest(
                        report: APIRadioStateReport(on: Date(year: 2023, month: 8, day: 1), state: .operating),
                        stationCode: "A"))
            }
            let after = try await client.listRadioStateReports(APIListRadioStateReportsRequest(stationCode: "A"))
            #expect(after.page?.totalSize == 5)
        }
    }
}

struct TelecomSchemaTests {
    @Test func stationsRecordedOnePerCommuneKeepTheCommuneAsTheirCode() async throws {
        try await withUpgradedDatabase(named: "telecom", migrations: TelecomSchema.migrations, from: 2) { sql in
            try await sql.raw(
                """
                INSERT INTO radio_stations (commune_code, kind, loudspeaker_clusters, connected, reports_json)
                VALUES ('06.058.01', 'itTelecom', 4, 1, '[{"note":"","on":"2023-03-15","state":"operatingWell"},
                    {"note":"mất điện","on":"2023-05-02","state":"notOperating"}]')
                """
            ).run()
        } after: { upgraded in
            let store = InfrastructureStore(database: upgraded, operators: .defaults)
            let stations = try await store.stations(inForceOn: day("2023-03-31")).rows
            #expect(stations.map(\.station.code) == ["06.058.01"] && stations.first?.station.communeCode == "06.058.01")
            #expect(stations.first?.station.state(on: day("2023-03-31")) == .operatingWell)
            #expect(stations.first?.station.isInForce(on: day("2020-01-01")) == true)
            // The reports kept in the station's row became rows of their own (telecom migration 7).
            #expect(stations.first?.reportCount == 2)
            let reports = try await store.reports(station: "06.058.01", limit: 10, offset: 0)
            #expect(reports?.reports.map(\.note) == ["mất điện", ""] && reports?.total == 2)
            let june = try await store.stations(inForceOn: day("2023-06-30")).rows
            #expect(june.first?.station.state(on: day("2023-06-30")) == .notOperating)
        }
    }
}

struct InfrastructureValidityTests {
    /// A point closed mid-quarter, one opened later, and a cable replaced mid-quarter: each quarter
    /// reads the register as it stood on its last day.
    /// Each page of the cable list carries what its whole match counts (segments and kilometres),
    /// a page past the end too, while only the page's segments travel.
    @Test func cablePagesCarryTheKilometresOfTheirWholeMatch() async throws {
        try await withTelecom(today: day("2023-12-31")) { client, _ in
            for index in 1...7 {
                _ = try await client.saveCableSegment(
                    APISaveCableSegmentRequest(
                        segment: APICableSegment(
                            code: "C\(index)", operator: index == 7 ? "viettel" : "vnpt",
                            unitCode: index <= 5 ? "06.058.01" : "06.058.02", lengthKm: Double(index),
                            underground: index % 2 == 0, urban: true,
                            removedOn: index == 1 ? Date(year: 2023, month: 2, day: 10) : nil)))
            }
            for size: Int32 in [1, 2, 3, 50] {
                var sums: Set<[Double]> = []
                let (codes, totals) = try await everyPage(size: size) { page in
                    let found = try await client.listCableSegments(
                        APIListCableSegmentsRequest(unitCode: "06.058.01", page: page))
                    sums.insert([found.totalKm, found.undergroundKm])
                    return (found.segments.map(\.code), found.page)
                }
                #expect(
                    codes == ["C1", "C2", "C3", "C4", "C5"] && totals == [5] && sums == [[15, 6]], "pages of \(size)")
            }
            let past = try await client.listCableSegments(
                APIListCableSegmentsRequest(page: PageRequest(pageSize: 5, pageToken: "100")))
            #expect(past.segments.isEmpty && past.page == PageInfo(totalSize: 7))
            #expect(past.totalKm == 28 && past.undergroundKm == 12)
            let inMarch = try await client.listCableSegments(
                APIListCableSegmentsRequest(operator: "VNPT", asOf: Date(year: 2023, month: 3, day: 1)))
            #expect(inMarch.segments.map(\.code) == ["C2", "C3", "C4", "C5", "C6"])
            #expect(inMarch.totalKm == 20 && inMarch.undergroundKm == 12)
            let none = try await client.listCableSegments(APIListCableSegmentsRequest(operator: "mobifone"))
            #expect(none.segments.isEmpty && none.page == PageInfo(totalSize: 0))
            #expect(none.totalKm == 0 && none.undergroundKm == 0)
        }
    }

    @Test func pointsAndCablesCountWhileTheyAreInService() async throws {
        try await withTelecom(today: day("2023-12-31")) { client, indicators in
            func point(
                _ code: String, staffed: Bool, opened: CommonAPI.Date? = nil, closed: CommonAPI.Date? = nil
            )
                async throws
            {
                _ = try await client.savePostalPoint(
                    APISavePostalPointRequest(
                        point: APIPostalPoint(
                            code: code, name: "Điểm \(code)", kind: .communeCulturalPoint, operator: "vnpost",
                            unitCode: "06.058.01", staffed: staffed, openedOn: opened, closedOn: closed)))
            }
            try await point("A", staffed: true)
            try await point("B", staffed: false, closed: Date(year: 2023, month: 2, day: 15))
            try await point("C", staffed: false, opened: Date(year: 2023, month: 5, day: 1))
            func cable(
                _ code: String, km: Double, underground: Bool, from: CommonAPI.Date? = nil,
                removed: CommonAPI.Date? = nil
            ) async throws {
                _ = try await client.saveCableSegment(
                    APISaveCableSegmentRequest(
                        segment: APICableSegment(
                            code: code, operator: "vnpt", unitCode: "06.058.01", lengthKm: km, underground: underground,
                            urban: true, inServiceFrom: from, removedOn: removed)))
            }
            // C1 (overhead) is replaced by C2 (underground) on 10 February 2023.
            try await cable("C1", km: 4, underground: false, removed: Date(year: 2023, month: 2, day: 10))
            try await cable("C2", km: 4, underground: true, from: Date(year: 2023, month: 2, day: 10))
            try await cable("C3", km: 1, underground: true)
            func values(_ year: Int32, _ quarter: Int32) async throws -> [String: Double] {
                try await figures(
                    indicators, ["telecom.staffed_postal_point_rate", "telecom.urban_underground_ratio"], year: year,
                    quarter: quarter)
            }
            // Q4/2022: A and B open (1 of 2 staffed); C1 and C3 in service (1 of 5 km underground).
            #expect(
                try await values(2022, 4) == [
                    "telecom.staffed_postal_point_rate": 50, "telecom.urban_underground_ratio": 20,
                ])
            // Q1/2023: B closed, C not yet open; C2 replaced C1.
            #expect(
                try await values(2023, 1) == [
                    "telecom.staffed_postal_point_rate": 100, "telecom.urban_underground_ratio": 100,
                ])
            // Q2/2023: C opened.
            #expect(try await values(2023, 2)["telecom.staffed_postal_point_rate"] == 50)
            let open = try await client.listPostalPoints(
                APIListPostalPointsRequest(asOf: Date(year: 2023, month: 3, day: 31))
            ).points
            #expect(open.map(\.code) == ["A"])
            #expect(try await client.listPostalPoints(APIListPostalPointsRequest()).points.count == 3)
            let cables = try await client.listCableSegments(
                APIListCableSegmentsRequest(asOf: Date(year: 2023, month: 2, day: 9)))
            #expect(cables.segments.map(\.code) == ["C1", "C3"] && cables.totalKm == 5 && cables.undergroundKm == 1)
            // Past figures counted A as staffed and C1 as overhead: those are not edited in place.
            await expectFailure(.failedPrecondition, "staffed") { try await point("A", staffed: false) }
            await expectFailure(.failedPrecondition, "underground") {
                try await cable("C1", km: 4, underground: true, removed: Date(year: 2023, month: 2, day: 10))
            }
            // Closing a point is a date, not an edit: allowed.
            try await point("A", staffed: true, closed: Date(year: 2023, month: 12, day: 1))
            await expectFailure(.invalidArgument, "removed_on") {
                try await cable(
                    "BAD", km: 1, underground: true, from: Date(year: 2023, month: 3, day: 1),
                    removed: Date(year: 2023, month: 3, day: 1))
            }
        }
    }
}

struct SiteAndCoverageHistoryTests {
    /// A technology switched off, a site decommissioned after the quarter, and an operator that
    /// declares a village covered and later not: each quarter reads what stood on its last day.
    @Test func pastQuartersReadSitesAndDeclarationsAsTheyWere() async throws {
        try await withTelecom(today: day("2023-12-31")) { client, indicators in
            let sites = """
                operator,code,unit_code,address,latitude,longitude,technologies,mast_class,mast_height_m,tenants,status
                viettel,S1,06.058.01,,22.147,105.834,3G:2020-01-01:2023-02-01;4G:2022-01-01,A2a,36,,on_air
                vnpt,S2,06.058.02,,22.152,105.840,4G:2022-06-01,A1b,20,,on_air
                """
            let imported = try await client.importSites(requests: send(sites)).message
            #expect(imported.added == 2, "\(imported.problems)")
            // S2 is switched off for good ten days after the quarter closed.
            let moved = try await client.moveSite(
                APIMoveSiteRequest(
                    operator: "vnpt", code: "S2", status: .decommissioned, on: Date(year: 2023, month: 4, day: 10)))
            #expect(moved.decommissionedOn == Date(year: 2023, month: 4, day: 10))
            // Saving its description again keeps the day.
            var again = moved
            again.address = "Tổ 2"
            #expect(
                try await client.saveSite(APISaveSiteRequest(requestID: "again", site: again)).decommissionedOn
                    == Date(year: 2023, month: 4, day: 10))
            func onAir(_ year: Int32, _ quarter: Int32) async throws -> [String: Double] {
                try await figures(
                    indicators, ["telecom.sites_on_air", "telecom.sites_on_air.viettel.3g"], year: year,
                    quarter: quarter)
            }
            #expect(try await onAir(2022, 4) == ["telecom.sites_on_air": 2, "telecom.sites_on_air.viettel.3g": 1])
            #expect(try await onAir(2023, 1) == ["telecom.sites_on_air": 2, "telecom.sites_on_air.viettel.3g": 0])
            #expect(try await onAir(2023, 2)["telecom.sites_on_air"] == 1)
            await expectFailure(.invalidArgument, "technologies.switched_off") {
                var site = wireSite("BAD", 22.147, 105.834)
                site.technologies = [
                    APISiteTechnology(technology: ._4G, switchedOff: Date(year: 2023, month: 1, day: 1))
                ]
                _ = try await client.saveSite(APISaveSiteRequest(requestID: "bad", site: site))
            }

            _ = try await client.importVillages(
                requests: send(
                    "code,commune_code,latitude,longitude,terrain,town_centre\nV1,06.058.01,22.9,105.834,urban,no\n"))
            let declared = """
                village_code,operator,technology,covered,as_of
                V1,vnpt,4G,yes,2023-01-15
                V1,vnpt,4G,no,2023-05-02
                """
            #expect(try await client.importCoverageDeclarations(requests: send(declared)).message.added == 2)
            // The same file again adds nothing; the older declaration is history, not replaced.
            #expect(try await client.importCoverageDeclarations(requests: send(declared)).message.unchanged == 2)
            func broadband(_ quarter: Int32) async throws -> Double? {
                try await figures(indicators, ["telecom.village_broadband_coverage"], quarter: quarter).values.first
            }
            #expect(try await broadband(1) == 100)
            #expect(try await broadband(2) == 0)
            func gaps(on date: CommonAPI.Date) async throws -> [String] {
                try await client.listCoverageGaps(APIListCoverageGapsRequest(ranking: .population, asOf: date))
                    .gaps.compactMap { $0.village?.code }
            }
            #expect(try await gaps(on: Date(year: 2023, month: 3, day: 31)).isEmpty)
            #expect(try await gaps(on: Date(year: 2023, month: 6, day: 30)) == ["V1"])
        }
    }
}
