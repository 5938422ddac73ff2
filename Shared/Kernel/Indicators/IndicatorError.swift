import RPCCore

/// A request naming an unknown indicator, period or unit: INVALID_ARGUMENT with the field.
public struct IndicatorError: Error, Sendable, Hashable, CustomStringConvertible, RPCErrorConvertible {
    public var field: String
    public var reason: String

    public static func invalid(_ field: String, _ reason: String) -> IndicatorError {
        IndicatorError(field: field, reason: reason)
    }

    public var description: String { "\(field): \(reason)" }
    public var rpcError: RPCError { RPCError(.invalidArgument, description) }
}
