import Testing

@testable import CryptoPrimitives

struct Ed25519Tests {
    @Test func aSignatureVerifiesOnlyForItsMessageAndKey() throws {
        let key = try Ed25519PrivateKey.generate()
        let other = try Ed25519PrivateKey.generate()
        let message = Array("dic2.claims".utf8)
        let signature = try key.sign(message)
        #expect(signature.count == 64)
        #expect(key.publicKey.verify(signature: signature, of: message))
        #expect(!key.publicKey.verify(signature: signature, of: Array("dic2.claimz".utf8)))
        #expect(!other.publicKey.verify(signature: signature, of: message))
        var flipped = signature
        flipped[10] ^= 1
        #expect(!key.publicKey.verify(signature: flipped, of: message))
        #expect(!key.publicKey.verify(signature: Array(signature.prefix(63)), of: message))
        #expect(key.publicKey.id != other.publicKey.id && key.publicKey.id.count == 16)
    }

    @Test func keysRoundTripThroughPEMAndRotationFilesHoldSeveral() throws {
        let key = try Ed25519PrivateKey.generate()
        let second = try Ed25519PrivateKey.generate()
        let loaded = try Ed25519PrivateKey.load(pem: Array(key.pem.utf8))
        #expect(loaded.publicKey.rawBytes == key.publicKey.rawBytes)
        let message = Array("m".utf8)
        #expect(key.publicKey.verify(signature: try loaded.sign(message), of: message))
        let file = key.publicKey.pem + "\n# next key\n" + second.publicKey.pem
        let keys = try Ed25519PublicKey.all(pem: Array(file.utf8))
        #expect(keys.map(\.id) == [key.publicKey.id, second.publicKey.id])
    }

    @Test func whatIsNotAnEd25519KeyIsRefused() throws {
        #expect(throws: CryptoFailure.self) { try Ed25519PublicKey.all(pem: Array("not a key".utf8)) }
        #expect(throws: CryptoFailure.self) { try Ed25519PrivateKey.load(pem: Array("".utf8)) }
        #expect(throws: CryptoFailure.self) { try Ed25519PublicKey(rawBytes: [1, 2, 3]) }
        // A damaged second block is named, not skipped: the first key alone would half-rotate.
        let good = try Ed25519PrivateKey.generate().publicKey.pem
        let damaged = good + "-----BEGIN PUBLIC KEY-----\nAAAA%%%%\n-----END PUBLIC KEY-----\n"
        #expect(throws: CryptoFailure.self) { try Ed25519PublicKey.all(pem: Array(damaged.utf8)) }
        // A private key where public keys belong is no public key.
        let key = try Ed25519PrivateKey.generate()
        #expect(throws: CryptoFailure.self) { try Ed25519PublicKey.all(pem: Array(key.pem.utf8)) }
    }
}
