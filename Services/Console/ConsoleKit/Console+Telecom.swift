import CommonAPI
import Foundation
import Hummingbird
import RPCCore
import TelecomAPI

/// The post and telecom team's pages: base stations against the plan, coverage gaps ranked by
/// the people they leave out, radio stations with their state reports, Wi-Fi leases with a
/// month's acceptance, and the sites register imported from a CSV file.
extension Console {
    static let sitePageSize = 50
    static let radioPageSize = 100

    func telecomClient(_ session: Session) -> APITelecomService.Client {
        APITelecomService.Client(Upstreams.client(upstreams.telecom, as: session.credential))
    }

    /// Unit names from the registry the telecom service keeps, for the communes its pages show.
    func unitNames(_ session: Session) -> UnitNames {
        UnitNames(
            client: AdminUnitsService.Client(Upstreams.client(upstreams.telecom, as: session.credential)),
            options: callOptions())
    }

    /// Base stations: search (code and address, diacritics ignored), operator and status filters,
    /// pages; each with the last plan check's outcome and the nearest planned site.
    func telecomSites(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "telecom", request, context)
        let query = FormData(request.uri.query ?? "")
        let text = String(query.trimmed("q").prefix(200))
        let operatorCode = String(query.trimmed("operator").prefix(40)).lowercased()
        let status = Words.siteStatuses.first { $0.1 == query["status"] }
        let after = String(query["sau"].prefix(200))
        // The mobile networks by name; an operator an administrator added stays choosable by its code.
        var operators = Words.mobileOperators.map { ($0, $0, Words.operatorName($0)) }
        if !operatorCode.isEmpty, !operators.contains(where: { $0.1 == operatorCode }) {
            operators.append((operatorCode, operatorCode, operatorCode))
        }
        let values: [String: Any] = [
            "query": text,
            "operators": Self.choices(operators, selected: operatorCode.isEmpty ? nil : operatorCode),
            "mayEdit": session.may("editor", in: "telecom"),
            "csrf": sessions.csrfToken(for: session),
            "statuses": Self.choices(Words.siteStatuses, selected: status?.1), "total": "0",
        ]
        return await listPage("sites", title: "Trạm thu phát sóng", nav: "Telecom", context: context, values: values) {
            values in
            let response = try await telecomClient(session).listSites(
                APIListSitesRequest(
                    query: text, operator: operatorCode, status: status?.0 ?? .unspecified,
                    page: PageRequest(pageSize: Int32(Self.sitePageSize), pageToken: after)),
                options: callOptions())
            values["rows"] = response.sites.map(Self.siteRow)
            values["total"] = Words.count(response.page?.totalSize ?? Int64(response.sites.count))
            if let next = response.page?.nextPageToken, !next.isEmpty {
                var parts = ["sau=" + Self.queryValue(next)]
                if !text.isEmpty { parts.append("q=" + Self.queryValue(text)) }
                if !operatorCode.isEmpty { parts.append("operator=" + Self.queryValue(operatorCode)) }
                if let status { parts.append("status=\(status.1)") }
                values["next"] = "/vien-thong?" + parts.joined(separator: "&")
            }
            if !after.isEmpty { values["first"] = "/vien-thong" }
        }
    }

    static func siteRow(_ site: APISite) -> [String: Any] {
        [
            "operator": Words.operatorName(site.operator), "code": site.code, "address": site.address,
            "unit": site.unitCode,
            "link": "/vien-thong/tram/\(pathSegment(site.operator))/\(pathSegment(site.code))",
            "status": Words.siteStatus(site.status),
            "technologies": site.technologies.filter { $0.switchedOff == nil }.map { Words.technology($0.technology) }
                .joined(separator: ", "),
            "outcome": Words.outcome(site.planCheck),
            "conforming": site.planCheck?.outcome == .conforming,
            "nearest": site.planCheck.map { check in
                check.nearestPlannedSite.isEmpty
                    ? "" : "\(check.nearestPlannedSite) (\(Words.distance(check.nearestDistanceM)))"
            } ?? "",
        ]
    }

    /// One site, its plan check in full, and (for editors) the check run again.
    func telecomSite(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "telecom", request, context)
        let operatorCode = Self.pathParameter(context, "operator")
        let code = Self.pathParameter(context, "code")
        do {
            let site = try await telecomClient(session).getSite(
                APIGetSiteRequest(operator: operatorCode, code: code), options: callOptions())
            var values = Self.siteRow(site)
            if let name = await unitNames(session).names(of: [site.unitCode])[site.unitCode] {
                values["unit"] = "\(name) (\(site.unitCode))"
            }
            values["csrf"] = sessions.csrfToken(for: session)
            values["mayEdit"] = session.may("editor", in: "telecom")
            values["mast"] = site.mastHeightM > 0 ? "\(Words.decimal(site.mastHeightM)) m" : ""
            values["tenants"] = site.tenants.joined(separator: ", ")
            if let position = site.position {
                values["position"] = String(format: "%.5f, %.5f", position.latitude, position.longitude)
            }
            if let check = site.planCheck {
                values["checkedBy"] = check.checkedBy
                values["matched"] = check.matchedPlanCode
                if let at = check.checkedAt {
                    let date = Foundation.Date(timeIntervalSince1970: TimeInterval(at.seconds))
                    values["checkedAt"] = Self.vietnamTime(date)
                }
            }
            values["technologyRows"] = site.technologies.map { entry -> [String: Any] in
                [
                    "technology": Words.technology(entry.technology), "on": Words.date(entry.switchedOn),
                    "off": Words.date(entry.switchedOff),
                ]
            }
            return page(
                "site", title: "Trạm \(site.code)", values: values, context: context, nav: "Telecom")
        } catch {
            return message(
                "Không mở được trạm", RefusalText(error).message, back: "/vien-thong", context: context,
                status: Self.status(of: error))
        }
    }

    func checkSite(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("editor", in: "telecom", request, context, back: "/vien-thong")
        try checkForm(try await FormData.read(request, limit: 16 << 10), session)
        let operatorCode = Self.pathParameter(context, "operator")
        let code = Self.pathParameter(context, "code")
        let back = "/vien-thong/tram/\(Self.pathSegment(operatorCode))/\(Self.pathSegment(code))"
        do {
            _ = try await telecomClient(session).checkSite(
                APICheckSiteRequest(operator: operatorCode, code: code), options: callOptions())
            return Self.redirect(back + "?da-doi-chieu=1")
        } catch {
            return message(
                "Không đối chiếu được", RefusalText(error).message, back: back, context: context,
                status: Self.status(of: error))
        }
    }

    /// Villages no operator covers, the most people first (or households), with the sites nearest.
    func coverageGaps(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "telecom", request, context)
        let query = FormData(request.uri.query ?? "")
        let byHouseholds = query["xep"] == "ho"
        let unit = String(query.trimmed("unit").prefix(UnitNames.maximumNameCharacters + 1))
        var values: [String: Any] = ["unit": unit, "byHouseholds": byHouseholds, "byPopulation": !byHouseholds]
        let units = unitNames(session)
        let suggested = await units.choices()
        values["unitOptions"] = suggested.map { ["name": $0.name, "code": $0.code] }
        let choice = await units.choose(unit)
        if let chosen = choice.chosen { values["unitChosen"] = chosen }
        if let refusal = choice.refusal {
            values["unitError"] = refusal
            values["rows"] = [[String: Any]]()
            return page(
                "gaps", title: "Vùng lõm sóng", values: values, context: context, nav: "Telecom", status: .badRequest)
        }
        return await listPage("gaps", title: "Vùng lõm sóng", nav: "Telecom", context: context, values: values) {
            values in
            let response = try await telecomClient(session).listCoverageGaps(
                APIListCoverageGapsRequest(
                    ranking: byHouseholds ? .households : .population, unitCode: choice.code, limit: 200),
                options: callOptions())
            values["total"] = Words.count(response.total)
            let communes = await units.names(
                of: response.gaps.compactMap { $0.village?.communeCode }, known: suggested)
            values["rows"] = response.gaps.enumerated().map { index, gap -> [String: Any] in
                let village = gap.village ?? APIVillage()
                return [
                    "rank": index + 1, "name": village.name, "code": village.code,
                    "commune": communes[village.communeCode] ?? village.communeCode,
                    "population": Words.count(village.population), "households": Words.count(village.households),
                    "nearest": gap.nearestSites.prefix(3).map { "\($0.code) (\(Words.distance($0.distanceM)))" }
                        .joined(separator: "; "),
                ]
            }
        }
    }

    /// Commune radio stations, each with its latest state report and how many there are, a page
    /// at a time.
    func radioStations(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "telecom", request, context)
        let query = FormData(request.uri.query ?? "")
        let state = Words.radioStates.first { $0.1 == query["state"] }
        let after = String(query["sau"].prefix(200))
        let values: [String: Any] = ["states": Self.choices(Words.radioStates, selected: state?.1), "total": "0"]
        return await listPage(
            "radio", title: "Đài truyền thanh cơ sở", nav: "Telecom", context: context, values: values
        ) { values in
            let response = try await telecomClient(session).listRadioStations(
                APIListRadioStationsRequest(
                    state: state?.0 ?? .unspecified,
                    page: PageRequest(pageSize: Int32(Self.radioPageSize), pageToken: after)),
                options: callOptions())
            values["total"] = Words.count(response.page?.totalSize ?? Int64(response.stations.count))
            let communes = await unitNames(session).names(of: response.stations.map(\.communeCode))
            values["rows"] = response.stations.map { station -> [String: Any] in
                let latest = station.reports.last
                return [
                    "code": station.code, "commune": communes[station.communeCode] ?? station.communeCode,
                    "link": "/vien-thong/truyen-thanh/\(Self.pathSegment(station.code))",
                    "kind": Words.radioKind(station.kind),
                    "clusters": station.loudspeakerClusters,
                    "connected": station.connectedToProvincialSource ? "Có" : "Không",
                    "state": latest.map { Words.radioState($0.state) } ?? "Chưa báo cáo",
                    "reportedOn": Words.date(latest?.on), "note": latest?.note ?? "",
                    "reports": station.reportCount,
                    "down": latest?.state == .notOperating,
                ]
            }
            values.merge(
                Self.pager(
                    "/vien-thong/truyen-thanh", [("state", state?.1 ?? "")], after: after,
                    next: response.page?.nextPageToken)
            ) { $1 }
        }
    }

    /// One station's state reports, newest first, a page at a time.
    func radioStation(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "telecom", request, context)
        let code = Self.pathParameter(context, "code")
        let after = String(FormData(request.uri.query ?? "")["sau"].prefix(200))
        let values: [String: Any] = ["code": code, "total": "0"]
        return await listPage(
            "radioStation", title: "Đài truyền thanh \(code)", nav: "Telecom", context: context, values: values
        ) { values in
            let response = try await telecomClient(session).listRadioStateReports(
                APIListRadioStateReportsRequest(
                    stationCode: code, page: PageRequest(pageSize: Int32(Self.radioPageSize), pageToken: after)),
                options: callOptions())
            values["total"] = Words.count(response.page?.totalSize ?? Int64(response.reports.count))
            if let station = response.station {
                let communes = await unitNames(session).names(of: [station.communeCode])
                let latest = station.reports.last
                values["station"] = [
                    "commune": communes[station.communeCode] ?? station.communeCode,
                    "kind": Words.radioKind(station.kind),
                    "clusters": station.loudspeakerClusters,
                    "connected": station.connectedToProvincialSource ? "Có" : "Không",
                    "state": latest.map { Words.radioState($0.state) } ?? "Chưa báo cáo",
                    "down": latest?.state == .notOperating,
                ]
            }
            values["rows"] = response.reports.map { report -> [String: Any] in
                [
                    "on": Words.date(report.on), "state": Words.radioState(report.state), "note": report.note,
                    "down": report.state == .notOperating,
                ]
            }
            values.merge(
                Self.pager(
                    "/vien-thong/truyen-thanh/\(Self.pathSegment(code))", [], after: after,
                    next: response.page?.nextPageToken)
            ) { $1 }
        }
    }

    /// The Wi-Fi leases, and one lease's month accepted: each hotspot's fee, the SLA deduction its
    /// uptime and bandwidth cost, and what is payable.
    func wifi(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "telecom", request, context)
        let query = FormData(request.uri.query ?? "")
        let client = telecomClient(session)
        var values: [String: Any] = [
            "lease": query["lease"], "year": query["year"], "month": query["month"],
        ]
        var fieldErrors: [String: String] = [:]
        do {
            let leases = try await PageRequest.all { page in
                let found = try await client.listWifiLeases(
                    APIListWifiLeasesRequest(page: page), options: callOptions())
                return (found.leases, found.page)
            }
            values["leases"] = leases.map { lease -> [String: Any] in
                [
                    "contract": lease.contractNumber, "provider": lease.provider, "start": Words.date(lease.start),
                    "end": Words.date(lease.end), "fee": Words.money(lease.monthlyFeePerHotspotVnd),
                    "uptime": "\(Words.decimal(lease.minimumUptimePercent))%",
                    "bandwidth": "\(Words.decimal(lease.minimumBandwidthMbps)) Mbps",
                    "places": lease.unitCodes.count,
                    "selected": lease.contractNumber == query["lease"],
                ]
            }
            if !query["lease"].isEmpty {
                let year = Int32(query.trimmed("year"))
                let month = Int32(query.trimmed("month"))
                if year == nil || !(2000...2100).contains(year ?? 0) {
                    fieldErrors["year"] = "Năm: nhập năm bốn chữ số, từ 2000 đến 2100."
                }
                if month == nil || !(1...12).contains(month ?? 0) {
                    fieldErrors["month"] = "Tháng: nhập số từ 1 đến 12."
                }
                if fieldErrors.isEmpty, let year, let month {
                    let acceptance = try await client.getWifiAcceptance(
                        APIGetWifiAcceptanceRequest(leaseContract: query["lease"], year: year, month: month),
                        options: callOptions())
                    values["acceptance"] = [
                        "contract": acceptance.leaseContract, "period": "\(acceptance.month)/\(acceptance.year)",
                        "fee": Words.money(acceptance.feeVnd), "deduction": Words.money(acceptance.deductionVnd),
                        "payable": Words.money(acceptance.payableVnd),
                        "lines": acceptance.lines.map { line -> [String: Any] in
                            [
                                "hotspot": line.hotspotCode, "fee": Words.money(line.feeVnd),
                                "deduction": Words.money(line.deductionVnd), "payable": Words.money(line.payableVnd),
                                "uptime": line.report.map { "\(Words.decimal($0.uptimePercent))%" } ?? "",
                                "bandwidth": line.report.map { "\(Words.decimal($0.averageBandwidthMbps)) Mbps" } ?? "",
                                "note": line.note, "deducted": line.deductionVnd > 0,
                            ]
                        },
                    ]
                }
            }
            for (field, text) in fieldErrors { values["\(field)Error"] = text }
            return page(
                "wifi", title: "Wi-Fi công cộng", values: values, context: context, nav: "Telecom",
                status: fieldErrors.isEmpty ? .ok : .badRequest)
        } catch {
            if values["leases"] == nil { values["leases"] = [[String: Any]]() }
            let refusal = RefusalText(error)
            // The service names the field it refused: show it beside that field.
            if let field = refusal.field, ["year", "month"].contains(field) {
                values["\(field)Error"] = refusal.message
            }
            return page(
                "wifi", title: "Wi-Fi công cộng", values: values, context: context, nav: "Telecom",
                error: refusal.message, status: Self.status(of: error))
        }
    }

    func sitesImportForm(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("editor", in: "telecom", request, context, back: "/vien-thong")
        return page(
            "sites-import", title: "Nhập trạm thu phát sóng", values: ["csrf": sessions.csrfToken(for: session)],
            context: context, nav: "Telecom")
    }

    /// Sends the file to the telecom service's import; every refused line is shown with its field
    /// and reason. A dry run checks the file and writes nothing.
    func importSites(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("editor", in: "telecom", request, context, back: "/vien-thong")
        let form: MultipartForm
        do {
            form = try await MultipartForm.read(request, limit: Self.importLimit)
        } catch let refused as MultipartForm.Refused {
            return message(
                "Không nhập được", "Tệp không hợp lệ: \(refused.reason).", back: "/vien-thong/nhap", context: context,
                status: .badRequest)
        }
        guard sessions.checkCSRF(form.fields["csrf"] ?? "", for: session) else { throw FormRefused() }
        var values: [String: Any] = ["csrf": sessions.csrfToken(for: session)]
        guard let file = form.files["file"], !file.isEmpty else {
            return page(
                "sites-import", title: "Nhập trạm thu phát sóng", values: values, context: context, nav: "Telecom",
                error: "Chọn một tệp CSV để nhập.", status: .badRequest)
        }
        let dryRun = form.fields["dryRun"] == "1"
        do {
            let response = try await telecomClient(session).importSites(
                options: CallOptions(timeout: .seconds(600), compression: .gzip)
            ) { writer in
                var offset = 0
                repeat {
                    let end = min(offset + (256 << 10), file.count)
                    try await writer.write(APIImportRequest(data: Array(file[offset..<end]), dryRun: dryRun))
                    offset = end
                } while offset < file.count
            }.message
            values["result"] = [
                "rows": response.rows, "added": response.added, "updated": response.updated,
                "unchanged": response.unchanged, "refused": response.refused, "dryRun": response.dryRun,
                "problems": response.problems.map { ["line": $0.line, "field": $0.field, "reason": $0.reason] },
                "hasProblems": !response.problems.isEmpty,
                "more": response.problemsTotal > Int64(response.problems.count),
            ]
            return page(
                "sites-import", title: "Nhập trạm thu phát sóng", values: values, context: context, nav: "Telecom",
                notice: response.refused == 0 ? "Đã đọc xong tệp." : nil,
                error: response.refused > 0 ? "Có dòng bị từ chối; xem bảng dưới đây." : nil)
        } catch {
            return page(
                "sites-import", title: "Nhập trạm thu phát sóng", values: values, context: context, nav: "Telecom",
                error: RefusalText(error).message, status: Self.status(of: error))
        }
    }

    /// A value for a query string: everything but letters and digits escaped.
    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    /// A value for one segment of a path: site codes keep their dashes and dots readable.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// A path parameter as it was before escaping (the router hands it over escaped).
    static func pathParameter(_ context: ConsoleContext, _ name: String) -> String {
        let raw = context.parameters.get(name) ?? ""
        return String((raw.removingPercentEncoding ?? raw).prefix(200))
    }

    /// "14:05 ngày 03/12/2026", in Vietnam's time (UTC+7, no daylight saving).
    static func vietnamTime(_ date: Foundation.Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600) ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value ?? 0)" }
        return "\(two(parts.hour)):\(two(parts.minute)) ngày \(two(parts.day))/\(two(parts.month))/\(parts.year ?? 0)"
    }
}
