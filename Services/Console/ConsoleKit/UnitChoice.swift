/// The unit a unit field means, once ``UnitNames/choose(_:)`` has read it.
enum UnitChoice: Equatable, Sendable {
    /// Nothing typed: no unit.
    case none
    /// Typed as a code: the service checks it and names it if it is wrong.
    case code(String)
    /// The one unit in force whose name matched what was typed.
    case unit(code: String, name: String)
    /// No unit, or several, matched: why, in the officer's words, for beside the field.
    case refused(String)

    /// The code to send; empty for none or a refusal.
    var code: String {
        switch self {
        case .none, .refused: ""
        case .code(let code), .unit(let code, _): code
        }
    }

    var refusal: String? {
        if case .refused(let reason) = self { return reason }
        return nil
    }

    /// "Huyện Na Rì (06.066)", to show beside the field which unit a name was taken to mean.
    var chosen: String? {
        if case .unit(let code, let name) = self { return "\(name) (\(code))" }
        return nil
    }
}
