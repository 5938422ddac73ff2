import Hummingbird
import MultipartKit

/// A multipart/form-data upload (a CSV file with the form's fields), read within a limit and
/// parsed by MultipartKit: each part by the name its Content-Disposition gives.
public struct MultipartForm: Sendable {
    public private(set) var fields: [String: String] = [:]
    public private(set) var files: [String: [UInt8]] = [:]

    public struct Refused: Error, Sendable {
        public var reason: String
    }

    public static func read(_ request: Request, limit: Int) async throws -> MultipartForm {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
            let boundary = Self.boundary(type)
        else { throw Refused(reason: "biểu mẫu phải gửi dạng multipart/form-data") }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Refused(
                reason: "tệp lớn hơn \(limit >> 20) MB, giới hạn của một lần nhập; hãy tách thành nhiều tệp nhỏ hơn")
        }
        var form = MultipartForm()
        var name = ""
        var isFile = false
        var bytes: [UInt8] = []
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            name = Self.parameter("name", in: value) ?? ""
            isFile = Self.parameter("filename", in: value) != nil
        }
        parser.onBody = { buffer in bytes += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        parser.onPartComplete = {
            if isFile {
                form.files[name] = bytes
            } else if form.fields.count < 100 {
                form.fields[name] = String(decoding: bytes, as: UTF8.self)
            }
            name = ""
            isFile = false
            bytes = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw Refused(reason: "tệp gửi lên không đọc được")
        }
        return form
    }

    static func boundary(_ contentType: String) -> String? {
        guard let value = parameter("boundary", in: contentType), !value.isEmpty, value.utf8.count <= 200 else {
            return nil
        }
        return value
    }

    /// `name="file"` in a header's parameters, quoted or not.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }
}
