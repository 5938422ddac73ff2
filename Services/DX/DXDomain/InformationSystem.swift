import AdminUnits
import CalendarDates

/// An information system and its security-level dossier (Law 86/2015, Decree 85/2016).
public struct InformationSystem: Sendable, Hashable {
    public enum DossierStatus: String, Sendable, Hashable, CaseIterable {
        case notStarted, drafting, submitted, reviewed, approved

        var next: Set<DossierStatus> {
            switch self {
            case .notStarted: [.drafting]
            case .drafting: [.submitted]
            case .submitted: [.reviewed, .drafting]
            case .reviewed: [.approved, .drafting]
            case .approved: [.drafting]  // a new dossier, when the system changes
            }
        }
    }

    /// Who reviews a level's dossier and who approves it (Decree 85/2016).
    public struct Authority: Sendable, Hashable {
        public var reviewer: String
        public var approver: String
    }

    public var code: String
    public var name: String
    /// The body that owns the system (chủ quản).
    public var owner: String
    public var operatorName: String
    /// 1 to 5.
    public var proposedLevel: Int
    public private(set) var status: DossierStatus
    public var decisionNumber: String
    public var decidedOn: CalendarDate?

    public init(
        code: String, name: String, owner: String, operatorName: String, proposedLevel: Int,
        status: DossierStatus = .notStarted, decisionNumber: String = "", decidedOn: CalendarDate? = nil
    ) {
        self.code = code
        self.name = name
        self.owner = owner
        self.operatorName = operatorName
        self.proposedLevel = proposedLevel
        self.status = status
        self.decisionNumber = decisionNumber
        self.decidedOn = decidedOn
    }

    /// Levels 1 and 2: the owner's information-security unit approves. Level 3: that unit
    /// reviews, the owner approves. Level 4: the Ministry of Information and Communications
    /// reviews, the owner approves. Level 5: the Ministry reviews; the system is on the Prime
    /// Minister's list.
    public static func authority(for level: Int) -> Authority? {
        switch level {
        case 1, 2:
            Authority(
                reviewer: "đơn vị chuyên trách về an toàn thông tin của chủ quản",
                approver: "đơn vị chuyên trách về an toàn thông tin của chủ quản")
        case 3:
            Authority(reviewer: "đơn vị chuyên trách về an toàn thông tin của chủ quản", approver: "chủ quản hệ thống")
        case 4: Authority(reviewer: "Bộ Thông tin và Truyền thông", approver: "chủ quản hệ thống")
        case 5: Authority(reviewer: "Bộ Thông tin và Truyền thông", approver: "Thủ tướng Chính phủ")
        default: nil
        }
    }

    public func validate() throws(DXError) {
        try DXError.required(code, "code")
        try DXError.required(name, "name")
        try DXError.required(owner, "owner")
        guard Self.authority(for: proposedLevel) != nil else { throw .invalid("proposed_level", "1 to 5") }
    }

    /// Moves the dossier on; approval needs the decision.
    public mutating func move(
        to status: DossierStatus, decision: String = "", on date: CalendarDate? = nil
    ) throws(DXError) {
        guard self.status.next.contains(status) else {
            throw .notAllowed("status", "a \(self.status.rawValue) dossier cannot become \(status.rawValue)")
        }
        if status == .approved {
            guard !decision.allSatisfy(\.isWhitespace), let date else {
                throw .invalid("decision_number", "an approved dossier names its decision and date")
            }
            decisionNumber = decision
            decidedOn = date
        }
        self.status = status
    }
}
