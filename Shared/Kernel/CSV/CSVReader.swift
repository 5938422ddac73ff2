/// Reads RFC 4180 CSV as it arrives, in chunks of any size: a quoted field may hold commas,
/// doubled quotes and line breaks, and a record may span chunks. Records come out with the
/// line they started on, so an import can name the line of a bad row.
public struct CSVReader: Sendable {
    public struct Record: Sendable, Hashable {
        /// 1-based line of the file where the record starts.
        public var line: Int
        public var fields: [String]
    }

    /// A quote where none may be, or a file ending inside a quoted field.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    private enum State: Sendable {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    private var pendingCR = false
    private var startedBOM = false
    private var seenAnyByte = false
    private let limits: CSVLimits
    private var recordBytes = 0
    private var totalBytes = 0
    private var recordCount = 0

    public init(limits: CSVLimits = .configured) {
        self.limits = limits
    }

    /// Feeds the next bytes; returns the records they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(SyntaxError) -> [Record] {
        var records: [Record] = []
        for byte in bytes {
            totalBytes += 1
            recordBytes += 1
            if totalBytes > limits.maxTotalBytes {
                throw SyntaxError(line: line, reason: "the file is larger than \(limits.maxTotalBytes) bytes")
            }
            if recordBytes > limits.maxRecordBytes {
                throw SyntaxError(
                    line: recordLine, reason: "the record is longer than \(limits.maxRecordBytes) bytes")
            }
            if !seenAnyByte {
                seenAnyByte = true
                startedBOM = byte == 0xEF
            }
            try consume(byte, into: &records)
        }
        return records
    }

    /// Ends the input; returns the last record if the file does not end with a line break.
    public mutating func finish() throws(SyntaxError) -> [Record] {
        switch state {
        case .quoted:
            throw SyntaxError(line: recordLine, reason: "the file ends inside a quoted field")
        case .fieldStart where fields.isEmpty && field.isEmpty:
            return []
        default:
            var records: [Record] = []
            endRecord(into: &records)
            return records
        }
    }

    private mutating func consume(_ byte: UInt8, into records: inout [Record]) throws(SyntaxError) {
        let quote: UInt8 = 0x22
        let comma: UInt8 = 0x2C
        let newline: UInt8 = 0x0A
        let carriageReturn: UInt8 = 0x0D
        if pendingCR {
            pendingCR = false
            if byte == newline { return }  // CRLF: the CR already ended the record
        }
        // Outside quotes, a comma ends the field and a line break the record, whatever came before.
        if state != .quoted, byte == comma || byte == newline || byte == carriageReturn {
            if byte == comma {
                endField()
                guard fields.count < limits.maxFields else {
                    throw SyntaxError(line: recordLine, reason: "the record has more than \(limits.maxFields) fields")
                }
            } else {
                pendingCR = byte == carriageReturn
                endRecord(into: &records)
                recordCount += 1
                guard recordCount <= limits.maxRecords else {
                    throw SyntaxError(
                        line: recordLine, reason: "the file has more than \(limits.maxRecords) records")
                }
            }
            return
        }
        switch state {
        case .quoted:
            if byte == quote {
                state = .quoteInQuoted
            } else {
                if byte == newline { line += 1 }
                try append(byte)
            }
        case .quoteInQuoted:
            guard byte == quote else {
                throw SyntaxError(line: line, reason: "text after a closing quote; quotes inside a field are doubled")
            }
            try append(quote)
            state = .quoted
        case .fieldStart, .unquoted:
            if byte == quote {
                guard state == .fieldStart else {
                    throw SyntaxError(
                        line: line, reason: "a quote inside an unquoted field; quote the whole field and double it")
                }
                state = .quoted
            } else {
                state = .unquoted
                try append(byte)
            }
        }
    }

    private mutating func append(_ byte: UInt8) throws(SyntaxError) {
        guard byte != 0 else {
            throw SyntaxError(
                line: line, reason: "field \(fields.count + 1) holds a NUL byte (0x00); a CSV file is text")
        }
        guard field.count < limits.maxFieldBytes else {
            throw SyntaxError(
                line: recordLine, reason: "field \(fields.count + 1) is longer than \(limits.maxFieldBytes) bytes")
        }
        field.append(byte)
    }

    private mutating func endField() {
        var text = String(decoding: field, as: UTF8.self)
        // A byte-order mark from a spreadsheet's "UTF-8 CSV" is not part of the first header.
        if startedBOM, line == 1, fields.isEmpty, text.hasPrefix("\u{FEFF}") {
            text.removeFirst()
            startedBOM = false
        }
        fields.append(text)
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRecord(into records: inout [Record]) {
        endField()
        // Blank lines separate nothing; they are skipped.
        if !(fields.count == 1 && fields[0].isEmpty) {
            records.append(Record(line: recordLine, fields: fields))
        }
        fields.removeAll(keepingCapacity: true)
        line += 1
        recordLine = line
        recordBytes = 0
    }
}
