import Foundation

/// A proposed site checked against the plan: the finding, who checked and when.
public struct PlanCheck: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        case conforming, nonConforming, needsConversion
    }

    public struct Finding: Sendable, Hashable {
        public var outcome: Outcome
        /// The planned site or zone the site matched; empty when non-conforming.
        public var matchedPlanCode: String
        public var nearestPlannedSite: String
        public var nearestDistanceMetres: Double?

        package init(
            outcome: Outcome, matchedPlanCode: String, nearestPlannedSite: String, nearestDistanceMetres: Double?
        ) {
            self.outcome = outcome
            self.matchedPlanCode = matchedPlanCode
            self.nearestPlannedSite = nearestPlannedSite
            self.nearestDistanceMetres = nearestDistanceMetres
        }
    }

    public var finding: Finding
    public var checkedBy: String
    /// Milliseconds since 1970 (UTC).
    public var checkedAtMilliseconds: Int64

    public init(finding: Finding, checkedBy: String, checkedAtMilliseconds: Int64) {
        self.finding = finding
        self.checkedBy = checkedBy
        self.checkedAtMilliseconds = checkedAtMilliseconds
    }
}
