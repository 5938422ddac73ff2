@_exported import DomainRules
import RPCCore

// A service's handlers throw the domain's violation as it is; on the wire it is the status the
// kind names. Re-exported so a provider sees `RuleViolation` through the one import it has.
extension RuleViolation: RPCErrorConvertible {
    public var rpcError: RPCError {
        RPCError(kind == .invalidValue ? .invalidArgument : .failedPrecondition, description)
    }
}
