import AdminUnits
import Aggregator
import CalendarDates
import CommonAPI
import DX
import DXAPI
import DXDomain
import Foundation
import Indicators
import Licensing
import LicensingAPI
import Logging
import RPCCore
import RPCInProcess
import Report
import ServiceStorage
import ServiceTesting
import Telecom
import TelecomAPI
import Testing

/// A province of our own making, not Bắc Kạn: its own units, its own registers, its Q1/2023 report;
/// then the registers change after the quarter (a licence revoked, a station decommissioned and
/// another installed, a point closed, a cable laid, a site switched off, new coverage declared, a
/// task finished) and the report of the same quarter, built again, is the same report. The figures
/// are checked against values worked out by hand, in the comments.
struct FictionalProvinceReportTests {
    /// Tỉnh Thử Nghiệm (99): one district, four communes, four villages.
    static let units = """
        code,official_code,name,level,parent_code,valid_from,valid_to,placeholder,source
        99,99,Tỉnh Thử Nghiệm,province,,2015-01-01,,false,test
        99.001,,Huyện Núi,district,99,2015-01-01,,false,test
        99.001.01,,Xã An,commune,99.001,2015-01-01,,false,test
        99.001.02,,Xã Bình,commune,99.001,2015-01-01,,false,test
        99.001.03,,Xã Cao,commune,99.001,2015-01-01,,false,test
        99.001.04,,Thị trấn Đồng,commune,99.001,2015-01-01,,false,test
        99.001.01.01,,Thôn Một,village,99.001.01,2015-01-01,,false,test
        99.001.02.01,,Thôn Hai,village,99.001.02,2015-01-01,,false,test
        99.001.03.01,,Thôn Ba,village,99.001.03,2015-01-01,,false,test
        99.001.04.01,,Tổ Bốn,village,99.001.04,2015-01-01,,false,test
        """

    /// The licence register: 01/GP is issued in 2022 and again, to another publisher, in 2023
    /// (numbers restart each year); a website licence is suspended in March.
    static let register = """
        kind,number,action,effective_on,valid_until,decision_number,requested_on,holder_name,holder_tax_code,domains,responsible_person,server_in_vietnam,title,pages,print_run
        non_commercial_publication,01/GP,issue,2022-05-10,,01/GP,,Hội Văn học,,,,,Tuyển tập,80,500
        non_commercial_publication,01/GP,issue,2023-02-01,,01/GP,,Hội Nông dân,,,,,Kỷ yếu,120,300
        website,05/GP-TTĐT,issue,2021-06-01,2031-06-01,05/GP-TTĐT,,Báo Thử,0100000000,baothu.vn,Trần Văn B,yes,,,
        website,05/GP-TTĐT,suspend,2023-03-10,,12/QĐ-XP,,,,,,,,,

        """

    static let now = Foundation.Date(timeIntervalSince1970: 1_688_083_200)  // 30 June 2023, 00:00 UTC

    @Test func aPastQuarterIsTheSameReportAfterTheRegistersChange() async throws {
        try await withProvince { sources, telecom, indicators, licensing, dx in
            try await loadFirstQuarter(telecom: telecom, licensing: licensing)
            let letterheads = LetterheadHistory.bacKan.overriding(
                authority: "UBND TỈNH THỬ NGHIỆM", place: "Thử Nghiệm")
            let builder = QuarterlyReportBuilder(sources: sources, letterheads: letterheads)
            let first = try await builder.build(year: 2023, quarter: 1, now: Self.now)
            let sitesBefore = try await sitesOnAir(indicators)

            try await changeAfterTheQuarter(telecom: telecom, licensing: licensing, dx: dx)
            let second = try await builder.build(year: 2023, quarter: 1, now: Self.now)

            #expect(first == second)
            // The same bytes in every format the department files.
            #expect(MarkdownRenderer.render(first) == MarkdownRenderer.render(second))
            #expect(HTMLRenderer.render(first) == HTMLRenderer.render(second))
            #expect(try JSONRenderer.render(first) == JSONRenderer.render(second))
            #expect(try DOCXRenderer.render(first) == DOCXRenderer.render(second))
            #expect(first.header.authority == "UBND TỈNH THỬ NGHIỆM")
            #expect(try await sitesOnAir(indicators) == sitesBefore)
            // Q1 by hand, from the registers as they stood on 31 March 2023:
            // - sites broadcasting: S1 and S2 (S2 is decommissioned on 20 April) = 2.
            #expect(sitesBefore == 2)
            let rows = Dictionary(uniqueKeysWithValues: first.kpis.map { ($0.name, $0) })
            // - radio: stations in force A1 (IT, well), A2 (wired, operating), B1 (wired, well),
            //   C1 (FM, not operating); B2 comes in May, D has none. Communes operating: An, Bình = 2.
            #expect(rows["Số xã, phường có trạm truyền thanh cơ sở hoạt động"]?.result == "2")
            // - operating well: An, Bình = 2 of 4 communes = 50 %.
            #expect(rows["Tỷ lệ xã, phường có trạm truyền thanh cơ sở hoạt động tốt"]?.result == "50")
            // - IT-telecom: An (A1) = 1 of 4 = 25 %.
            #expect(
                rows["Tỷ lệ xã, phường, thị trấn có đài truyền thanh ứng dụng công nghệ thông tin và viễn thông"]?
                    .result
                    == "25")
            // - urban cable in service: K2 (3 km, underground, replaced K1 on 10 February) and K3
            //   (1 km, overhead) = 3 of 4 km = 75 %.
            #expect(rows["Tỷ lệ ngầm hóa mạng cáp viễn thông tại các khu đô thị trên địa bàn tỉnh"]?.result == "75")
            let licensingSection = try #require(first.sections.first { $0.key == "2.1" })
            // - licensing: the 2023 01/GP (the 2022 one is last year's), and the suspension.
            #expect(
                licensingSection.figures.first
                    == "Cấp phép 01 giấy phép xuất bản tài liệu không kinh doanh. "
                    + "Đình chỉ 01 giấy phép thiết lập trang thông tin điện tử tổng hợp.")
            // - one newsletter dossier, received Monday 20 February: 20 calendar days end on Sunday
            //   12 March, so it is due Monday 13 March, and resolved that day it is on time.
            #expect(
                licensingSection.figures.contains(
                    "Tiếp nhận 01 hồ sơ thủ tục hành chính; giải quyết 01 hồ sơ, trong đó đúng và trước hạn 01, quá hạn 00."
                ))
            // - the Q1 DX report, finished on 20 April, was still in progress at the quarter's end.
            #expect(first.tasks.first?.result == "Đang thực hiện")
        }
    }

    func sitesOnAir(_ indicators: IndicatorsService.Client) async throws -> Double? {
        try await indicators.computeIndicators(
            ComputeIndicatorsRequest(
                codes: ["telecom.sites_on_air"], period: Period(kind: .quarter, year: 2023, index: 1))
        ).values.first?.value
    }

    func loadFirstQuarter(telecom: APITelecomService.Client, licensing: APILicensingService.Client) async throws {
        let imported = try await licensing.importLicences { writer in
            try await writer.write(APIImportLicencesRequest(data: Array(Self.register.utf8)))
        }.message
        #expect(imported.licencesImported == 3, "\(imported.problems)")
        let applicant = try await licensing.createOrganisation(
            APICreateOrganisationRequest(
                requestID: "org", organisation: APIOrganisation(name: "Hội Phụ nữ", unitCode: "99.001.01")))
        _ = try await licensing.receiveDossier(
            APIReceiveDossierRequest(
                requestID: "d1", code: "D-1", procedureCode: "DIC-NEWS-ISSUE", applicantID: applicant.id,
                channel: .postal, receivedOn: Date(year: 2023, month: 2, day: 20)))
        _ = try await licensing.moveDossier(
            APIMoveDossierRequest(
                requestID: "d2", code: "D-1", status: .inProcess, on: Date(year: 2023, month: 2, day: 21)))
        _ = try await licensing.moveDossier(
            APIMoveDossierRequest(
                requestID: "d3", code: "D-1", status: .resolved, on: Date(year: 2023, month: 3, day: 13),
                resultLicence: "02/GP-BT"))

        // Two communes with two stations: An (A1, A2) now; Bình (B1 now, B2 from May, added later).
        for (code, commune, kind, state) in [
            ("A1", "99.001.01", APIRadioKind.itTelecom, APIRadioState.operatingWell),
            ("A2", "99.001.01", .wired, .operating), ("B1", "99.001.02", .wired, .operatingWell),
            ("C1", "99.001.03", .fmWireless, .notOperating),
        ] {
            _ = try await telecom.saveRadioStation(
                APISaveRadioStationRequest(
                    station: APIRadioStation(
                        communeCode: commune, kind: kind, loudspeakerClusters: 2,
                        connectedToProvincialSource: kind == .itTelecom, code: code,
                        installedOn: Date(year: 2020, month: 1, day: 1))))
            _ = try await telecom.reportRadioState(
                APIReportRadioStateRequest(
                    report: APIRadioStateReport(on: Date(year: 2023, month: 3, day: 15), state: state),
                    stationCode: code))
        }
        // P2 closes mid-quarter; P1 and P3 are staffed.
        for (code, staffed, closed) in [
            ("P1", true, nil), ("P2", false, Date(year: 2023, month: 2, day: 15)), ("P3", true, nil),
        ] as [(String, Bool, CommonAPI.Date?)] {
            _ = try await telecom.savePostalPoint(
                APISavePostalPointRequest(
                    point: APIPostalPoint(
                        code: code, name: "Điểm \(code)", kind: .communeCulturalPoint, operator: "vnpost",
                        unitCode: "99.001.01", staffed: staffed, closedOn: closed)))
        }
        // K1 (overhead) is replaced mid-quarter by K2 (underground).
        for (code, km, underground, from, removed) in [
            ("K1", 3.0, false, nil, Date(year: 2023, month: 2, day: 10)),
            ("K2", 3.0, true, Date(year: 2023, month: 2, day: 10), nil), ("K3", 1.0, false, nil, nil),
        ] as [(String, Double, Bool, CommonAPI.Date?, CommonAPI.Date?)] {
            _ = try await telecom.saveCableSegment(
                APISaveCableSegmentRequest(
                    segment: APICableSegment(
                        code: code, operator: "vnpt", unitCode: "99.001.04", lengthKm: km, underground: underground,
                        urban: true, inServiceFrom: from, removedOn: removed)))
        }
        let sites = """
            operator,code,unit_code,address,latitude,longitude,technologies,mast_class,mast_height_m,tenants,status
            viettel,S1,99.001.01,,21.5,105.5,4G:2022-01-01,A2a,30,,on_air
            vnpt,S2,99.001.02,,21.6,105.6,4G:2022-03-01,A2a,30,,on_air

            """
        let importedSites = try await telecom.importSites { writer in
            try await writer.write(APIImportRequest(data: Array(sites.utf8)))
        }.message
        #expect(importedSites.added == 2, "\(importedSites.problems)")
    }

    func changeAfterTheQuarter(
        telecom: APITelecomService.Client, licensing: APILicensingService.Client,
        dx: APIDigitalTransformationService.Client
    ) async throws {
        // The 2023 01/GP is revoked in April, and 02/GP issued in May.
        let listed = try await licensing.listLicences(APIListLicencesRequest(query: "01/GP")).licences
        let ofThisYear = try #require(listed.first { $0.issuedOn?.year == 2023 })
        _ = try await licensing.applyLicenceAction(
            APIApplyLicenceActionRequest(
                requestID: "rv", licenceID: ofThisYear.id, action: .revoke,
                effectiveOn: Date(year: 2023, month: 4, day: 15),
                decisionNumber: "20/QĐ-TH"))
        // A2 is decommissioned in April; B2 installed in May; C1 is mended in April.
        _ = try await telecom.saveRadioStation(
            APISaveRadioStationRequest(
                station: APIRadioStation(
                    communeCode: "99.001.01", kind: .wired, loudspeakerClusters: 2, connectedToProvincialSource: false,
                    code: "A2", installedOn: Date(year: 2020, month: 1, day: 1),
                    decommissionedOn: Date(year: 2023, month: 4, day: 10))))
        _ = try await telecom.saveRadioStation(
            APISaveRadioStationRequest(
                station: APIRadioStation(
                    communeCode: "99.001.02", kind: .itTelecom, loudspeakerClusters: 3,
                    connectedToProvincialSource: true,
                    code: "B2", installedOn: Date(year: 2023, month: 5, day: 1))))
        _ = try await telecom.reportRadioState(
            APIReportRadioStateRequest(
                report: APIRadioStateReport(on: Date(year: 2023, month: 5, day: 2), state: .operatingWell),
                stationCode: "B2"))
        _ = try await telecom.reportRadioState(
            APIReportRadioStateRequest(
                report: APIRadioStateReport(on: Date(year: 2023, month: 4, day: 5), state: .operatingWell),
                stationCode: "C1"))
        // P3 closes in May; K4 is laid in May.
        _ = try await telecom.savePostalPoint(
            APISavePostalPointRequest(
                point: APIPostalPoint(
                    code: "P3", name: "Điểm P3", kind: .communeCulturalPoint, operator: "vnpost", unitCode: "99.001.01",
                    staffed: true, closedOn: Date(year: 2023, month: 5, day: 1))))
        _ = try await telecom.saveCableSegment(
            APISaveCableSegmentRequest(
                segment: APICableSegment(
                    code: "K4", operator: "vnpt", unitCode: "99.001.04", lengthKm: 5, underground: false, urban: true,
                    inServiceFrom: Date(year: 2023, month: 5, day: 2))))
        // S2 is switched off for good on 20 April.
        _ = try await telecom.moveSite(
            APIMoveSiteRequest(
                operator: "vnpt", code: "S2", status: .decommissioned, on: Date(year: 2023, month: 4, day: 20)))
        // The Q1 DX report is finished on 20 April.
        let tasks = try await dx.listTasks(APIListTasksRequest(year: 2023)).tasks
        var firstReport = try #require(tasks.first)
        firstReport.completedOn = Date(year: 2023, month: 4, day: 20)
        _ = try await dx.saveTask(APISaveTaskRequest(task: firstReport))
    }

    /// The three services in process over fresh databases, with the province's units.
    func withProvince(
        _ body:
            @Sendable (
                QuarterlyReportBuilder.Sources, APITelecomService.Client, IndicatorsService.Client,
                APILicensingService.Client, APIDigitalTransformationService.Client
            ) async throws -> Void
    ) async throws {
        try await withTemporaryDatabase(
            named: "licensing", migrations: LicensingSchema.migrations + AuditLog.migrations
        ) {
            licensingDB in
            try await withTemporaryDatabase(
                named: "telecom", migrations: TelecomSchema.migrations + AuditLog.migrations
            ) {
                telecomDB in
                try await withTemporaryDatabase(
                    named: "dx", migrations: AdminUnitStore.migrations + DXSchema.migrations + AuditLog.migrations
                ) { dxDB in
                    let units = try await AdminUnitStore.open(
                        database: dxDB, logger: Logger(label: "test"), seed: .csv(Self.units, source: "test"))
                    let registry = units.registry
                    let today: @Sendable () -> CalendarDate = { CalendarDate(year: 2023, month: 6, day: 30)! }
                    var licensingRouter = RPCRouter()
                    licensingRouter.add(LicensingProvider(database: licensingDB, today: today))
                    let telecom = TelecomProvider(
                        database: telecomDB, operators: try await SiteStore.operators(in: telecomDB),
                        unitsWithin: { code, date in
                            registry.unit(code) == nil ? [] : registry.codes(within: code, on: date)
                        },
                        today: today)
                    var telecomRouter = RPCRouter()
                    telecomRouter.add(telecom)
                    telecomRouter.add(
                        IndicatorsProvider(
                            source: TelecomIndicators(
                                sites: telecom.sites, coverage: telecom.coverage,
                                infrastructure: telecom.infrastructure,
                                unitsWithin: { code, date in registry.codes(within: code, on: date) },
                                communesWithin: { code, date in
                                    registry.communes(within: code.isEmpty ? "99" : code, on: date)
                                })))
                    var dxRouter = RPCRouter()
                    dxRouter.add(DXProvider(database: dxDB, registry: { registry }, today: today))
                    let (telecomServer, dxServer) = (telecomRouter, dxRouter)
                    try await InProcessTransport.withServer(licensingRouter) { licensingRPC in
                        try await InProcessTransport.withServer(telecomServer) { telecomRPC in
                            try await InProcessTransport.withServer(dxServer) { dxRPC in
                                try await body(
                                    .init(licensing: licensingRPC, telecom: telecomRPC, dx: dxRPC),
                                    APITelecomService.Client(telecomRPC), IndicatorsService.Client(telecomRPC),
                                    APILicensingService.Client(licensingRPC),
                                    APIDigitalTransformationService.Client(dxRPC))
                            }
                        }
                    }
                }
            }
        }
    }
}
