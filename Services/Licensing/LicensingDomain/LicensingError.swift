import DomainRules

/// The rules this service refuses a request by; shared with the other sector services.
public typealias LicensingError = RuleViolation
