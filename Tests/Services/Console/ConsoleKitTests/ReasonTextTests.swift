import RPCCore
import Testing

@testable import ConsoleKit

struct ReasonTextTests {
    @Test func knownReasonsReadInVietnameseWithTheirValues() {
        #expect(ReasonText.vietnamese("required") == "bắt buộc phải nhập")
        #expect(ReasonText.vietnamese("2026-12-06 is in the future") == "2026-12-06 là ngày trong tương lai")
        #expect(ReasonText.vietnamese("no organisation 'org-1'") == "không có tổ chức “org-1”")
        #expect(ReasonText.vietnamese("1990 to 9998") == "phải từ 1990 đến 9998")
        #expect(ReasonText.vietnamese("at least one domain name is required") == "cần ít nhất một tên miền")
    }

    @Test func anUnknownReasonIsShownAsWritten() {
        #expect(
            ReasonText.vietnamese("the site's own operator is not its tenant")
                == "the site's own operator is not its tenant")
        // Whole matches only: a reason that merely contains "required" is not rewritten.
        let partial = "required when the row gives no holder_id"
        #expect(ReasonText.vietnamese(partial) == partial)
    }

    @Test func theRefusalCarriesTheFieldAndTheTranslatedReason() {
        let refusal = RefusalText(
            RPCError(.invalidArgument, "content.domains: at least one domain name is required"),
            labels: ["content.domains": "Tên miền"])
        #expect(refusal.field == "content.domains")
        #expect(refusal.message == "Dữ liệu chưa hợp lệ ở trường “Tên miền”: cần ít nhất một tên miền")
    }
}
