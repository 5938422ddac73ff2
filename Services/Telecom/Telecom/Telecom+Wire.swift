import AdminUnits
import CalendarDates
import CommonAPI
import Geo
import ProtoWire
import RequestRules
import TelecomAPI
import TelecomDomain

// Translation between the domain types and the dic.telecom.v1 messages. UNSPECIFIED (or a value
// from a newer client) is refused by field name.

extension Technology {
    init(wire: APITechnology, field: String) throws(TelecomError) {
        switch wire {
        case ._2G: self = .g2
        case ._3G: self = .g3
        case ._4G: self = .g4
        case ._5G: self = .g5
        case .unspecified, .unrecognized: throw .invalid(field, "required: 2G, 3G, 4G or 5G")
        }
    }

    var wire: APITechnology {
        switch self {
        case .g2: ._2G
        case .g3: ._3G
        case .g4: ._4G
        case .g5: ._5G
        }
    }
}

extension BTSSite.MastClass {
    init(wire: APIMastClass, field: String) throws(TelecomError) {
        switch wire {
        case .a1A: self = .a1a
        case .a1B: self = .a1b
        case .a2A: self = .a2a
        case .a2B: self = .a2b
        case .unspecified, .unrecognized: throw .invalid(field, "required: A1a, A1b, A2a or A2b")
        }
    }

    var wire: APIMastClass {
        switch self {
        case .a1a: .a1A
        case .a1b: .a1B
        case .a2a: .a2A
        case .a2b: .a2B
        }
    }
}

extension BTSSite.Status: WireNamed {}
extension PlanCheck.Outcome: WireNamed {}
extension Village.Terrain: WireNamed {}
extension CoverageRecord.Source: WireNamed {}
extension RadioStation.Kind: WireNamed {}
extension RadioStation.State: WireNamed {}
extension PostalPoint.Kind: WireNamed {}

extension Geo.GeoPoint {
    init(wire: CommonAPI.GeoPoint?, field: String) throws(TelecomError) {
        guard let wire else { throw .invalid(field, "required") }
        guard let point = Geo.GeoPoint(latitude: wire.latitude, longitude: wire.longitude) else {
            throw .invalid(field, "\(wire.latitude),\(wire.longitude) is not a position")
        }
        self = point
    }

    var wire: CommonAPI.GeoPoint { CommonAPI.GeoPoint(latitude: latitude, longitude: longitude) }
}

extension InfrastructurePlan {
    var wire: APIPlan {
        APIPlan(
            sites: sites.map {
                APIPlannedSite(
                    code: $0.code, position: $0.position.wire, radiusM: $0.radiusMetres,
                    allowedMastClasses: $0.allowedMastClasses.sorted { $0.rawValue < $1.rawValue }.map(\.wire))
            },
            zones: zones.map {
                APIPlanZone(
                    code: $0.code, vertices: $0.area.vertices.map(\.wire),
                    allowedMastClasses: $0.allowedMastClasses.sorted { $0.rawValue < $1.rawValue }.map(\.wire))
            })
    }
}

extension BTSSite {
    init(wire: APISite?) throws(TelecomError) {
        guard let wire else { throw .invalid("site", "required") }
        var technologies: [Technology: CalendarDate?] = [:]
        var switchedOff: [Technology: CalendarDate] = [:]
        for item in wire.technologies {
            let technology = try Technology(wire: item.technology, field: "technologies")
            guard technologies[technology] == nil else {
                throw .invalid("technologies", "\(technology.rawValue) appears twice")
            }
            technologies[technology] = try CalendarDate.optional(item.switchedOn, field: "technologies.switched_on")
            switchedOff[technology] = try CalendarDate.optional(item.switchedOff, field: "technologies.switched_off")
        }
        self.init(
            code: wire.code, operatorCode: wire.`operator`, unitCode: wire.unitCode, address: wire.address,
            position: try Geo.GeoPoint(wire: wire.position, field: "position"), technologies: technologies,
            mastClass: try MastClass(wire: wire.mastClass, field: "mast_class"), mastHeightMetres: wire.mastHeightM,
            tenants: wire.tenants,
            status: try Status(filter: wire.status, field: "status") ?? .proposed)
        self.switchedOff = switchedOff
    }

    var wire: APISite {
        APISite(
            code: code, operator: operatorCode, unitCode: unitCode, address: address, position: position.wire,
            technologies: technologies.sorted { $0.key < $1.key }.map {
                APISiteTechnology(
                    technology: $0.key.wire, switchedOn: $0.value?.proto, switchedOff: switchedOff[$0.key]?.proto)
            },
            mastClass: mastClass.wire, mastHeightM: mastHeightMetres, tenants: tenants, status: status.wire(),
            planCheck: planCheck.map {
                APIPlanCheck(
                    outcome: $0.finding.outcome.wire(), matchedPlanCode: $0.finding.matchedPlanCode,
                    nearestPlannedSite: $0.finding.nearestPlannedSite,
                    nearestDistanceM: $0.finding.nearestDistanceMetres ?? 0, checkedBy: $0.checkedBy,
                    checkedAt: Timestamp(
                        seconds: $0.checkedAtMilliseconds / 1000,
                        nanos: Int32($0.checkedAtMilliseconds % 1000) * 1_000_000))
            }, decommissionedOn: decommissionedOn?.proto)
    }
}

extension Village {
    var wire: APIVillage {
        APIVillage(
            code: code, communeCode: communeCode, name: name, position: position.wire, population: Int64(population),
            households: Int64(households), terrain: terrain.wire(), townCentre: isTownCentre,
            fibreOperators: fibreOperators)
    }
}

extension CoverageRecord {
    var wire: APICoverage {
        APICoverage(
            villageCode: villageCode, operator: operatorCode, technology: technology.wire, covered: covered,
            source: source.wire(), asOf: asOf.proto, siteCode: siteCode, distanceM: distanceMetres ?? 0)
    }
}

extension RadioStation {
    init(wire: APIRadioStation?) throws(TelecomError) {
        guard let wire else { throw .invalid("station", "required") }
        self.init(
            code: wire.code, communeCode: wire.communeCode, kind: try Kind(wire: wire.kind, field: "kind"),
            loudspeakerClusters: Int(wire.loudspeakerClusters),
            connectedToProvincialSource: wire.connectedToProvincialSource,
            installedOn: try CalendarDate.optional(wire.installedOn, field: "station.installed_on"),
            decommissionedOn: try CalendarDate.optional(wire.decommissionedOn, field: "station.decommissioned_on"))
    }

}

extension RadioStation.StateReport {
    var wire: APIRadioStateReport { APIRadioStateReport(on: on.proto, state: state.wire(), note: note) }
}

extension RadioStationListing {
    var wire: APIRadioStation {
        APIRadioStation(
            communeCode: station.communeCode, kind: station.kind.wire(),
            loudspeakerClusters: Int32(clamping: station.loudspeakerClusters),
            connectedToProvincialSource: station.connectedToProvincialSource, reports: station.reports.map(\.wire),
            code: station.code, installedOn: station.installedOn?.proto,
            decommissionedOn: station.decommissionedOn?.proto, reportCount: Int32(clamping: reportCount))
    }
}

extension PostalPoint {
    init(wire: APIPostalPoint?) throws(TelecomError) {
        guard let wire else { throw .invalid("point", "required") }
        self.init(
            code: wire.code, name: wire.name, kind: try Kind(wire: wire.kind, field: "kind"),
            operatorCode: wire.`operator`, unitCode: wire.unitCode, staffed: wire.staffed,
            handlesDossiers: wire.handlesDossiers,
            validity: Validity(
                from: try CalendarDate.optional(wire.openedOn, field: "point.opened_on"),
                until: try CalendarDate.optional(wire.closedOn, field: "point.closed_on")))
    }

    var wire: APIPostalPoint {
        APIPostalPoint(
            code: code, name: name, kind: kind.wire(), operator: operatorCode, unitCode: unitCode, staffed: staffed,
            handlesDossiers: handlesDossiers, openedOn: validity.from?.proto, closedOn: validity.until?.proto)
    }
}

extension CableSegment {
    init(wire: APICableSegment?) throws(TelecomError) {
        guard let wire else { throw .invalid("segment", "required") }
        self.init(
            code: wire.code, operatorCode: wire.`operator`, unitCode: wire.unitCode, lengthKm: wire.lengthKm,
            underground: wire.underground, urban: wire.urban,
            validity: Validity(
                from: try CalendarDate.optional(wire.inServiceFrom, field: "segment.in_service_from"),
                until: try CalendarDate.optional(wire.removedOn, field: "segment.removed_on")))
    }

    var wire: APICableSegment {
        APICableSegment(
            code: code, operator: operatorCode, unitCode: unitCode, lengthKm: lengthKm, underground: underground,
            urban: urban, inServiceFrom: validity.from?.proto, removedOn: validity.until?.proto)
    }
}
