import Indicators
import VietnameseNumbers

/// The report's plan-versus-result table: the plan's indicators in order, each with its result
/// from the service that computes it (the DX service for the ones measured there, the sector
/// service's Indicators interface for the others) and the verdict.
public enum KPITable {
    /// One indicator of the plan, as the DX service states it, with its result when DX computes it.
    public struct PlanLine: Sendable, Hashable {
        public var order: Int
        public var code: String
        public var name: String
        public var unit: String
        public var direction: IndicatorDirection
        public var target: Double?
        /// The DX service's result for an indicator measured there.
        public var measuredResult: Double?
        /// The other service's code, for an indicator computed elsewhere.
        public var externalCode: String?
        /// The target as the plan writes it ("≥ 2"); empty: the value at `decimals`.
        public var targetText: String
        /// The decimals the plan states results in.
        public var decimals: Int
        /// The plan judges each quarter; otherwise only the year's last quarter gets a verdict.
        public var assessEachQuarter = false
        /// Words someone set in place of the figure for the period; empty: the figure.
        public var overrideText = ""
        /// A note someone set beside the result for the period.
        public var overrideNote = ""

        public init(
            order: Int, code: String, name: String, unit: String, direction: IndicatorDirection = .higherIsBetter,
            target: Double?, measuredResult: Double? = nil, externalCode: String? = nil, targetText: String = "",
            decimals: Int = 1
        ) {
            self.targetText = targetText
            self.decimals = decimals
            self.order = order
            self.code = code
            self.name = name
            self.unit = unit
            self.direction = direction
            self.target = target
            self.measuredResult = measuredResult
            self.externalCode = externalCode
        }
    }

    /// An indicator value another service gave: nil when it could not be computed, with why.
    public struct Reading: Sendable, Hashable {
        public var value: Double?
        public var note: String

        public init(value: Double?, note: String = "") {
            self.value = value
            self.note = note
        }
    }

    /// The rows for the lines that have a target this year (the report's table), numbered in
    /// plan order. `external` holds the other services' readings by their codes; a code missing
    /// from it is a service that did not answer. A target is the year's: before the last quarter
    /// a row gets no verdict (a Q1 result is not "not met"), unless the plan judges each quarter.
    public static func rows(
        _ lines: [PlanLine], external: [String: Reading], quarter: Int = 4
    ) -> [QuarterlyReport.KPIRow] {
        lines.filter { $0.target != nil }.sorted { $0.order < $1.order }.enumerated().map { index, line in
            var result = line.measuredResult
            var note = ""
            if let code = line.externalCode {
                if let reading = external[code] {
                    result = reading.value
                    note = reading.note
                } else {
                    note = "không lấy được số liệu từ dịch vụ tính chỉ tiêu này"
                }
            }
            if !line.overrideNote.isEmpty { note = note.isEmpty ? line.overrideNote : note + "; " + line.overrideNote }
            let target =
                line.targetText.isEmpty
                ? line.target.map { VietnameseNumbers.decimal($0, decimals: line.decimals) } ?? "" : line.targetText
            // Words in place of the figure: no figure, so no share of the plan and no verdict.
            guard line.overrideText.isEmpty else {
                return QuarterlyReport.KPIRow(
                    number: index + 1, name: line.name, unit: line.unit, target: target, result: line.overrideText,
                    percentOfTarget: "", assessment: "", note: note, targetValue: line.target, resultValue: nil)
            }
            let assessment = Assessment(direction: line.direction, target: line.target, result: result)
            let judged = quarter == 4 || line.assessEachQuarter || assessment.verdict == .notYetMeasured
            return QuarterlyReport.KPIRow(
                number: index + 1, name: line.name, unit: line.unit, target: target,
                result: result.map { VietnameseNumbers.decimal($0, decimals: line.decimals) } ?? "Chưa có số liệu",
                percentOfTarget: assessment.percentOfTarget.map { VietnameseNumbers.decimal($0) + "%" } ?? "",
                assessment: judged ? Self.words(assessment.verdict) : "", note: note, targetValue: line.target,
                resultValue: result)
        }
    }

    /// The analysis annex's rows: each row of the table with the same period's result a year
    /// earlier (`lastYear`, by the plan's code or the other service's code) and the verdict the
    /// figures give, whatever the quarter.
    public static func analysis(
        _ lines: [PlanLine], rows: [QuarterlyReport.KPIRow], lastYear: [String: Double]
    ) -> [QuarterlyReport.AnalysisRow] {
        let targeted = lines.filter { $0.target != nil }.sorted { $0.order < $1.order }
        return zip(targeted, rows).map { line, row in
            let previous = lastYear[line.externalCode ?? line.code]
            let assessment = Assessment(direction: line.direction, target: line.target, result: row.resultValue)
            return QuarterlyReport.AnalysisRow(
                number: row.number, name: row.name, unit: row.unit, target: row.target,
                samePeriodLastYear: previous.map { VietnameseNumbers.decimal($0, decimals: line.decimals) } ?? "",
                result: row.result, percentOfTarget: row.percentOfTarget,
                assessment: row.resultValue == nil ? "" : Self.words(assessment.verdict), note: row.note)
        }
    }

    /// The assessment of a row below its target.
    public static let notMet = "Chưa đạt"

    static func words(_ verdict: Assessment.Verdict) -> String {
        switch verdict {
        case .met: "Đạt"
        case .exceeded: "Vượt"
        case .notMet: notMet
        case .notYetMeasured: "Chưa có số liệu"
        case .noTarget: ""
        }
    }
}
