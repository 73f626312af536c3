import Fluent
import FluentSQL
import SQLKit

/// Turns a Fluent query into the SQL expression its driver would run, so `DatabaseDialect.plan(of:on:)` can EXPLAIN
/// the very query the app sends (with its binds) rather than a hand-written copy of it.
enum QueryPlans {
  static func expression<M: Model>(of builder: QueryBuilder<M>) -> any SQLExpression {
    let query = builder.copy().fields(for: M.self).query
    return SQLQueryConverter(delegate: ReadOnlyConverterDelegate()).convert(query)
  }
}

/// Reads need no column types; the drivers' own delegates only differ in how they name types for DDL.
private struct ReadOnlyConverterDelegate: SQLConverterDelegate {
  func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
}
