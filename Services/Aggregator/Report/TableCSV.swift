import CSV

/// The KPI and task tables as CSV, for spreadsheets: one file each, the report's column names.
public enum TableCSV {
    public static func kpis(_ report: QuarterlyReport) -> String {
        var writer = CSVWriter()
        writer.write(["Stt", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm", "Kết quả", "% kế hoạch", "Đánh giá", "Ghi chú"])
        for row in report.kpis {
            writer.write([
                String(row.number), row.name, row.unit, row.target, row.result, row.percentOfTarget, row.assessment,
                row.note,
            ])
        }
        return String(decoding: writer.take(), as: UTF8.self)
    }

    public static func tasks(_ report: QuarterlyReport) -> String {
        var writer = CSVWriter()
        writer.write(["Stt", "Nhiệm vụ", "Thời gian thực hiện, hoàn thành", "Kết quả thực hiện"])
        for row in report.tasks { writer.write([String(row.number), row.title, row.due, row.result]) }
        return String(decoding: writer.take(), as: UTF8.self)
    }

    /// Both tables in one file, the task table after an empty line, for a single download.
    public static func both(_ report: QuarterlyReport) -> String {
        kpis(report) + "\r\n" + tasks(report)
    }
}
