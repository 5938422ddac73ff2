/// What nghttp2 reported while reading bytes. Callbacks only record these; the connection handler
/// acts on them after `nghttp2_session_mem_recv` returns, because callbacks must not re-enter the
/// session and because logic is easier to test outside C callbacks.
enum HTTP2Event: Equatable {
    /// A new stream's request headers begin (server).
    case requestHeadersBegan(Int32)
    /// Response headers begin (client).
    case responseHeadersBegan(Int32)
    /// A second header block on a stream: trailers.
    case trailersBegan(Int32)
    case header(Int32, name: String, value: String)
    /// A header block is complete.
    case headersComplete(Int32, endStream: Bool)
    /// Body bytes, copied out of nghttp2's buffer.
    case data(Int32, [UInt8])
    /// A DATA frame carried END_STREAM.
    case dataEndStream(Int32)
    /// The stream is over: 0 when it ended normally, else the RST_STREAM error code.
    case streamClosed(Int32, errorCode: UInt32)
    case goAway(lastStreamID: Int32, errorCode: UInt32)
    case pingReceived
    /// The acknowledgement of a PING we sent, with its 8-byte payload.
    case pingAcknowledged(UInt64)
    /// A stream's header list went over the limit; nghttp2 has been told to reset it.
    case headerListTooLarge(Int32)
    /// A HEADERS frame we submitted (response or trailers) could not be sent.
    case headersNotSent(Int32)
}
