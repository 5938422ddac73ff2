import SQLKit

extension SQLQueryString {
    /// `WHERE a AND b ...`, or nothing when there are no conditions: lists filter on whichever
    /// fields the request set.
    public static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        guard var clause = conditions.first.map({ "WHERE " as SQLQueryString + $0 }) else { return "" }
        for condition in conditions.dropFirst() { clause = clause + " AND " + condition }
        return clause
    }
}
