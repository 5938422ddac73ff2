import CalendarDates

/// The numbers the law sets, as configuration: a decree can change them, and the domain notes
/// mark some as unverified ([M]). Defaults are Decree 72/2013 as amended by Decree 27/2018 and
/// the Press Law 2016 ([V] in the notes).
public struct LicenceRules: Sendable, Hashable {
    /// A website licence lasts at most this long.
    public var websiteMaximumTermYears = 10
    /// And may be extended at most this many times...
    public var websiteMaximumExtensions = 2
    /// ...by at most this long each time...
    public var websiteMaximumExtensionYears = 2
    /// ...when asked for at least this many days before it expires.
    public var websiteExtensionNoticeDays = 30
    /// A suspension lasts this long, then lifts by itself.
    public var suspensionMonths = 3
    /// The suspension that makes this count is a revocation instead.
    public var suspensionsLeadingToRevocation = 2
    /// Newsletter limits (Circular 41/2020): pages and format in centimetres.
    public var newsletterMaximumPages = 64
    public var newsletterMaximumWidthCM = 19.0
    public var newsletterMaximumHeightCM = 27.0
    /// A website holder reports on each year by this day of the next January.
    public var annualReportDueMonth = 1
    public var annualReportDueDay = 15
    /// A bound that catches a mistyped fine (an extra zero), not a verified legal maximum.
    public var maximumFineVND: Int64 = 200_000_000
    /// The text a licence's content may hold in all, in UTF-8 bytes: pages of sections, sources and
    /// activities, not a register's worth. Each version keeps its content, and a licence is read
    /// whole, history and all, so a version of megabytes would leave the licence unreadable.
    public var contentMaximumBytes = 64 << 10
    /// The changes (``LicenceAction/isChange``) one licence records at most. Every version keeps
    /// its content, and each read of a licence reads them all: without a bound, one licence
    /// amended in a loop would make every read of it megabytes. A licence lives ten years at most
    /// between issues and changes a few times a year at most; status events (a suspension, its
    /// lifting, a revocation, the expiry) are never refused for it.
    public var maximumChanges = 100
    /// How the issuing authority numbers licences of one type.
    public var numbering = Numbering.perYear

    /// Numbers restart each year in practice ("01/GP-STTTT" in 2023, and again in 2024), so a
    /// number names a licence only with its year; an authority that never restarts can say so.
    public enum Numbering: String, Sendable, Hashable, CaseIterable {
        case perYear = "per-year"
        case forAllTime = "for-all-time"
    }

    public init() {}
}

extension LicenceRules {
    /// What no two licences may share: the type and number, and under yearly numbering the year
    /// of issue.
    public func numberKey(kind: LicenceKind, number: String, issuedOn: CalendarDate) -> String {
        numberKey(kind: kind, number: number, year: issuedOn.year)
    }

    public func numberKey(kind: LicenceKind, number: String, year: Int) -> String {
        switch numbering {
        case .perYear: "\(kind.rawValue)|\(number)|\(year)"
        case .forAllTime: "\(kind.rawValue)|\(number)"
        }
    }

    /// The key of the number a licence carries now (an exchange may have given it a new one).
    public func numberKey(_ licence: Licence) -> String {
        numberKey(kind: licence.kind, number: licence.number, issuedOn: licence.numberGivenOn)
    }

    /// How a clash reads: "a website licence '01/GP-STTTT' of 2023".
    public func numberName(kind: LicenceKind, number: String, issuedOn: CalendarDate) -> String {
        switch numbering {
        case .perYear: "a \(kind.rawValue) licence '\(number)' of \(issuedOn.year)"
        case .forAllTime: "a \(kind.rawValue) licence '\(number)'"
        }
    }
}
