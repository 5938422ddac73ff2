import Foundation
import Testing

@testable import ServiceRuntime

/// A Kubernetes secret volume: `tls.crt` -> `..data/tls.crt`, `..data` -> `..<timestamp>/`. An
/// update writes a new timestamped directory and repoints `..data`; the `tls.crt` link itself never
/// changes, which the reloader, looking at the link, used to miss.
struct CertificateFileWatchTests {
    func withSecretVolume(_ body: (String) throws -> Void) throws {
        let directory = NSTemporaryDirectory() + "dic-secret-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/..2026_01_01", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(
            FileManager.default.createFile(atPath: directory + "/..2026_01_01/tls.crt", contents: Data("first".utf8)))
        try FileManager.default.createSymbolicLink(atPath: directory + "/..data", withDestinationPath: "..2026_01_01")
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/tls.crt", withDestinationPath: "..data/tls.crt")
        try body(directory)
    }

    /// What kubelet does: a new directory, then `..data` repointed by renaming a new link over it.
    func swapSecret(_ directory: String, to name: String, contents: String, sameTimestampAs old: String) throws {
        try FileManager.default.createDirectory(atPath: directory + "/" + name, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: directory + "/\(name)/tls.crt", contents: Data(contents.utf8)))
        // Same size and modification time as the old file: only its identity tells them apart.
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/\(old)/tls.crt")
        try FileManager.default.setAttributes(
            [.modificationDate: attributes[.modificationDate] as Any], ofItemAtPath: directory + "/\(name)/tls.crt")
        try FileManager.default.createSymbolicLink(atPath: directory + "/..data_tmp", withDestinationPath: name)
        #expect(rename(directory + "/..data_tmp", directory + "/..data") == 0)
    }

    @Test func aSecretUpdateThroughTheDataSymlinkIsNoticed() throws {
        try withSecretVolume { directory in
            var watch = CertificateFileWatch(files: [directory + "/tls.crt"])
            let before = watch.changed()
            try swapSecret(directory, to: "..2026_02_01", contents: "secnd", sameTimestampAs: "..2026_01_01")
            let swapped = watch.changed()
            let again = watch.changed()
            #expect(!before && swapped)
            #expect(!again, "one change is reported once")
        }
    }

    @Test func aFileRewrittenInPlaceOrRemovedIsNoticed() throws {
        try withSecretVolume { directory in
            let file = directory + "/..2026_01_01/tls.crt"
            var watch = CertificateFileWatch(files: [file])
            try Data("rewritten, longer".utf8).write(to: URL(fileURLWithPath: file))
            let rewritten = watch.changed()
            try FileManager.default.removeItem(atPath: file)
            let removed = watch.changed()
            #expect(rewritten && removed)
        }
    }
}
