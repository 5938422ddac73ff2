import COpenSSL

/// Bytes from OpenSSL's CSPRNG: token secrets, session ids, identity token ids.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        // A CSPRNG that cannot produce bytes leaves nothing safe to do: stop rather than guess.
        precondition(RAND_bytes(&bytes, Int32(count)) == 1, "the system random number generator failed")
        return bytes
    }
}
