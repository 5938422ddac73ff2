import RPCCore
import Testing

@testable import ConsoleKit

struct ReasonTextTests {
    @Test func knownReasonsReadInVietnameseWithTheirValues() {
        #expect(ReasonText.vietnamese("required") == "bắt buộc phải nhập")
        #expect(ReasonText.vietnamese("2026-12-06 is in the future") == "06/12/2026 là ngày trong tương lai")
        #expect(ReasonText.vietnamese("no organisation 'org-1'") == "không có tổ chức “org-1”")
        #expect(ReasonText.vietnamese("1990 to 9998") == "phải từ 1990 đến 9998")
        #expect(ReasonText.vietnamese("at least one domain name is required") == "cần ít nhất một tên miền")
        #expect(ReasonText.vietnamese("at most 1000000") == "tối đa 1000000")
        #expect(
            ReasonText.vietnamese("120 households is more than the 100 people")
                == "120 hộ, nhiều hơn số dân (100 người)")
        #expect(
            ReasonText.vietnamese("text of 20000 bytes exceeds the limit of 16384 bytes")
                == "nội dung dài 20000 byte, quá giới hạn 16384 byte")
        #expect(
            ReasonText.vietnamese("300000 bytes exceeds the limit of 262144 bytes for this method")
                == "yêu cầu dài 300000 byte, quá giới hạn 262144 byte của thao tác này")
        #expect(
            ReasonText.vietnamese("at most 65536 bytes of text in all, not 70000")
                == "tổng nội dung dài tối đa 65536 byte (đang có 70000 byte)")
        #expect(
            ReasonText.vietnamese("72000 bytes of text; a section holds at most 65536")
                == "nội dung dài 72000 byte; mỗi mục của báo cáo chứa tối đa 65536 byte (khoảng 20.000 chữ)")
        #expect(
            ReasonText.vietnamese(
                "the licence has recorded 100 changes, the most one licence keeps: issue a new licence")
                == "giấy phép đã ghi nhận 100 lần thay đổi, mức tối đa của một giấy phép: hãy cấp giấy phép mới")
        #expect(
            ReasonText.vietnamese(
                "the dossier has been asked for supplements 10 times, the most one dossier may be: "
                    + "refuse it or record its withdrawal")
                == "hồ sơ đã được yêu cầu bổ sung 10 lần, mức tối đa của một hồ sơ: hãy từ chối hoặc ghi nhận rút hồ sơ"
        )
    }

    @Test func theLicenceRulesOfficersMeetMostReadInVietnamese() {
        #expect(
            ReasonText.vietnamese("required: a website licence has a term of at most 10 years")
                == "bắt buộc phải nhập: giấy phép trang thông tin điện tử tổng hợp có thời hạn tối đa 10 năm")
        #expect(
            ReasonText.vietnamese("a website licence lasts at most 10 years: no later than 2036-01-01")
                == "giấy phép trang thông tin điện tử tổng hợp có thời hạn tối đa 10 năm: hiệu lực không quá ngày 01/01/2036"
        )
        #expect(
            ReasonText.vietnamese("the licence is valid until 2025-04-20")
                == "giấy phép còn hiệu lực đến ngày 20/04/2025")
        #expect(
            ReasonText.vietnamese("the licence is expired: no extend after that")
                == "giấy phép đã hết hạn: không thực hiện được thao tác này")
        #expect(ReasonText.vietnamese("licence 0a1b is already recorded") == "giấy phép 0a1b đã có trong sổ")
        #expect(ReasonText.vietnamese("05/GP-STTTT (2018) is already recorded") == "05/GP-STTTT (2018) đã có trong sổ")
        #expect(
            ReasonText.vietnamese("dx.online_meeting_rate is a rate: the denominator is required")
                == "chỉ tiêu dx.online_meeting_rate là tỷ lệ: bắt buộc nhập mẫu số")
        #expect(ReasonText.vietnamese("no VTL site 'VTL-1'") == "không có trạm “VTL-1” của doanh nghiệp VTL")
        #expect(
            ReasonText.vietnamese("2026-03-01 is not after the site went on air (2026-04-01)")
                == "01/03/2026 không sau ngày trạm bắt đầu phát sóng (01/04/2026)")
        #expect(ReasonText.vietnamese("more than 0 and at most 10,000 metres") == "lớn hơn 0 và tối đa 10.000 mét")
        #expect(
            ReasonText.vietnamese("an extension is at most 2 years: no later than 2032-12-31")
                == "mỗi lần gia hạn tối đa 2 năm: hiệu lực mới không quá ngày 31/12/2032")
    }

    /// Every pattern compiles: one that did not would be skipped, silently, at the moment an
    /// officer needs it.
    @Test func everyPatternIsARegex() {
        for (source, _) in ReasonText.patterns { #expect((try? Regex(source)) != nil, "\(source)") }
    }

    /// A reason quoting a long value is shown as written, not matched against every pattern.
    @Test func aReasonLongerThanAnyServiceWritesIsShownAsWritten() {
        let quoted = String(repeating: "x is before the decision (", count: 400)
        let long = "'\(quoted)' is not a domain name"
        #expect(ReasonText.vietnamese(long) == long)
        let short = "'x' is not a domain name"
        #expect(ReasonText.vietnamese(short) == "“x” không phải là tên miền")
    }

    @Test func anUnknownReasonIsShownAsWritten() {
        #expect(ReasonText.vietnamese("a rule no one has met yet") == "a rule no one has met yet")
        // Whole matches only: a reason that merely contains "required" is not rewritten.
        let partial = "required by a rule no one has met yet"
        #expect(ReasonText.vietnamese(partial) == partial)
    }

    @Test func theRefusalCarriesTheFieldAndTheTranslatedReason() {
        let refusal = RefusalText(
            RPCError(.invalidArgument, "content.domains: at least one domain name is required"),
            labels: ["content.domains": "Tên miền"])
        #expect(refusal.field == "content.domains")
        #expect(refusal.message == "Dữ liệu chưa hợp lệ ở trường “Tên miền”: cần ít nhất một tên miền")
    }

    /// A full disk or a damaged database is the service's trouble: said so, with no field of the
    /// form marked and nothing in English.
    @Test func aServicesStorageTroubleIsNoFieldOfTheForm() {
        let full = RefusalText(
            RPCError(.resourceExhausted, "storage: the database's disk is full; nothing was changed"))
        #expect(full.field == nil)
        #expect(
            full.message
                == "Máy chủ của dịch vụ đã hết chỗ lưu trữ: thay đổi chưa được ghi. Vui lòng báo cho quản trị hệ thống."
        )
        let damaged = RefusalText(RPCError(.dataLoss, "storage: the database is damaged"))
        #expect(damaged.field == nil && damaged.message.hasPrefix("Dữ liệu của dịch vụ bị hỏng"))
        // A caller's own message over the limit is still that.
        let large = RefusalText(RPCError(.resourceExhausted, "message larger than 4194304 bytes"))
        #expect(large.message == "Yêu cầu quá lớn hoặc hệ thống đang bận: message larger than 4194304 bytes")
    }

    /// A form saved, then changed and sent again (the browser's Back): the service refuses its
    /// request id, and the officer reads that the change was not made and what to do, not the
    /// service's English about request ids and not a rule of the law.
    @Test func aFormSentAgainChangedIsSaidToBeUnsaved() {
        let refusal = RefusalText(
            RPCError(
                .failedPrecondition,
                "request_id 'abc-123' was already used for a different MoveDossier request: send that request "
                    + "again unchanged to get its answer, or use a new request_id for this one"))
        #expect(refusal.field == nil)
        #expect(refusal.message.hasPrefix("Biểu mẫu này đã được gửi và ghi nhận trước đó"))
        #expect(refusal.message.contains("chưa được ghi") && !refusal.message.contains("request_id"))
        // Another rule refused with the same code still reads as a rule.
        let rule = RefusalText(RPCError(.failedPrecondition, "a suspended licence cannot be extended"))
        #expect(rule.message.hasPrefix("Không thực hiện được theo quy định"))
    }
}
