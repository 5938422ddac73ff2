import Foundation

/// A file of the repository, such as the demo data under `Deploy/`, found from the calling test's
/// own source path: the nearest folder above it with a `Package.swift`. Tests run from any
/// directory, and moving a test folder does not break the path.
public func repositoryFile(_ path: String, from source: String = #filePath) -> URL {
    var directory = URL(filePath: source).deletingLastPathComponent()
    while directory.pathComponents.count > 1 {
        if FileManager.default.fileExists(atPath: directory.appending(path: "Package.swift").path) {
            return directory.appending(path: path)
        }
        directory = directory.deletingLastPathComponent()
    }
    return URL(filePath: path)
}
