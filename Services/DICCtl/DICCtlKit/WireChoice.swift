import ArgumentParser
import ProtoWire

/// Enum options given by name: `non_commercial_publication`, `non-commercial-publication` and
/// `nonCommercialPublication` all name LICENCE_KIND_NON_COMMERCIAL_PUBLICATION; tables print the
/// snake-case name the register files use.
enum WireChoice {
    static func name(_ value: some ProtoEnum) -> String {
        var result = ""
        for character in String(describing: value) {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func parse<E: ProtoEnum & CaseIterable>(_ text: String, option: String) throws -> E {
        let wanted = text.lowercased().replacingOccurrences(of: "-", with: "_")
        let choices = E.allCases.filter { $0.rawValue != 0 }
        if let match = choices.first(where: { name($0) == wanted || String(describing: $0).lowercased() == wanted }) {
            return match
        }
        throw ValidationError("\(option): '\(text)' is not one of \(choices.map(name).joined(separator: ", "))")
    }

    static func parse<E: ProtoEnum & CaseIterable>(_ text: String?, option: String) throws -> E {
        guard let text else { return E(rawValue: 0) }
        return try parse(text, option: option)
    }
}
