import ArgumentParser
import Foundation

/// A file streamed to an import call in 256 KiB pieces, with a progress bar on a terminal.
enum FileUpload {
    static func stream(_ path: String, send: ([UInt8]) async throws -> Void) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("cannot read \(path)") }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let progress = ProgressBar(total: size, label: "importing \(path)", unit: "bytes")
        var sent = 0
        while let chunk = try handle.read(upToCount: 256 << 10), !chunk.isEmpty {
            try await send(Array(chunk))
            sent += chunk.count
            progress.update(sent)
        }
        progress.finish()
    }

    /// Prints each problem as FILE:LINE: field: reason, and how many more there were.
    static func printProblems(_ path: String, _ problems: [(line: Int64, field: String, reason: String)], total: Int64)
    {
        for problem in problems {
            Swift.print(
                "\(path):\(problem.line): \(problem.field.isEmpty ? "" : problem.field + ": ")\(problem.reason)")
        }
        if total > problems.count { Swift.print("... and \(total - Int64(problems.count)) more problems") }
    }

    /// Exit status 1 with a count on standard error when any row was refused.
    static func failIfRefused(_ refused: Int64, what: String) throws {
        guard refused > 0 else { return }
        FileHandle.standardError.write(Data("error: \(refused) \(what) refused (see the lines above)\n".utf8))
        throw ExitCode.failure
    }
}
