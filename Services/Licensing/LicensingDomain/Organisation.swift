/// An organisation (or household business) that applies for or holds licences.
public struct Organisation: Sendable, Hashable {
    public var name: String
    /// Tax code, or the number of the decision that founded it; empty when not known.
    public var taxCode: String
    public var address: String
    /// The administrative unit of the address; empty when not known.
    public var unitCode: String
    public var contactName: String
    public var contactPhone: String
    public var contactEmail: String

    public init(
        name: String, taxCode: String = "", address: String = "", unitCode: String = "", contactName: String = "",
        contactPhone: String = "", contactEmail: String = ""
    ) {
        self.name = name
        self.taxCode = taxCode
        self.address = address
        self.unitCode = unitCode
        self.contactName = contactName
        self.contactPhone = contactPhone
        self.contactEmail = contactEmail
    }

    /// Checks the fields on their own; whether `unitCode` names a real unit is the store's check.
    public func validate() throws(LicensingError) {
        try LicenceContent.required(name, "name")
        guard name.count <= 500 else { throw .invalid("name", "at most 500 characters") }
        guard taxCode.allSatisfy({ $0.isLetter || $0.isNumber || "-/.".contains($0) }) else {
            throw .invalid("tax_code", "letters, digits, '-', '/' and '.' only")
        }
        if !contactEmail.isEmpty {
            let parts = contactEmail.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !contactEmail.contains(" ") else {
                throw .invalid("contact_email", "'\(contactEmail)' is not an e-mail address")
            }
        }
        guard contactPhone.allSatisfy({ $0.isNumber || " +-.()".contains($0) }) else {
            throw .invalid("contact_phone", "digits, spaces and + - . ( ) only")
        }
    }
}
