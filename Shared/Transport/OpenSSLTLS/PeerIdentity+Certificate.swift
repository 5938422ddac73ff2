import COpenSSL
import RPCCore

extension PeerIdentity {
    /// The identity in a connection's verified peer certificate; nil when there is none or it did
    /// not verify.
    static func verified(from ssl: OpaquePointer) -> PeerIdentity? {
        guard SSL_get_verify_result(ssl) == X509_V_OK, let certificate = SSL_get1_peer_certificate(ssl) else {
            return nil
        }
        defer { X509_free(certificate) }
        let name = X509_get_subject_name(certificate)
        var buffer = [Int8](repeating: 0, count: 512)
        let subject = X509_NAME_oneline(name, &buffer, Int32(buffer.count)).map { String(cString: $0) } ?? ""
        var commonNameBuffer = [Int8](repeating: 0, count: 256)
        let length = X509_NAME_get_text_by_NID(name, NID_commonName, &commonNameBuffer, Int32(commonNameBuffer.count))
        let commonName = length > 0 ? String(nulTerminated: commonNameBuffer) : nil
        var dns: [String] = []
        var ips: [String] = []
        var uris: [String] = []
        if let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) {
            let names = OpaquePointer(raw)
            defer { GENERAL_NAMES_free(names) }
            for index in 0..<OPENSSL_sk_num(names) {
                guard let entry = OPENSSL_sk_value(names, index)?.assumingMemoryBound(to: GENERAL_NAME.self) else {
                    continue
                }
                switch entry.pointee.type {
                case GEN_DNS: dns.append(Self.text(entry.pointee.d.dNSName))
                case GEN_URI: uris.append(Self.text(entry.pointee.d.uniformResourceIdentifier))
                case GEN_IPADD: ips.append(Self.address(entry.pointee.d.iPAddress))
                default: break
                }
            }
        }
        return PeerIdentity(subject: subject, commonName: commonName, dnsNames: dns, ipAddresses: ips, uris: uris)
    }

    static func bytes(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> [UInt8] {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
    }

    static func text(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        String(decoding: bytes(string), as: UTF8.self)
    }

    static func address(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        let raw = bytes(string)
        if raw.count == 4 { return raw.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: raw.count, by: 2).map { index in
            String(UInt16(raw[index]) << 8 | UInt16(raw[min(index + 1, raw.count - 1)]), radix: 16)
        }.joined(separator: ":")
    }
}
