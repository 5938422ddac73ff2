/// Every message and enum of the request, by fully qualified proto name, with the Swift name it
/// gets and the module it lives in; resolves field types across files.
struct TypeRegistry {
    struct MessageInfo {
        let fullName: String
        let swiftName: String
        let file: String
        let descriptor: DescriptorProto
    }

    struct EnumInfo {
        let fullName: String
        let swiftName: String
        let file: String
        let descriptor: EnumDescriptorProto
    }

    private(set) var messages: [String: MessageInfo] = [:]
    private(set) var enums: [String: EnumInfo] = [:]

    init(files: [FileDescriptorProto]) {
        for file in files {
            let scope = file.package.isEmpty ? "" : "." + file.package
            for message in file.messageTypes {
                register(message, scope: scope, swiftScope: nil, prefix: file.swiftPrefix, file: file.name)
            }
            for enumType in file.enumTypes {
                let fullName = scope + "." + enumType.name
                enums[fullName] = EnumInfo(
                    fullName: fullName, swiftName: file.swiftPrefix + SwiftNaming.upperCamel(enumType.name),
                    file: file.name, descriptor: enumType)
            }
        }
    }

    private mutating func register(
        _ message: DescriptorProto, scope: String, swiftScope: String?, prefix: String, file: String
    ) {
        let fullName = scope + "." + message.name
        let local = SwiftNaming.upperCamel(message.name)
        let swiftName = swiftScope.map { "\($0).\(local)" } ?? prefix + local
        messages[fullName] = MessageInfo(fullName: fullName, swiftName: swiftName, file: file, descriptor: message)
        for nested in message.nestedTypes {
            register(nested, scope: fullName, swiftScope: swiftName, prefix: prefix, file: file)
        }
        for enumType in message.enumTypes {
            let enumFullName = fullName + "." + enumType.name
            enums[enumFullName] = EnumInfo(
                fullName: enumFullName, swiftName: swiftName + "." + SwiftNaming.upperCamel(enumType.name),
                file: file, descriptor: enumType)
        }
    }

    /// Whether a value of message `from` can contain a message `to` through singular message fields
    /// or oneof cases: arrays and dictionaries already store their elements out of line, so only
    /// these edges make a struct infinitely large.
    func reaches(from: String, to target: String) -> Bool {
        var seen: Set<String> = []
        var stack = [from]
        while let current = stack.popLast() {
            if current == target { return true }
            guard seen.insert(current).inserted, let info = messages[current] else { continue }
            for field in info.descriptor.fields where field.type == .message && field.label != .repeated {
                stack.append(field.typeName)
            }
        }
        return false
    }
}
