import CommonAPI
import Foundation
import RPCCore
import ServiceStorage

/// `dic.common.v1.ServiceAdmin`, which every service hosts: backups of the live database and what
/// is running.
public struct ServiceAdminProvider: ServiceAdminService.ServiceProtocol {
    let service: String
    let version: String
    let database: Database
    let backupDirectory: String
    let startedAt: Foundation.Date

    public init(service: String, version: String, database: Database, dataDirectory: String, startedAt: Foundation.Date)
    {
        self.service = service
        self.version = version
        self.database = database
        self.backupDirectory = dataDirectory + "/backups"
        self.startedAt = startedAt
    }

    public func backup(_ request: BackupRequest, context: ServerContext) async throws -> BackupResponse {
        let now = Foundation.Date()
        let name = request.name.isEmpty ? "\(service)-\(Self.stamp(now)).sqlite" : request.name
        guard name.utf8.count <= 128, !name.hasPrefix("."),
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") })
        else {
            throw RPCError(
                .invalidArgument, "name: letters, digits, '.', '-' and '_' only, at most 128, not starting with '.'")
        }
        let path = backupDirectory + "/" + name
        guard !FileManager.default.fileExists(atPath: path) else {
            throw RPCError(.alreadyExists, "name: a backup called '\(name)' already exists")
        }
        try FileManager.default.createDirectory(atPath: backupDirectory, withIntermediateDirectories: true)
        try await database.backup(to: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return BackupResponse(path: path, sizeBytes: Int64(size), takenAt: Self.timestamp(now))
    }

    public func getServiceInfo(
        _ request: ServiceInfoRequest, context: ServerContext
    ) async throws -> ServiceInfoResponse {
        let versions = try await database.schemaVersions().mapValues(Int64.init)
        return ServiceInfoResponse(
            service: service, version: version, schemaVersions: versions, startedAt: Self.timestamp(startedAt))
    }

    static func timestamp(_ date: Foundation.Date) -> Timestamp {
        let seconds = date.timeIntervalSince1970
        return Timestamp(seconds: Int64(seconds.rounded(.down)), nanos: Int32((seconds - seconds.rounded(.down)) * 1e9))
    }

    static func stamp(_ date: Foundation.Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.omitted).time(includingFractionalSeconds: false)
                .timeSeparator(.omitted))
    }
}
