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

    func withFile<T>(_ json: String, _ body: (String) throws -> T) throws -> T {
        let path = NSTemporaryDirectory() + "dic-config-\(UUID().uuidString).json"
        FileManager.default.createFile(atPath: path, contents: Data(json.utf8))
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
            ["DIC_DATABASE_URL": "postgres://x"],
            "DIC_DATABASE_URL=postgres://x (from environment): only sqlite:///path is supported in this version"
        ),
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
        #expect(throws: ConfigurationError.self) { try load(["--listen"]) }
    }

    @Test func ipv6AndDatabaseURL() throws {
        let configuration = try load(["--listen", "[::1]:50051", "--database-url", "sqlite:///var/lib/dic/x.sqlite"])
        #expect(configuration.listen == HostPort(host: "::1", port: 50051))
        #expect(configuration.listen.description == "[::1]:50051")
        #expect(configuration.databasePath(service: "x") == "/var/lib/dic/x.sqlite")
    }
}
