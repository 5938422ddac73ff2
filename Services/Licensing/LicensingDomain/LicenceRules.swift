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

    public init() {}
}
