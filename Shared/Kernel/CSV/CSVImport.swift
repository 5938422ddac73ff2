/// Reads an import file as it streams in: the header first, then each row through `parse`;
/// good rows come out in batches, bad ones are kept as problems with their line.
public struct CSVImport<Value: Sendable>: Sendable {
    public static var problemLimit: Int { 1_000 }

    let columns: [String]
    let required: [String]
    let parse: @Sendable (CSVRow) throws(CSVHeader.Problem) -> Value
    private var reader = CSVReader()
    private var header: CSVHeader?
    public private(set) var rows = 0
    public private(set) var refused = 0
    public private(set) var problems: [CSVHeader.Problem] = []
    public private(set) var problemsTotal = 0
    /// The file itself does not read (header or CSV syntax): nothing after it is read.
    public private(set) var fatal = false

    public init(
        columns: [String], required: [String], parse: @escaping @Sendable (CSVRow) throws(CSVHeader.Problem) -> Value
    ) {
        self.columns = columns
        self.required = required
        self.parse = parse
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Value] {
        guard !fatal else { return [] }
        do {
            return take(try reader.feed(bytes))
        } catch {
            stop(.init(line: error.line, field: "", reason: error.reason))
            return []
        }
    }

    public mutating func finish() -> [Value] {
        guard !fatal else { return [] }
        do {
            let values = take(try reader.finish())
            if header == nil { stop(.init(line: 1, field: "", reason: "the file is empty")) }
            return values
        } catch {
            stop(.init(line: error.line, field: "", reason: error.reason))
            return []
        }
    }

    private mutating func take(_ records: [CSVReader.Record]) -> [Value] {
        var values: [Value] = []
        for record in records where !fatal {
            guard let header else {
                do {
                    header = try CSVHeader(record, known: columns, required: required)
                } catch {
                    stop(error)
                }
                continue
            }
            rows += 1
            do {
                values.append(try parse(header.row(record)))
            } catch {
                refused += 1
                note(error)
            }
        }
        return values
    }

    private mutating func note(_ problem: CSVHeader.Problem) {
        problemsTotal += 1
        if problems.count < Self.problemLimit { problems.append(problem) }
    }

    private mutating func stop(_ problem: CSVHeader.Problem) {
        note(problem)
        fatal = true
    }
}

extension CSVImport {
    /// Reads every chunk of `chunks` (the messages of a streamed upload), handing good values to
    /// `store` in batches of about `batchSize`; `first` sees the first message (where an upload's
    /// options travel).
    public mutating func read<Chunks: AsyncSequence>(
        _ chunks: Chunks, batchSize: Int = 500, bytes: (Chunks.Element) -> [UInt8],
        first: (Chunks.Element) -> Void = { _ in }, store: ([Value]) async throws -> Void
    ) async throws {
        var batch: [Value] = []
        var isFirst = true
        for try await chunk in chunks {
            if isFirst {
                first(chunk)
                isFirst = false
            }
            batch += feed(bytes(chunk))
            if batch.count >= batchSize {
                try await store(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        batch += finish()
        if !batch.isEmpty { try await store(batch) }
    }

    /// Why the file as a whole was refused ("line 1: colour: unknown column"), when it was.
    public var fatalMessage: String? {
        guard fatal, let problem = problems.last else { return nil }
        return "line \(problem.line): \(problem.field.isEmpty ? "" : problem.field + ": ")\(problem.reason)"
    }
}
