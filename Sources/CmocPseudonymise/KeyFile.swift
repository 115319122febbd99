import CmocModel
import Crypto
import CryptoExtras
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Safe storage for the re-identification key and the review list: created with mode 0600 from
/// the start (never chmod-ed after writing), refused when group/others may read or write an
/// existing file, refused inside the output folder, optionally sealed with AES-GCM.
///
/// Encryption: AES-256-GCM (swift-crypto) with a key from PBKDF2-HMAC-SHA256 (600,000 rounds,
/// `CryptoExtras`) over the passphrase and a random 16-byte salt kept in the file. PBKDF2 rather
/// than HKDF because a passphrase has little entropy: HKDF has no work factor against guessing.
public enum KeyFile {
    static let rounds = 600_000

    /// The sealed file's envelope.
    struct Envelope: Codable {
        var cmocKeyEncryption: Int
        var cipher: String
        var kdf: String
        var rounds: Int
        var salt: String
        var sealed: String
    }

    /// The file's bytes, or nil when it does not exist; refuses loose permissions.
    static func readProtected(_ url: URL) throws(DiagnosticError) -> Data? {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        try checkPermissions(path)
        do { return try Data(contentsOf: url) } catch {
            throw PseudonymiseError.fileUnreadable(path: path, reason: error.localizedDescription).error
        }
    }

    static func checkPermissions(_ path: String) throws(DiagnosticError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw PseudonymiseError.fileUnreadable(path: path, reason: "cannot stat the file").error
        }
        let mode = Int(info.st_mode) & 0o777
        if mode & 0o077 != 0 {
            throw PseudonymiseError.keyPermissions(path: path, mode: String(mode, radix: 8)).error
        }
    }

    /// Writes the key (or its review list) as an owner-only file; refuses to overwrite one that others can read.
    static func writeProtected(_ data: Data, to url: URL) throws(DiagnosticError) {
        if FileManager.default.fileExists(atPath: url.path) { try checkPermissions(url.path) }
        if let reason = ProtectedFile.write(data, to: url) {
            throw PseudonymiseError.keyWriteFailed(path: url.path, reason: reason).error
        }
    }

    /// Refuses a key path inside the output directory (after resolving `..` and symlinks).
    static func checkOutside(key: URL, output: URL) throws(DiagnosticError) {
        let keyParts = resolved(key).pathComponents
        let outputParts = resolved(output).pathComponents
        if keyParts.count > outputParts.count && Array(keyParts.prefix(outputParts.count)) == outputParts {
            throw PseudonymiseError.keyInsideOutput(key: key.path, output: output.path).error
        }
    }

    /// The real path of `url`: the deepest existing ancestor resolved by `realpath`, the rest appended.
    public static func resolved(_ url: URL) -> URL {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path) && existing.pathComponents.count > 1 {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        var base = existing
        if let real = realpath(existing.path, nil) {
            base = URL(fileURLWithPath: String(cString: real))
            free(real)
        }
        for part in rest { base = base.appendingPathComponent(part) }
        return base.standardizedFileURL
    }

    // MARK: Encryption

    static func seal(_ plaintext: Data, passphrase: String) throws(DiagnosticError) -> Data {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = UInt8.random(in: 0...255, using: &generator) }
        do {
            let key = try derive(passphrase, salt: salt, rounds: rounds)
            let box = try AES.GCM.seal(plaintext, using: key)
            guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
            let envelope = Envelope(
                cmocKeyEncryption: 1, cipher: "AES-256-GCM", kdf: "PBKDF2-HMAC-SHA256", rounds: rounds,
                salt: Data(salt).base64EncodedString(), sealed: combined.base64EncodedString())
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return try encoder.encode(envelope)
        } catch {
            throw PseudonymiseError.keyWriteFailed(path: "(memory)", reason: "encryption failed").error
        }
    }

    /// The plaintext of a key file: sealed files need the passphrase; plain ones pass through.
    static func unseal(_ data: Data, passphrase: String?, path: String) throws(DiagnosticError) -> Data {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: data) else { return data }
        guard let passphrase, !passphrase.isEmpty else { throw PseudonymiseError.keyNeedsPassphrase(path: path).error }
        guard let salt = Data(base64Encoded: envelope.salt), let sealed = Data(base64Encoded: envelope.sealed),
            envelope.cipher == "AES-256-GCM", envelope.kdf == "PBKDF2-HMAC-SHA256", envelope.rounds >= 100_000
        else { throw PseudonymiseError.keyMalformed(path: path, reason: "unknown encryption envelope").error }
        do {
            let key = try derive(passphrase, salt: [UInt8](salt), rounds: envelope.rounds)
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key)
        } catch {
            throw PseudonymiseError.keyWrongPassphrase(path: path).error
        }
    }

    static func derive(_ passphrase: String, salt: [UInt8], rounds: Int) throws -> SymmetricKey {
        try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(passphrase.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: rounds)
    }
}
