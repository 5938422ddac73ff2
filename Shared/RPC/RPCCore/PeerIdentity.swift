/// Who the client is, as a verified TLS client certificate says (mutual TLS): the subject and the
/// subject alternative names. Authentication interceptors map it to a principal.
public struct PeerIdentity: Sendable, Hashable {
    /// The subject in OpenSSL's one-line form, such as `/O=Sở TTTT Bắc Kạn/CN=dic-aggregator`.
    public var subject: String
    public var commonName: String?
    public var dnsNames: [String]
    public var ipAddresses: [String]
    public var uris: [String]

    public init(subject: String, commonName: String?, dnsNames: [String], ipAddresses: [String], uris: [String]) {
        self.subject = subject
        self.commonName = commonName
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.uris = uris
    }
}
