import CalendarDates

extension Holiday {
    /// The days off and make-up working days the government set for state bodies, 2023-2026:
    /// weekdays off (holidays, their compensatory days and swapped days) and the Saturdays worked
    /// in exchange. Reference data a deployment starts with; officers correct or extend a year
    /// with `dicctl licensing holidays`. Sources: the annual notices of the Ministry of Labour (to
    /// 2024) and of Home Affairs (2025-2026) as the press reported them; the 2 May 2025 swap is
    /// from recollection ([M] in the domain notes' terms).
    public static let official: [Holiday] = {
        let entries: [(String, String, Bool)] = [
            ("2023-01-02", "Nghỉ bù Tết Dương lịch", false),
            ("2023-01-20", "Tết Nguyên đán Quý Mão", false),
            ("2023-01-23", "Tết Nguyên đán Quý Mão", false),
            ("2023-01-24", "Tết Nguyên đán Quý Mão", false),
            ("2023-01-25", "Tết Nguyên đán Quý Mão", false),
            ("2023-01-26", "Tết Nguyên đán Quý Mão", false),
            ("2023-05-01", "Ngày Quốc tế Lao động", false),
            ("2023-05-02", "Nghỉ bù Giỗ Tổ Hùng Vương", false),
            ("2023-05-03", "Nghỉ bù Ngày Chiến thắng", false),
            ("2023-09-01", "Quốc khánh", false),
            ("2023-09-04", "Nghỉ bù Quốc khánh", false),

            ("2024-01-01", "Tết Dương lịch", false),
            ("2024-02-08", "Tết Nguyên đán Giáp Thìn", false),
            ("2024-02-09", "Tết Nguyên đán Giáp Thìn", false),
            ("2024-02-12", "Tết Nguyên đán Giáp Thìn", false),
            ("2024-02-13", "Tết Nguyên đán Giáp Thìn", false),
            ("2024-02-14", "Tết Nguyên đán Giáp Thìn", false),
            ("2024-04-18", "Giỗ Tổ Hùng Vương", false),
            ("2024-04-29", "Nghỉ hoán đổi (làm bù thứ Bảy 04/5)", false),
            ("2024-04-30", "Ngày Chiến thắng", false),
            ("2024-05-01", "Ngày Quốc tế Lao động", false),
            ("2024-05-04", "Làm bù ngày nghỉ 29/4", true),
            ("2024-09-02", "Quốc khánh", false),
            ("2024-09-03", "Quốc khánh", false),

            ("2025-01-01", "Tết Dương lịch", false),
            ("2025-01-27", "Tết Nguyên đán Ất Tỵ", false),
            ("2025-01-28", "Tết Nguyên đán Ất Tỵ", false),
            ("2025-01-29", "Tết Nguyên đán Ất Tỵ", false),
            ("2025-01-30", "Tết Nguyên đán Ất Tỵ", false),
            ("2025-01-31", "Tết Nguyên đán Ất Tỵ", false),
            ("2025-04-07", "Giỗ Tổ Hùng Vương", false),
            ("2025-04-26", "Làm bù ngày nghỉ 02/5", true),
            ("2025-04-30", "Ngày Chiến thắng", false),
            ("2025-05-01", "Ngày Quốc tế Lao động", false),
            ("2025-05-02", "Nghỉ hoán đổi (làm bù thứ Bảy 26/4)", false),
            ("2025-09-01", "Quốc khánh", false),
            ("2025-09-02", "Quốc khánh", false),

            ("2026-01-01", "Tết Dương lịch", false),
            ("2026-01-02", "Nghỉ hoán đổi (làm bù thứ Bảy 10/01)", false),
            ("2026-01-10", "Làm bù ngày nghỉ 02/01", true),
            ("2026-02-16", "Tết Nguyên đán Bính Ngọ", false),
            ("2026-02-17", "Tết Nguyên đán Bính Ngọ", false),
            ("2026-02-18", "Tết Nguyên đán Bính Ngọ", false),
            ("2026-02-19", "Tết Nguyên đán Bính Ngọ", false),
            ("2026-02-20", "Tết Nguyên đán Bính Ngọ", false),
            ("2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương", false),
            ("2026-04-30", "Ngày Chiến thắng", false),
            ("2026-05-01", "Ngày Quốc tế Lao động", false),
            ("2026-08-31", "Quốc khánh", false),
            ("2026-09-01", "Quốc khánh", false),
            ("2026-09-02", "Quốc khánh", false),
        ]
        return entries.compactMap { iso, name, working in
            CalendarDate(iso: iso).map { Holiday(date: $0, name: name, workingDay: working) }
        }
    }()
}
