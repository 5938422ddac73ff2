/// A listening or connecting address, `host:port` (IPv6 hosts in brackets: `[::1]:50051`).
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public static func parse(_ text: String) -> Result<HostPort, ConfigurationReason> {
        guard let colon = text.lastIndex(of: ":") else {
            return .failure(ConfigurationReason("expected host:port, such as 127.0.0.1:50051"))
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return .failure(ConfigurationReason("the host is empty")) }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return .failure(ConfigurationReason("the port must be a number from 0 to 65535"))
        }
        return .success(HostPort(host: host, port: port))
    }
}
