import Fluent
import SQLKit

extension Database {
  /// Both drivers Podpora uses are SQL databases; this is the one place that relies on it.
  public var sql: any SQLDatabase {
    guard let sql = self as? any SQLDatabase else { preconditionFailure("Podpora runs only on SQL databases") }
    return sql
  }
}
