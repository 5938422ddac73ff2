import CNGHTTP2
import NIOCore

/// One nghttp2 session driven in memory: bytes in through ``receive(_:)``, bytes out through
/// ``drain(into:)``. Every nghttp2 call in the project goes through this type, so a later move to
/// the `*2` API of nghttp2 1.60+ is a change to this file alone.
///
/// Not thread-safe: used only on its connection's event loop.
final class NGHTTP2Session {
    enum Role { case server, client }

    /// Response or request body waiting to be framed, and how the stream ends.
    final class OutboundStream {
        var pending: ByteBuffer
        /// No more body: the next read reports EOF.
        var ended = false
        /// Trailers to send after the body (gRPC responses); nil to end with the last DATA frame.
        var trailers: [(String, String)]?
        /// nghttp2 was told DEFERRED and needs `resume_data` when there is something to send.
        var deferred = false

        init(allocator: ByteBufferAllocator) { pending = allocator.buffer(capacity: 0) }
    }

    let role: Role
    private(set) var session: OpaquePointer!
    /// Filled by callbacks during `receive`; taken by the handler right after.
    var events: [HTTP2Event] = []
    var outbound: [Int32: OutboundStream] = [:]
    let allocator: ByteBufferAllocator
    let maxHeaderListSize: Int
    private var headerListSizes: [Int32: Int] = [:]
    /// Bytes received on each stream and not yet consumed (returned to the flow-control window).
    private(set) var unconsumed: [Int32: Int] = [:]

    struct Settings {
        var maxConcurrentStreams: UInt32 = 100
        var initialWindowSize: UInt32 = 1 << 20
        var connectionWindowSize: Int32 = 16 << 20
        var maxHeaderListSize: UInt32 = 16 << 10
        var maxFrameSize: UInt32 = 16 << 10
    }

    init(role: Role, settings: Settings, allocator: ByteBufferAllocator) throws(HTTP2SessionError) {
        self.role = role
        self.allocator = allocator
        self.maxHeaderListSize = Int(settings.maxHeaderListSize)
        var option: OpaquePointer?
        nghttp2_option_new(&option)
        defer { nghttp2_option_del(option) }
        // Flow control follows the application: bytes are credited back when a handler takes them.
        nghttp2_option_set_no_auto_window_update(option, 1)
        // Rapid reset (CVE-2023-44487): a burst of 200 resets, then 10 a second. Server sessions only.
        nghttp2_option_set_stream_reset_rate_limit(option, 200, 10)
        var created: OpaquePointer?
        let userData = Unmanaged.passUnretained(self).toOpaque()
        let status =
            switch role {
            case .server: nghttp2_session_server_new2(&created, Self.callbacks, userData, option)
            case .client: nghttp2_session_client_new2(&created, Self.callbacks, userData, option)
            }
        guard status == 0, let created else { throw HTTP2SessionError(code: status, operation: "session_new") }
        session = created
        var entries = [
            nghttp2_settings_entry(
                settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue),
                value: settings.maxConcurrentStreams),
            nghttp2_settings_entry(
                settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: settings.initialWindowSize),
            nghttp2_settings_entry(
                settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), value: settings.maxHeaderListSize),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: 0),
            // No priority tree: nothing to keep for closed streams (RFC 9218).
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES.rawValue), value: 1),
        ]
        if role == .client {
            entries.removeFirst()  // a client accepts no pushed streams anyway
        }
        let submitted = nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &entries, entries.count)
        guard submitted == 0 else { throw HTTP2SessionError(code: submitted, operation: "submit_settings") }
        nghttp2_session_set_local_window_size(
            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, settings.connectionWindowSize)
    }

    deinit {
        if let session { nghttp2_session_del(session) }
    }

    // MARK: Bytes in and out

    /// Feeds received bytes to nghttp2; the events it reports are appended to ``events``.
    func receive(_ bytes: UnsafeRawBufferPointer) throws(HTTP2SessionError) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let result = nghttp2_session_mem_recv(session, base, bytes.count)
        if result < 0 { throw HTTP2SessionError(code: Int32(result), operation: "mem_recv") }
    }

    /// The events recorded since the last call, oldest first, for the handler to act on.
    func takeEvents() -> [HTTP2Event] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    /// Appends everything nghttp2 wants to send to `buffer`.
    func drain(into buffer: inout ByteBuffer) throws(HTTP2SessionError) {
        while true {
            var data: UnsafePointer<UInt8>?
            let count = nghttp2_session_mem_send(session, &data)
            if count < 0 { throw HTTP2SessionError(code: Int32(count), operation: "mem_send") }
            guard count > 0, let data else { return }
            buffer.writeBytes(UnsafeRawBufferPointer(start: data, count: count))
        }
    }

    /// Neither side has anything left to say: the connection can close.
    var isFinished: Bool {
        nghttp2_session_want_read(session) == 0 && nghttp2_session_want_write(session) == 0
    }

    // MARK: Submitting frames

    /// Response headers with a body to follow (server).
    func submitResponse(stream: Int32, headers: [(String, String)]) throws(HTTP2SessionError) {
        let outbound = self.outbound[stream] ?? OutboundStream(allocator: allocator)
        self.outbound[stream] = outbound
        var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: Self.readCallback)
        let status = Self.withNameValues(headers) { nv, count in
            nghttp2_submit_response(session, stream, nv, count, &provider)
        }
        if status != 0 { throw HTTP2SessionError(code: status, operation: "submit_response") }
    }

    /// A response that is only headers and ends the stream: gRPC's Trailers-Only, or an HTTP error.
    func submitHeadersOnlyResponse(stream: Int32, headers: [(String, String)]) throws(HTTP2SessionError) {
        let status = Self.withNameValues(headers) { nv, count in
            nghttp2_submit_response(session, stream, nv, count, nil)
        }
        if status != 0 { throw HTTP2SessionError(code: status, operation: "submit_response") }
    }

    /// A request whose body will come through ``enqueue(stream:bytes:)`` (client). Returns the stream id.
    func submitRequest(headers: [(String, String)]) throws(HTTP2SessionError) -> Int32 {
        var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: Self.readCallback)
        let stream = Self.withNameValues(headers) { nv, count in
            nghttp2_submit_request(session, nil, nv, count, &provider, nil)
        }
        if stream < 0 { throw HTTP2SessionError(code: stream, operation: "submit_request") }
        outbound[stream] = OutboundStream(allocator: allocator)
        return stream
    }

    /// Queues body bytes on a stream and wakes its data source.
    func enqueue(stream: Int32, write: (inout ByteBuffer) -> Void) {
        guard let outbound = outbound[stream], !outbound.ended else { return }
        write(&outbound.pending)
        resume(outbound, stream)
    }

    /// Ends a stream's body, with trailers (server) or with END_STREAM on the last DATA (client).
    func endBody(stream: Int32, trailers: [(String, String)]?) {
        guard let outbound = outbound[stream], !outbound.ended else { return }
        outbound.ended = true
        outbound.trailers = trailers
        resume(outbound, stream)
    }

    private func resume(_ outbound: OutboundStream, _ stream: Int32) {
        if outbound.deferred {
            outbound.deferred = false
            nghttp2_session_resume_data(session, stream)
        }
    }

    func resetStream(_ stream: Int32, errorCode: UInt32) {
        nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream, errorCode)
    }

    /// Returns `count` received bytes of `stream` to the flow-control windows.
    func consume(stream: Int32, count: Int) {
        guard count > 0 else { return }
        unconsumed[stream, default: 0] -= count
        nghttp2_session_consume(session, stream, count)
    }

    /// GOAWAY with the last stream id 2^31-1: "new streams may soon be refused" (first step of a
    /// graceful shutdown).
    func submitShutdownNotice() {
        nghttp2_submit_shutdown_notice(session)
    }

    /// The final GOAWAY: streams after the last one processed are refused.
    func submitGoAway(errorCode: UInt32, reason: String) {
        let last = nghttp2_session_get_last_proc_stream_id(session)
        var bytes = Array(reason.utf8)
        nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), last, errorCode, &bytes, bytes.count)
    }

    /// A PING carrying `payload` (big-endian); its acknowledgement comes back as `.pingAcknowledged`.
    func submitPing(payload: UInt64 = 0) {
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: payload >> (56 - 8 * $0)) }
        nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &bytes)
    }

    /// Ends the session at once with GOAWAY (for abuse).
    func terminate(errorCode: UInt32) {
        nghttp2_session_terminate_session(session, errorCode)
    }

    /// Whether the peer still lets this client open streams (no GOAWAY received).
    var isRequestAllowed: Bool { nghttp2_session_check_request_allowed(session) != 0 }

    var remoteMaxConcurrentStreams: UInt32 {
        nghttp2_session_get_remote_settings(session, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS)
    }

    // MARK: Callbacks (thin: record, never decide)

    nonisolated(unsafe) static let callbacks: OpaquePointer = {
        var callbacks: OpaquePointer?
        nghttp2_session_callbacks_new(&callbacks)
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, onBeginHeaders)
        nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, onDataChunk)
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrame)
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose)
        nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, onFrameNotSent)
        return callbacks!
    }()

    static func from(_ userData: UnsafeMutableRawPointer?) -> NGHTTP2Session {
        Unmanaged<NGHTTP2Session>.fromOpaque(userData!).takeUnretainedValue()
    }

    static let onBeginHeaders: nghttp2_on_begin_headers_callback = { _, frame, userData in
        guard let frame, frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue) else { return 0 }
        let me = from(userData)
        let stream = frame.pointee.hd.stream_id
        me.headerListSizes[stream] = 0
        switch frame.pointee.headers.cat {
        case NGHTTP2_HCAT_REQUEST: me.events.append(.requestHeadersBegan(stream))
        case NGHTTP2_HCAT_RESPONSE: me.events.append(.responseHeadersBegan(stream))
        default: me.events.append(.trailersBegan(stream))
        }
        return 0
    }

    static let onHeader: nghttp2_on_header_callback = {
        session, frame, name, nameLength, value, valueLength, _, userData in
        guard let frame, let name, let value else { return 0 }
        let me = from(userData)
        let stream = frame.pointee.hd.stream_id
        // nghttp2 advertises SETTINGS_MAX_HEADER_LIST_SIZE but does not enforce it (HPACK bomb).
        let size = (me.headerListSizes[stream] ?? 0) + nameLength + valueLength + 32
        me.headerListSizes[stream] = size
        if size > me.maxHeaderListSize {
            nghttp2_submit_rst_stream(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream, NGHTTP2_ENHANCE_YOUR_CALM.rawValue)
            me.events.append(.headerListTooLarge(stream))
            return Int32(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
        }
        me.events.append(
            .header(
                stream,
                name: String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self),
                value: String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)))
        return 0
    }

    static let onDataChunk: nghttp2_on_data_chunk_recv_callback = { _, _, stream, data, length, userData in
        guard let data else { return 0 }
        let me = from(userData)
        me.unconsumed[stream, default: 0] += length
        me.events.append(.data(stream, Array(UnsafeBufferPointer(start: data, count: length))))
        return 0
    }

    static let onFrame: nghttp2_on_frame_recv_callback = { _, frame, userData in
        guard let frame else { return 0 }
        let me = from(userData)
        let header = frame.pointee.hd
        let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch UInt32(header.type) {
        case NGHTTP2_HEADERS.rawValue:
            me.headerListSizes[header.stream_id] = nil
            me.events.append(.headersComplete(header.stream_id, endStream: endStream))
        case NGHTTP2_DATA.rawValue:
            if endStream { me.events.append(.dataEndStream(header.stream_id)) }
        case NGHTTP2_GOAWAY.rawValue:
            me.events.append(
                .goAway(lastStreamID: frame.pointee.goaway.last_stream_id, errorCode: frame.pointee.goaway.error_code))
        case NGHTTP2_PING.rawValue:
            if header.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) == 0 {
                me.events.append(.pingReceived)
            } else {
                let payload = withUnsafeBytes(of: frame.pointee.ping.opaque_data) { bytes in
                    bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                }
                me.events.append(.pingAcknowledged(payload))
            }
        default:
            break
        }
        return 0
    }

    static let onFrameNotSent: nghttp2_on_frame_not_send_callback = { _, frame, _, userData in
        guard let frame, frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue) else { return 0 }
        from(userData).events.append(.headersNotSent(frame.pointee.hd.stream_id))
        return 0
    }

    static let onStreamClose: nghttp2_on_stream_close_callback = { session, stream, errorCode, userData in
        let me = from(userData)
        // nghttp2 does not return a closed stream's unconsumed bytes to the connection window; without
        // this, streams reset mid-body would slowly starve the whole connection.
        if let leftover = me.unconsumed.removeValue(forKey: stream), leftover > 0 {
            nghttp2_session_consume(session, stream, leftover)
        }
        me.headerListSizes[stream] = nil
        me.outbound[stream] = nil
        me.events.append(.streamClosed(stream, errorCode: errorCode))
        return 0
    }

    static let readCallback: nghttp2_data_source_read_callback = {
        session, stream, buffer, length, flags, _, userData in
        let me = from(userData)
        guard let outbound = me.outbound[stream], let buffer, let flags else {
            flags?.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
            return 0
        }
        let count = min(length, outbound.pending.readableBytes)
        if count > 0 {
            outbound.pending.withUnsafeReadableBytes { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress!, byteCount: count)
            }
            outbound.pending.moveReaderIndex(forwardBy: count)
        }
        if outbound.pending.readableBytes == 0 {
            if outbound.ended {
                flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
                if let trailers = outbound.trailers {
                    flags.pointee |= NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
                    let submitted = withNameValues(trailers) { nv, count in
                        nghttp2_submit_trailer(session, stream, nv, count)
                    }
                    // Trailers that cannot be submitted must not leave the stream open forever.
                    if submitted != 0 {
                        nghttp2_submit_rst_stream(
                            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream, NGHTTP2_INTERNAL_ERROR.rawValue)
                    }
                }
            } else if count == 0 {
                outbound.deferred = true
                return Int(NGHTTP2_ERR_DEFERRED.rawValue)
            }
        }
        if outbound.pending.readableBytes == 0 && outbound.pending.capacity > 64 << 10 {
            outbound.pending.clear()  // let a large buffer go once it is drained
            outbound.pending = me.allocator.buffer(capacity: 0)
        }
        return count
    }

    // MARK: Helpers

    /// Calls `body` with an nghttp2 name-value array for `headers`, valid only during the call
    /// (nghttp2 copies what it keeps).
    static func withNameValues<Result>(
        _ headers: [(String, String)], _ body: (UnsafeMutablePointer<nghttp2_nv>, Int) -> Result
    ) -> Result {
        var storage: [UInt8] = []
        storage.reserveCapacity(headers.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 2 })
        var ranges: [(Int, Int, Int, Int)] = []
        for (name, value) in headers {
            let nameStart = storage.count
            storage.append(contentsOf: name.utf8)
            let valueStart = storage.count
            storage.append(contentsOf: value.utf8)
            ranges.append((nameStart, valueStart - nameStart, valueStart, storage.count - valueStart))
        }
        storage.append(0)  // never empty, so the base address exists
        return storage.withUnsafeMutableBufferPointer { base in
            var nameValues = ranges.map { range in
                nghttp2_nv(
                    name: base.baseAddress! + range.0, value: base.baseAddress! + range.2, namelen: range.1,
                    valuelen: range.3, flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
            }
            return nameValues.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        }
    }
}

/// An nghttp2 call failed; `code` is its negative error number.
struct HTTP2SessionError: Error, CustomStringConvertible {
    let code: Int32
    let operation: String

    var description: String {
        let text = nghttp2_strerror(code).map { String(cString: $0) } ?? "error"
        return "nghttp2 \(operation): \(text) (\(code))"
    }
}
