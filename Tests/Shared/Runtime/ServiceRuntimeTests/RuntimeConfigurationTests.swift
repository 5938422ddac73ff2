import Foundation
import Logging
import Testing

@testable import ServiceRuntime

struct RuntimeConfigurationTests {
    let defaults = RuntimeConfiguration.Defaults(
        listen: HostPort(host: "127.0.0.1", port: 50051), metricsListen: HostPort(host: "127.0.0.1", port: 9051))

    func load(_ arguments: [String] = [], _ environment: [String: String] = [:]) throws -> RuntimeConfiguration {
        let source = try ConfigurationSource(
            arguments: arguments, environment: environment, keys: ConfigurationKey.runtimeKeys)
        return try RuntimeConfiguration.load(from: source, defaults: defaults)
    }

    @discardableResult
    func withFile<T>(_ json: String, _ body: (String) throws -> T) throws -> T {
        let path = NSTemporaryDirectory() + "dic-config-\(UUID().uuidString).json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(json.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @Test func defaultsApplyWhenNothingIsSet() throws {
        let configuration = try load()
        #expect(configuration.listen == defaults.listen)
        #expect(configuration.metricsListen == defaults.metricsListen)
        #expect(configuration.logFormat == .text)
        #expect(configuration.logLevel == .info)
        #expect(configuration.databasePath(service: "licensing") == "data/licensing.sqlite")
        #expect(configuration.idempotencyRetention == .seconds(7 * 86_400))
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
        try withFile(#"{"listen": "10.0.0.1:1", "logLevel": "debug", "logFormat": "json", "dataDir": "/srv/file"}"#) {
            path in
            let configuration = try load(
                ["--config", path, "--listen=0.0.0.0:7000"],
                ["DIC_LISTEN": "0.0.0.0:6000", "DIC_LOG_LEVEL": "warning"])
            #expect(configuration.listen == HostPort(host: "0.0.0.0", port: 7000))  // flag
            #expect(configuration.logLevel == .warning)  // environment over file
            #expect(configuration.logFormat == .json)  // file
            #expect(configuration.dataDirectory == "/srv/file")
        }
    }

    @Test func configFileFromTheEnvironment() throws {
        let configuration = try withFile(#"{"metricsListen": "off"}"#) { path in try load([], ["DIC_CONFIG": path]) }
        #expect(configuration.metricsListen == nil)
    }

    @Test(arguments: [
        (["DIC_LISTEN": "nope"], "DIC_LISTEN=nope (from environment): expected host:port, such as 127.0.0.1:50051"),
        (["DIC_LISTEN": "h:99999"], "DIC_LISTEN=h:99999 (from environment): the port must be a number from 0 to 65535"),
        (["DIC_LOG_FORMAT": "xml"], "DIC_LOG_FORMAT=xml (from environment): must be json or text"),
        (
            ["DIC_LOG_LEVEL": "loud"],
            "DIC_LOG_LEVEL=loud (from environment): must be trace, debug, info, notice, warning, error or critical"
        ),
        (
            ["DIC_DATABASE_URL": "mysql://x@h/d"],
            "DIC_DATABASE_URL=mysql://x@h/d (from environment): scheme 'mysql': expected sqlite, postgres or postgresql"
        ),
        (
            // The password in a refused URL is not echoed.
            ["DIC_DATABASE_URL": "postgres://dic:hunter2@db/dic?sslmode=sometimes"],
            "DIC_DATABASE_URL=postgres://dic:(not shown)@db/dic?sslmode=sometimes (from environment): "
                + "sslmode 'sometimes': expected disable, require, verify-ca, verify-full"
        ),
        (
            ["DIC_DATABASE_POOL_SIZE": "0"],
            "DIC_DATABASE_POOL_SIZE=0 (from environment): expected a whole number from 1 to 500"
        ),
        (
            ["DIC_DATABASE_STATEMENT_TIMEOUT": "-1"],
            "DIC_DATABASE_STATEMENT_TIMEOUT=-1 (from environment): expected a whole number from 1 to 86400"
        ),
        (
            // Shorter than an hour would forget ids while their clients still retry.
            ["DIC_IDEMPOTENCY_RETENTION": "60"],
            "DIC_IDEMPOTENCY_RETENTION=60 (from environment): expected a whole number from 3600 to 316224000"
        ),
        (
            // A file's contents set by mistake: shown cut, with its length; control characters escaped.
            ["DIC_LOG_FORMAT": String(repeating: "x", count: 1_000)],
            "DIC_LOG_FORMAT=\(String(repeating: "x", count: 200))… (1000 characters) (from environment): "
                + "must be json or text"
        ),
        (["DIC_LOG_FORMAT": "\u{1B}[2Jjson"], "DIC_LOG_FORMAT=\\u{1B}[2Jjson (from environment): must be json or text"),
    ])
    func badValuesNameTheKey(_ environment: [String: String], _ message: String) {
        #expect(throws: (any Error).self) { try load([], environment) }
        do {
            _ = try load([], environment)
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func badFileContentIsAnError() throws {
        try withFile(#"{"lisen": "x:1"}"#) { path in
            #expect(throws: ConfigurationError.self) { try load(["--config", path]) }
        }
        try withFile("[1, 2]") { path in
            #expect(throws: ConfigurationError.self) { try load(["--config", path]) }
        }
        #expect(throws: ConfigurationError.self) { try load(["--config", "/no/such/file.json"]) }
        // A path set by mistake to something that is not a small file is refused, not read or waited on.
        try withFile(String(repeating: " ", count: 1 << 20) + "{}") { path in
            let error = #expect(throws: ConfigurationError.self) { try load(["--config", path]) }
            #expect(error?.description.contains("larger than 1048576 bytes") == true)
        }
        let error = #expect(throws: ConfigurationError.self) { try load([], ["DIC_CONFIG": "/dev/zero"]) }
        #expect(
            error?.description == "DIC_CONFIG=/dev/zero (from environment): cannot read the file: not a regular file")
        #expect(throws: ConfigurationError.self) { try load(["--listen"]) }
    }

    @Test func aPostgresDatabaseWithItsPoolSettings() throws {
        let configuration = try load(
            ["--database-url", "postgresql://dic@db.internal:5433/licensing?sslrootcert=/etc/dic/db-ca.pem"],
            [
                "DIC_DATABASE_POOL_SIZE": "20", "DIC_DATABASE_STATEMENT_TIMEOUT": "5",
                "DIC_DATABASE_CONNECT_TIMEOUT": "3",
            ])
        guard case .postgres(let address) = configuration.database else {
            Issue.record("expected PostgreSQL, got \(String(describing: configuration.database))")
            return
        }
        #expect(address.host == "db.internal" && address.port == 5433 && address.database == "licensing")
        #expect(address.tls == .verifyFull && address.rootCertificate == "/etc/dic/db-ca.pem")
        #expect(configuration.databasePool.size == 20)
        #expect(configuration.databasePool.statementTimeout == .seconds(5))
        #expect(configuration.databasePool.connectTimeout == .seconds(3))
        #expect(try load().databasePool == RuntimeConfiguration.DatabasePool())
    }

    @Test func ipv6AndDatabaseURL() throws {
        let configuration = try load(["--listen", "[::1]:50051", "--database-url", "sqlite:///var/lib/dic/x.sqlite"])
        #expect(configuration.listen == HostPort(host: "::1", port: 50051))
        #expect(configuration.listen.description == "[::1]:50051")
        #expect(configuration.databasePath(service: "x") == "/var/lib/dic/x.sqlite")
    }
}
