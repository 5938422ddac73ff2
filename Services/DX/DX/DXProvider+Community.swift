import AdminUnits
import CalendarDates
import CommonAPI
import DXAPI
import DXDomain
import RPCCore

// Community digital teams, cashless markets, DTI results.
extension DXProvider {
    /// A unit and every unit inside it today; refuses a code the registry does not know.
    func unitsWithin(_ code: String, field: String = "unit_code") throws -> [String] {
        guard !code.isEmpty else { return [] }
        let units = registry()
        guard units.unit(code) != nil else { throw DXError.invalid(field, "no administrative unit '\(code)'") }
        return units.codes(within: code, on: today())
    }

    public func saveDigitalTeam(
        _ request: APISaveDigitalTeamRequest, context: ServerContext
    ) async throws -> APIDigitalTeam {
        guard let wire = request.team else { throw DXError.invalid("team", "required") }
        guard registry().unit(wire.unitCode) != nil else {
            throw DXError.invalid("unit_code", "no administrative unit '\(wire.unitCode)'")
        }
        try await community.save(
            DigitalTeam(
                unitCode: wire.unitCode, foundingDecision: wire.foundingDecision,
                foundedOn: try CalendarDate.optional(wire.foundedOn, field: "founded_on"),
                members: wire.members.map { .init(name: $0.name, role: $0.role) }))
        return wire
    }

    public func listDigitalTeams(
        _ request: APIListDigitalTeamsRequest, context: ServerContext
    ) async throws -> APIListDigitalTeamsResponse {
        let window = try PageWindow(request.page)
        let teams = try await community.teams(unitCodes: try unitsWithin(request.unitCode))
        let (page, info) = window.fitting(
            window.slice(teams).map { team in
                APIDigitalTeam(
                    unitCode: team.unitCode, foundingDecision: team.foundingDecision, foundedOn: team.foundedOn?.proto,
                    members: team.members.map { APITeamMember(name: $0.name, role: $0.role) })
            }, total: teams.count)
        return APIListDigitalTeamsResponse(
            teams: page, page: info, members: Int64(teams.map(\.members.count).reduce(0, +)))
    }

    public func saveCashlessMarket(
        _ request: APISaveCashlessMarketRequest, context: ServerContext
    ) async throws -> APICashlessMarket {
        guard let wire = request.market else { throw DXError.invalid("market", "required") }
        guard registry().unit(wire.unitCode) != nil else {
            throw DXError.invalid("unit_code", "no administrative unit '\(wire.unitCode)'")
        }
        try await community.save(
            CashlessMarket(
                code: wire.code, name: wire.name, unitCode: wire.unitCode, traders: Int(wire.traders),
                tradersAcceptingQR: Int(wire.tradersAcceptingQr), productsListedOnline: Int(wire.productsListedOnline),
                asOf: try CalendarDate.required(wire.asOf, field: "as_of")))
        return wire
    }

    public func listCashlessMarkets(
        _ request: APIListCashlessMarketsRequest, context: ServerContext
    ) async throws -> APIListCashlessMarketsResponse {
        let window = try PageWindow(request.page)
        let markets = try await community.markets(unitCodes: try unitsWithin(request.unitCode))
        let (page, info) = window.fitting(
            window.slice(markets).map {
                APICashlessMarket(
                    code: $0.code, name: $0.name, unitCode: $0.unitCode, traders: Int32(clamping: $0.traders),
                    tradersAcceptingQr: Int32(clamping: $0.tradersAcceptingQR),
                    productsListedOnline: Int32(clamping: $0.productsListedOnline), asOf: $0.asOf.proto)
            }, total: markets.count)
        return APIListCashlessMarketsResponse(markets: page, page: info)
    }

    public func saveDtiResult(_ request: APISaveDtiResultRequest, context: ServerContext) async throws -> APIDtiResult {
        guard let wire = request.result else { throw DXError.invalid("result", "required") }
        try await community.save(
            DTIResult(
                year: Int(wire.year), pillar: wire.pillar, score: wire.score,
                rank: wire.rank == 0 ? nil : Int(wire.rank)))
        return wire
    }

    public func listDtiResults(
        _ request: APIListDtiResultsRequest, context: ServerContext
    ) async throws -> APIListDtiResultsResponse {
        let window = try PageWindow(request.page)
        let results = try await community.dtiResults(year: Int(request.year))
        let (page, info) = window.fitting(
            window.slice(results).map {
                APIDtiResult(year: Int32($0.year), pillar: $0.pillar, score: $0.score, rank: Int32($0.rank ?? 0))
            }, total: results.count)
        return APIListDtiResultsResponse(results: page, page: info)
    }
}
