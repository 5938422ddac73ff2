import AdminUnits
import CalendarDates
import Foundation

/// A public Wi-Fi service leased under Decree 73/2019: who provides it, for how long, what each
/// hotspot costs a month, and the service level with the deductions the contract sets.
public struct WifiLease: Sendable, Hashable {
    /// A deduction tier: a month's uptime below `belowPercent` costs `deductPercent` of that
    /// hotspot's monthly fee. The worst tier that applies is taken, not their sum.
    public struct UptimeTier: Sendable, Hashable {
        public var belowPercent: Double
        public var deductPercent: Double

        public init(belowPercent: Double, deductPercent: Double) {
            self.belowPercent = belowPercent
            self.deductPercent = deductPercent
        }
    }

    public var contractNumber: String
    public var provider: String
    public var start: CalendarDate
    public var end: CalendarDate
    public var monthlyFeePerHotspotVND: Int64
    /// The uptime the provider promises each month, in percent.
    public var minimumUptimePercent: Double
    public var minimumBandwidthMbps: Double
    public var uptimeTiers: [UptimeTier]
    /// Deducted when a month's average bandwidth falls below the minimum.
    public var bandwidthDeductPercent: Double
    /// The communes (or districts) the lease serves: two leases may not serve one place at once.
    public var unitCodes: [String]

    public init(
        contractNumber: String, provider: String, start: CalendarDate, end: CalendarDate,
        monthlyFeePerHotspotVND: Int64, minimumUptimePercent: Double, minimumBandwidthMbps: Double,
        uptimeTiers: [UptimeTier], bandwidthDeductPercent: Double, unitCodes: [String]
    ) {
        self.contractNumber = contractNumber
        self.provider = provider
        self.start = start
        self.end = end
        self.monthlyFeePerHotspotVND = monthlyFeePerHotspotVND
        self.minimumUptimePercent = minimumUptimePercent
        self.minimumBandwidthMbps = minimumBandwidthMbps
        self.uptimeTiers = uptimeTiers
        self.bandwidthDeductPercent = bandwidthDeductPercent
        self.unitCodes = unitCodes
    }

    /// The largest monthly fee a hotspot may cost, a million million đồng: far past any lease, so
    /// a fee past it is a slip (or a probe), and a month's fees over a lease's hotspots stay
    /// countable.
    public static let largestMonthlyFeeVND: Int64 = 1_000_000_000_000

    public func validate(operators: Operators) throws(TelecomError) {
        try TelecomError.required(contractNumber, "contract_number")
        _ = try operators.check(provider, field: "provider")
        guard end > start else { throw .invalid("end", "must be after the start, \(start)") }
        guard monthlyFeePerHotspotVND >= 0 else {
            throw .invalid("monthly_fee_per_hotspot_vnd", "must not be negative")
        }
        guard monthlyFeePerHotspotVND <= Self.largestMonthlyFeeVND else {
            throw .invalid("monthly_fee_per_hotspot_vnd", "at most 1.000.000.000.000 VND")
        }
        guard (0...100).contains(minimumUptimePercent) else { throw .invalid("minimum_uptime_percent", "0 to 100") }
        guard minimumBandwidthMbps >= 0 else { throw .invalid("minimum_bandwidth_mbps", "must not be negative") }
        for tier in uptimeTiers {
            guard (0...100).contains(tier.belowPercent), (0...100).contains(tier.deductPercent) else {
                throw .invalid("uptime_tiers", "thresholds and deductions are percentages, 0 to 100")
            }
        }
        guard (0...100).contains(bandwidthDeductPercent) else { throw .invalid("bandwidth_deduct_percent", "0 to 100") }
        guard !unitCodes.isEmpty else { throw .invalid("unit_codes", "at least one place the lease serves") }
    }

    /// Whether this lease and `other` serve one place at the same time (refused: a hotspot would
    /// be paid twice).
    public func overlap(with other: WifiLease) -> String? {
        guard start <= other.end, other.start <= end else { return nil }
        return Set(unitCodes).intersection(other.unitCodes).sorted().first
    }

    /// The month's acceptance for one hotspot: the fee for the days it ran, less the deduction
    /// the report earns. No report: nothing is accepted until one arrives.
    public func acceptance(
        of hotspot: Hotspot, month: YearMonth, report: Hotspot.MonthlyReport?
    ) -> Hotspot.Acceptance {
        let days = month.days
        let from = max(month.first, hotspot.startedOn, start)
        let through = min(month.last, end)
        let activeDays = from <= through ? from.days(until: through) + 1 : 0
        let fee = Self.part(of: max(0, monthlyFeePerHotspotVND), Int64(activeDays), over: Int64(days))
        guard activeDays > 0 else {
            return .init(hotspotCode: hotspot.code, feeVND: 0, deductionVND: 0, payableVND: 0, note: "not in service")
        }
        guard let report else {
            return .init(hotspotCode: hotspot.code, feeVND: fee, deductionVND: fee, payableVND: 0, note: "no report")
        }
        var percent = uptimeTiers.filter { report.uptimePercent < $0.belowPercent }.map(\.deductPercent).max() ?? 0
        var notes: [String] = []
        if percent > 0 {
            notes.append(String(format: "uptime %.2f%%: %.0f%% deducted", report.uptimePercent, percent))
        }
        if report.averageBandwidthMbps < minimumBandwidthMbps {
            percent += bandwidthDeductPercent
            notes.append(
                String(
                    format: "bandwidth %.1f Mbps below %.1f: %.0f%% deducted", report.averageBandwidthMbps,
                    minimumBandwidthMbps, bandwidthDeductPercent))
        }
        let deduction = Self.part(of: fee, Int64((min(100, percent) * 100).rounded()), over: 10_000)
        return .init(
            hotspotCode: hotspot.code, feeVND: fee, deductionVND: deduction, payableVND: fee - deduction,
            note: notes.joined(separator: "; "))
    }

    /// `value × numerator ÷ denominator`, rounded down, for a part no larger than the whole
    /// (0 ≤ numerator ≤ denominator): the product is kept in 128 bits, so a fee kept from before
    /// fees were bounded cannot overflow it, and the part fits wherever the whole did.
    static func part(of value: Int64, _ numerator: Int64, over denominator: Int64) -> Int64 {
        guard value > 0, numerator > 0, denominator > 0 else { return 0 }
        return denominator.dividingFullWidth(value.multipliedFullWidth(by: min(numerator, denominator))).quotient
    }

    /// A month's lines added up: the fees, the deductions and what is payable. Nil when a sum
    /// passes what a 64-bit count holds, which only fees kept from before they were bounded reach.
    public static func totals(
        _ lines: [Hotspot.Acceptance]
    ) -> (fee: Int64, deduction: Int64, payable: Int64)? {
        var totals: (fee: Int64, deduction: Int64, payable: Int64) = (0, 0, 0)
        for line in lines {
            let fee = totals.fee.addingReportingOverflow(line.feeVND)
            let deduction = totals.deduction.addingReportingOverflow(line.deductionVND)
            let payable = totals.payable.addingReportingOverflow(line.payableVND)
            guard !fee.overflow, !deduction.overflow, !payable.overflow else { return nil }
            totals = (fee.partialValue, deduction.partialValue, payable.partialValue)
        }
        return totals
    }
}
