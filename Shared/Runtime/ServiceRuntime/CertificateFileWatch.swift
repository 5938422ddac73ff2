import Foundation

/// Notices when certificate files change, however they are replaced: rewritten in place, renamed
/// over, or (Kubernetes secrets) swapped by repointing the `..data` symlink that the mounted
/// `tls.crt` -> `..data/tls.crt` link goes through. Each file is followed through its symlinks to
/// the file it names now, and that file's identity (device, inode), size and modification time
/// are compared; a swap changes the inode even when the new file has the old one's timestamp.
struct CertificateFileWatch {
    struct Stamp: Equatable {
        var resolvedPath: String
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    let files: [String]
    private var stamps: [Stamp?]

    init(files: [String]) {
        self.files = files
        self.stamps = files.map(Self.stamp)
    }

    /// Whether any file differs from the last look; remembers what it saw.
    mutating func changed() -> Bool {
        let current = files.map(Self.stamp)
        defer { stamps = current }
        return current != stamps
    }

    static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }  // stat(2) follows the symlinks
        return Stamp(
            resolvedPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path, device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            size: Int64(info.st_size), modifiedSeconds: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec)
    }
}
