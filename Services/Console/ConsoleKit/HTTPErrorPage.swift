import Hummingbird

/// What Hummingbird itself refuses (no route for the address, a body past a form's limit) as a
/// page an officer can read, in Vietnamese, instead of an empty answer.
enum HTTPErrorPage {
    static func response(_ status: HTTPResponse.Status) -> Response {
        let (title, text) = words(status)
        let html = """
            <!doctype html>
            <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title><link rel="stylesheet" href="/static/console.css"></head>
            <body><main><h1>\(title)</h1><p>\(text)</p><p><a href="/">Về trang chủ</a></p></main></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func words(_ status: HTTPResponse.Status) -> (title: String, text: String) {
        switch status {
        case .notFound:
            ("Không tìm thấy trang", "Địa chỉ này không có trong hệ thống: đường dẫn có thể đã cũ hoặc bị gõ nhầm.")
        case .contentTooLarge:
            ("Nội dung gửi lên quá lớn", "Biểu mẫu hoặc tệp gửi lên vượt quá giới hạn cho phép.")
        case .internalServerError:
            (
                "Có lỗi khi xử lý yêu cầu",
                "Hệ thống gặp lỗi khi mở trang này; hãy thử lại sau ít phút, hoặc báo bộ phận vận hành."
            )
        case .methodNotAllowed:
            ("Không thực hiện được", "Địa chỉ này không nhận yêu cầu theo cách vừa gửi; hãy mở lại trang từ trình đơn.")
        default:
            ("Yêu cầu không hợp lệ", "Hệ thống không xử lý được yêu cầu này (mã \(status.code)).")
        }
    }
}
